import { Hono } from 'hono';
import { cors } from 'hono/cors';
import { streamSSE } from 'hono/streaming';
import type { IndexChange, Indexer } from '../indexer/createIndexer.ts';
import type { IndexDb } from '../indexer/openIndexDb.ts';
import { readCursor } from '../indexer/syncIndex.ts';
import { getAgentView, listAgents } from '../indexer/views/agents.ts';
import { getDisputeView, listDisputes } from '../indexer/views/disputes.ts';
import { listFlows } from '../indexer/views/flows.ts';
import { listModels } from '../indexer/views/models.ts';
import { getStats } from '../indexer/views/stats.ts';
import { getQuorumTaskView, listQuorumTasks } from '../indexer/views/quorum.ts';
import { getSampleView, listSamples } from '../indexer/views/samples.ts';
import { getTaskView, listTasks } from '../indexer/views/tasks.ts';
import { listFeedback, listValidations } from '../indexer/views/validations.ts';
import { ApiError } from './errors.ts';
import { buildOpenApiDocument } from './openapi.ts';
import { parseAddressParam, parseBefore, parseEnumParam, parseId, parseIntParam } from './params.ts';
import type { ApiErrorBody, ChangedEvent, DisputeView, FlowView, QuorumStatus, SampleStatus, TaskStatus, ValidationView } from './types.ts';

export type CreateApiAppParameters = {
  /** The running indexer: its database is read, its changes feed GET /api/events. */
  indexer?: Pick<Indexer, 'db' | 'onChange'>;
  /** Or just a database (another process indexes into it): /api/events then polls its cursor. */
  db?: IndexDb;
  /** Mounted at / after the API (the dashboard): a Hono app or a fetch-style handler. */
  static?: Hono | ((request: Request) => Response | Promise<Response>);
  /** Keep-alive comment interval of the event stream (default 15 s), and the cursor poll when there is no indexer (default 1 s). */
  sseKeepAliveMs?: number;
  ssePollMs?: number;
  /** Allow cross-origin reads of /api/* (default true: the API is public and read-only). */
  cors?: boolean;
  /** Open event streams at most (default 1000); more get 503. */
  maxStreams?: number;
};

const TASK_STATUSES: readonly TaskStatus[] = ['open', 'claimed', 'disputed', 'final', 'rejected', 'cancelled'];
const GAME_STATUSES: readonly DisputeView['status'][] = ['in-progress', 'worker-won', 'challenger-won'];
const FLOW_KINDS: readonly FlowView['kind'][] = ['fee-paid', 'worker-paid', 'protocol-fee', 'quorum-share', 'slash', 'reward', 'refund', 'bond'];
const QUORUM_STATUSES: readonly QuorumStatus[] = ['drawing', 'active', 'finalized', 'refunded'];
const SAMPLE_STATUSES: readonly SampleStatus[] = ['requested', 'not-sampled', 'unassigned', 'assigned', 'agreed', 'escalated', 'missed', 'cleared', 'slashed', 'upheld', 'overturned'];
const VALIDATION_MODES: readonly ValidationView['mode'][] = ['optimistic', 'quorum', 'sampled', 'other'];

/** The GET routes, as Hono paths; each is described in /openapi.json (a test keeps them in sync). */
export const API_ROUTES = [
  '/api/stats',
  '/api/agents',
  '/api/agents/:id',
  '/api/agents/:id/validations',
  '/api/agents/:id/feedback',
  '/api/models',
  '/api/tasks',
  '/api/tasks/:id',
  '/api/disputes',
  '/api/disputes/:id',
  '/api/quorum-tasks',
  '/api/quorum-tasks/:id',
  '/api/samples',
  '/api/samples/:id',
  '/api/flows',
  '/api/events',
  '/openapi.json',
] as const;

/**
 * The network view's HTTP API, read-only, on web-standard Request/Response (serve it with
 * serveApi, or call `app.request()` in tests). Every failure is an ApiErrorBody with a 4xx
 * (bad input, unknown id, wrong method) or a 500; nothing a request carries can throw past it.
 */
export function createApiApp(p: CreateApiAppParameters): Hono {
  const index = p.indexer?.db ?? p.db;
  if (!index) throw new TypeError('createApiApp needs an indexer or a db');
  const app = new Hono();
  const fail = (status: number, code: string, message: string) =>
    new Response(JSON.stringify({ error: { code, message } } satisfies ApiErrorBody), { status, headers: { 'content-type': 'application/json; charset=utf-8' } });

  app.onError((err) => {
    if (err instanceof ApiError) return fail(err.status, err.code, err.shortMessage);
    return fail(500, 'internal', 'the server could not answer this request');
  });
  if (p.cors !== false) app.use('/api/*', cors({ origin: '*', allowMethods: ['GET', 'HEAD', 'OPTIONS'] }));

  app.get('/api/stats', (c) => c.json(getStats(index)));
  app.get('/api/agents', (c) => c.json({ agents: listAgents(index) }));
  app.get('/api/agents/:id', (c) => {
    const id = parseId(c.req.param('id'), 'agent id');
    const agent = getAgentView(index, id);
    if (!agent) throw new ApiError(404, 'not_found', `no agent ${id}`);
    return c.json(agent);
  });
  const knownAgent = (raw: string) => {
    const id = parseId(raw, 'agent id');
    if (!index.db.prepare('SELECT 1 FROM agents WHERE agent_id = ?').get(id)) throw new ApiError(404, 'not_found', `no agent ${id}`);
    return id;
  };
  app.get('/api/agents/:id/validations', (c) => {
    const id = knownAgent(c.req.param('id'));
    const mode = parseEnumParam(c.req.query('mode'), 'mode', VALIDATION_MODES);
    const limit = parseIntParam(c.req.query('limit'), 'limit', 1, 1000);
    return c.json({ validations: listValidations(index, id, { mode, limit }) });
  });
  app.get('/api/agents/:id/feedback', (c) => {
    const id = knownAgent(c.req.param('id'));
    const limit = parseIntParam(c.req.query('limit'), 'limit', 1, 1000);
    return c.json({ feedback: listFeedback(index, id, { limit }) });
  });
  app.get('/api/models', (c) => c.json({ models: listModels(index) }));
  app.get('/api/tasks', (c) => {
    const status = parseEnumParam(c.req.query('status'), 'status', TASK_STATUSES);
    const limit = parseIntParam(c.req.query('limit'), 'limit', 1, 500);
    const before = parseBefore(c.req.query('before'));
    return c.json(listTasks(index, { status, limit, before }));
  });
  app.get('/api/tasks/:id', (c) => {
    const id = parseId(c.req.param('id'), 'task id');
    const task = getTaskView(index, id);
    if (!task) throw new ApiError(404, 'not_found', `no task ${id}`);
    return c.json(task);
  });
  app.get('/api/disputes', (c) => {
    const status = parseEnumParam(c.req.query('status'), 'status', GAME_STATUSES);
    const limit = parseIntParam(c.req.query('limit'), 'limit', 1, 500);
    const before = parseBefore(c.req.query('before'));
    return c.json({ disputes: listDisputes(index, { status, limit, before }) });
  });
  app.get('/api/disputes/:id', (c) => {
    const id = parseId(c.req.param('id'), 'dispute id');
    const dispute = getDisputeView(index, id);
    if (!dispute) throw new ApiError(404, 'not_found', `no dispute ${id}`);
    return c.json(dispute);
  });
  app.get('/api/quorum-tasks', (c) => {
    const status = parseEnumParam(c.req.query('status'), 'status', QUORUM_STATUSES);
    const member = parseAddressParam(c.req.query('member'), 'member');
    const limit = parseIntParam(c.req.query('limit'), 'limit', 1, 500);
    const before = parseBefore(c.req.query('before'));
    return c.json(listQuorumTasks(index, { status, member, limit, before }));
  });
  app.get('/api/quorum-tasks/:id', (c) => {
    const id = parseId(c.req.param('id'), 'quorum task id');
    const task = getQuorumTaskView(index, id);
    if (!task) throw new ApiError(404, 'not_found', `no quorum task ${id}`);
    return c.json(task);
  });
  app.get('/api/samples', (c) => {
    const status = parseEnumParam(c.req.query('status'), 'status', SAMPLE_STATUSES);
    const verifier = parseAddressParam(c.req.query('verifier'), 'verifier');
    const limit = parseIntParam(c.req.query('limit'), 'limit', 1, 500);
    const before = parseBefore(c.req.query('before'));
    return c.json(listSamples(index, { status, verifier, limit, before }));
  });
  app.get('/api/samples/:id', (c) => {
    const id = parseId(c.req.param('id'), 'task id');
    const sample = getSampleView(index, id);
    if (!sample) throw new ApiError(404, 'not_found', `no sample of task ${id}`);
    return c.json(sample);
  });
  app.get('/api/flows', (c) => {
    const kind = parseEnumParam(c.req.query('kind'), 'kind', FLOW_KINDS);
    const limit = parseIntParam(c.req.query('limit'), 'limit', 1, 1000);
    const before = parseBefore(c.req.query('before'));
    const task = c.req.query('taskId');
    const game = c.req.query('gameId');
    const quorum = c.req.query('quorumTaskId');
    const taskId = task === undefined || task === '' ? undefined : parseQueryId(task, 'taskId');
    const gameId = game === undefined || game === '' ? undefined : parseQueryId(game, 'gameId');
    const quorumTaskId = quorum === undefined || quorum === '' ? undefined : parseQueryId(quorum, 'quorumTaskId');
    return c.json(listFlows(index, { kind, limit, before, taskId, gameId, quorumTaskId }));
  });
  let streams = 0;
  app.get('/api/events', (c) => {
    const headers = { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' };
    // HEAD: the headers only. Starting a stream nobody reads would keep its subscription forever.
    if (c.req.method === 'HEAD') return c.body(null, 200, headers);
    if (streams >= (p.maxStreams ?? 1000)) throw new ApiError(503, 'busy', 'too many open event streams; poll /api/stats instead');
    streams++;
    return streamSSE(c, async (stream) => {
      let closed = false;
      let wakeUp: () => void = () => {};
      const queue: ChangedEvent[] = [{ block: readCursor(index)?.block ?? -1, events: 0 }];
      const push = (change: IndexChange) => {
        queue.push({ block: change.block, events: change.events, ...(change.reorgedTo !== undefined ? { reorgedTo: change.reorgedTo } : {}) });
        wakeUp();
      };
      const unsubscribe = p.indexer?.onChange(push);
      let last = queue[0].block;
      const poll = p.indexer
        ? undefined
        : setInterval(() => {
            const block = readCursor(index)?.block ?? -1;
            if (block !== last) push({ block, events: 0 });
          }, p.ssePollMs ?? 1000);
      stream.onAbort(() => {
        closed = true;
        wakeUp();
      });
      try {
        while (!closed) {
          while (queue.length && !closed) {
            const change = queue.shift()!;
            last = change.block;
            await stream.writeSSE({ event: 'changed', data: JSON.stringify(change) });
          }
          if (closed) break;
          const keepAlive = await new Promise<boolean>((resolve) => {
            const t = setTimeout(() => resolve(true), p.sseKeepAliveMs ?? 15_000);
            wakeUp = () => {
              clearTimeout(t);
              resolve(false);
            };
          });
          if (keepAlive && !closed) await stream.write(': keep-alive\n\n');
        }
      } finally {
        streams--;
        unsubscribe?.();
        if (poll) clearInterval(poll);
      }
    });
  });
  app.get('/openapi.json', (c) => c.json(buildOpenApiDocument()));

  // Known paths with another method: 405 (with Allow), not a 404.
  for (const path of API_ROUTES) {
    app.on(['POST', 'PUT', 'PATCH', 'DELETE'], path, () => {
      const res = fail(405, 'method_not_allowed', 'this API is read-only: use GET');
      res.headers.set('allow', 'GET, HEAD');
      return res;
    });
  }

  // The fallbacks are notFound, not catch-all routes, so routes added later
  // (app.route('/', dashboard), a launcher's /api/network) still match.
  if (p.static) {
    const handler = p.static;
    if (handler instanceof Hono) app.route('/', handler);
    else app.get('*', (c) => (c.req.path.startsWith('/api/') ? c.notFound() : handler(c.req.raw)));
  }
  app.notFound((c) => (c.req.path.startsWith('/api/') ? fail(404, 'not_found', 'no such API route (see /openapi.json)') : fail(404, 'not_found', 'not found')));
  return app;
}

function parseQueryId(raw: string, name: string): number {
  try {
    return parseId(raw, name);
  } catch (err) {
    if (err instanceof ApiError && err.status === 404) return Number.MAX_SAFE_INTEGER; // beyond the index: matches nothing
    throw new ApiError(400, 'bad_query', `${name} must be a decimal id`);
  }
}
