import { isAddressEqual } from 'viem';
import { attachEnvelope } from './attachEnvelope.ts';
import {
  A2A_EXTENSIONS_HEADER,
  A2A_PROTOCOL_VERSION,
  A2A_VERSION_HEADER,
  AGENT_CARD_PATH,
  JSON_MEDIA_TYPE,
  TERMINAL_STATES,
  VOUCH_EXTENSION_URI,
} from './constants.ts';
import { InvalidAgentCardError, RemoteRpcError, TransportError } from './errors.ts';
import { parseAgentCard } from './parseAgentCard.ts';
import { readVouchCardInfo } from './readVouchCardInfo.ts';
import { signEnvelope, type EnvelopeSigner } from './signEnvelope.ts';
import type { AgentCard, EnvelopeDomain, InferenceRequest, JsonObject, Task, TaskState, VouchCardInfo } from './types.ts';

export type CreateA2AClientOptions = {
  account: EnvelopeSigner;
  /** The chain and contract this requester signs for; an agent advertising another is refused. */
  domain: EnvelopeDomain;
  fetch?: typeof fetch;
  /** Envelope lifetime in seconds (default 300). */
  ttlSeconds?: number;
};

export type ListTasksFilter = { contextId?: string; status?: TaskState; pageSize?: number; pageToken?: string; historyLength?: number; includeArtifacts?: boolean };
export type ListTasksResult = { tasks: Task[]; nextPageToken: string; pageSize: number; totalSize: number };

export type A2AClient = {
  /** Fetches and validates the card (cached), with its Vouch extension read. */
  card(): Promise<{ card: AgentCard; vouch: VouchCardInfo; endpoint: string }>;
  sendInference(request: InferenceRequest, options?: { returnImmediately?: boolean; contextId?: string }): Promise<Task>;
  getTask(id: string, historyLength?: number): Promise<Task>;
  /** Polls GetTask until the task reaches a terminal state. */
  waitForTask(id: string, options?: { intervalMs?: number; timeoutMs?: number }): Promise<Task>;
  listTasks(filter?: ListTasksFilter): Promise<ListTasksResult>;
  cancelTask(id: string): Promise<Task>;
  /** One signed or unsigned JSON-RPC call, for methods the helpers above do not cover. */
  call(method: string, params: JsonObject, options?: { sign?: boolean }): Promise<unknown>;
};

/** A requester's A2A client for a Vouch agent at `url` (its card is at the origin's well-known path). */
export function createA2AClient(url: string, options: CreateA2AClientOptions): A2AClient {
  const doFetch = options.fetch ?? fetch;
  let cached: Promise<{ card: AgentCard; vouch: VouchCardInfo; endpoint: string }> | undefined;
  let rpcId = 0;

  const card = () => (cached ??= loadCard().catch((err) => ((cached = undefined), Promise.reject(err))));

  async function loadCard() {
    const cardUrl = new URL(AGENT_CARD_PATH, url);
    const res = await doFetch(cardUrl, { headers: { accept: JSON_MEDIA_TYPE } });
    if (!res.ok) throw new TransportError(`GET ${cardUrl} answered HTTP ${res.status}`);
    const parsed = parseAgentCard(await res.json().catch((cause) => Promise.reject(new InvalidAgentCardError('the agent card is not JSON', { cause }))));
    const vouch = readVouchCardInfo(parsed);
    if (vouch.domain.chainId !== options.domain.chainId || !isAddressEqual(vouch.domain.verifyingContract, options.domain.verifyingContract)) {
      throw new InvalidAgentCardError(
        `the agent takes envelopes for chain ${vouch.domain.chainId} / ${vouch.domain.verifyingContract}, not ${options.domain.chainId} / ${options.domain.verifyingContract}`,
      );
    }
    const itf = parsed.supportedInterfaces.find((i) => i.protocolBinding === 'JSONRPC' && i.protocolVersion === A2A_PROTOCOL_VERSION);
    if (!itf) throw new InvalidAgentCardError(`the agent offers no JSONRPC interface at A2A ${A2A_PROTOCOL_VERSION}`);
    return { card: parsed, vouch, endpoint: itf.url };
  }

  async function call(method: string, params: JsonObject, { sign = false } = {}): Promise<unknown> {
    const { vouch, endpoint } = await card();
    const body = sign
      ? attachEnvelope(params, await signEnvelope(options.account, options.domain, { agentId: vouch.agentId, method, params, ttlSeconds: options.ttlSeconds }))
      : params;
    const id = ++rpcId;
    let res: Response;
    try {
      res = await doFetch(endpoint, {
        method: 'POST',
        headers: { 'content-type': JSON_MEDIA_TYPE, [A2A_VERSION_HEADER]: A2A_PROTOCOL_VERSION, [A2A_EXTENSIONS_HEADER]: VOUCH_EXTENSION_URI },
        body: JSON.stringify({ jsonrpc: '2.0', id, method, params: body }),
      });
    } catch (cause) {
      throw new TransportError(`POST ${endpoint} failed`, { cause });
    }
    const reply = (await res.json().catch(() => undefined)) as { id?: unknown; result?: unknown; error?: { code?: unknown; message?: unknown; data?: unknown } } | undefined;
    if (reply?.error && typeof reply.error.code === 'number') {
      throw new RemoteRpcError(reply.error.code, String(reply.error.message ?? ''), reply.error.data);
    }
    if (!res.ok || !reply || reply.id !== id || !('result' in reply)) throw new TransportError(`${method}: not a JSON-RPC answer (HTTP ${res.status})`);
    return reply.result;
  }

  const getTask = async (id: string, historyLength?: number) =>
    (await call('GetTask', { id, ...(historyLength === undefined ? {} : { historyLength }) })) as Task;

  return {
    card,
    call,
    getTask,
    async sendInference(request, opts = {}) {
      const message = {
        messageId: crypto.randomUUID(),
        role: 'ROLE_USER',
        ...(opts.contextId ? { contextId: opts.contextId } : {}),
        parts: [{ data: request as unknown as JsonObject, mediaType: JSON_MEDIA_TYPE }],
      };
      const params = { message, ...(opts.returnImmediately ? { configuration: { returnImmediately: true } } : {}) };
      const result = (await call('SendMessage', params, { sign: true })) as { task?: Task };
      if (!result?.task) throw new TransportError('SendMessage answered without a task');
      return result.task;
    },
    async waitForTask(id, { intervalMs = 50, timeoutMs = 30_000 } = {}) {
      const until = Date.now() + timeoutMs;
      for (;;) {
        const task = await getTask(id);
        if (TERMINAL_STATES.includes(task.status.state)) return task;
        if (Date.now() > until) throw new TransportError(`task ${id} is still ${task.status.state} after ${timeoutMs} ms`);
        await new Promise((r) => setTimeout(r, intervalMs));
      }
    },
    async listTasks(filter = {}) {
      return (await call('ListTasks', filter as JsonObject, { sign: true })) as ListTasksResult;
    },
    async cancelTask(id) {
      return (await call('CancelTask', { id }, { sign: true })) as Task;
    },
  };
}
