import { Hono } from 'hono';
import { isAddressEqual } from 'viem';
import { A2A_PROTOCOL_VERSION, A2A_VERSION_HEADER, AGENT_CARD_PATH } from './constants.ts';
import { createTaskStore } from './createTaskStore.ts';
import { InternalError, InvalidAgentCardError, InvalidRequestError, ParseError, ProtocolError, RequestTooLargeError, VersionNotSupportedError } from './errors.ts';
import { handleRpc, type RpcContext, type RpcResponse } from './handleRpc.ts';
import { readVouchCardInfo } from './readVouchCardInfo.ts';
import { toRpcError } from './toRpcError.ts';
import type { A2AHandlers, A2ALimits, AgentCard } from './types.ts';
import type { EnvelopeVerifier } from './verifyEnvelope.ts';

export type CreateA2AAppParameters = {
  card: AgentCard;
  handlers: A2AHandlers;
  verifier: EnvelopeVerifier;
  limits?: A2ALimits;
  /**
   * Where tasks sent with returnImmediately are started (default: the next turn of the event
   * loop). The node can put a bounded work queue here. A job never rejects.
   */
  schedule?: (job: () => Promise<void>) => void;
};

const DEFAULT_LIMITS: Required<A2ALimits> = { maxBodyBytes: 1 << 20, maxBatch: 16, maxInputElements: 1 << 20, maxTasks: 10_000 };

/**
 * The agent's A2A server as a hono app: the card at /.well-known/agent-card.json and JSON-RPC
 * 2.0 (A2A v1.0 methods, batches included) at the path of the card's JSON-RPC interface.
 * Every answer is a JSON-RPC response or a JSON HTTP error; nothing a peer sends can throw out.
 */
export function createA2AApp({ card, handlers, verifier, limits, schedule }: CreateA2AAppParameters): Hono {
  const info = readVouchCardInfo(card);
  if (info.agentId !== verifier.agentId || info.domain.chainId !== verifier.domain.chainId || !isAddressEqual(info.domain.verifyingContract, verifier.domain.verifyingContract)) {
    throw new InvalidAgentCardError('the card advertises another agent id or signing domain than the verifier checks');
  }
  const rpc = card.supportedInterfaces.find((i) => i.protocolBinding === 'JSONRPC' && i.protocolVersion === A2A_PROTOCOL_VERSION);
  if (!rpc) throw new InvalidAgentCardError(`the card has no JSONRPC interface at protocol ${A2A_PROTOCOL_VERSION}`);
  const rpcPath = new URL(rpc.url).pathname;
  const all = { ...DEFAULT_LIMITS, ...limits };
  const base: Omit<RpcContext, 'callError'> = {
    models: info.models,
    handlers,
    verifier,
    store: createTaskStore(all.maxTasks),
    limits: all,
    schedule: schedule ?? ((job) => void setImmediate(() => void job())),
  };
  const cardJson = JSON.stringify(card);

  const app = new Hono();
  app.get(AGENT_CARD_PATH, () => new Response(cardJson, { headers: { 'content-type': 'application/json' } }));
  app.post(rpcPath, async (c) => {
    let text: string;
    try {
      text = await readBody(c.req.raw, all.maxBodyBytes);
    } catch (err) {
      const e = err instanceof ProtocolError ? err : new ParseError('the request body could not be read');
      return json({ jsonrpc: '2.0', id: null, error: toRpcError(e) }, e.httpStatus);
    }
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      return json({ jsonrpc: '2.0', id: null, error: toRpcError(new ParseError('the body is not valid JSON')) });
    }
    const ctx: RpcContext = { ...base, callError: versionError(c.req.header(A2A_VERSION_HEADER)) };
    if (!Array.isArray(body)) {
      const response = await handleRpc(body, ctx);
      return response ? json(response) : new Response(null, { status: 204 });
    }
    if (body.length === 0) return json({ jsonrpc: '2.0', id: null, error: toRpcError(new InvalidRequestError('empty batch')) });
    if (body.length > all.maxBatch) {
      return json({ jsonrpc: '2.0', id: null, error: toRpcError(new InvalidRequestError(`a batch holds at most ${all.maxBatch} requests`)) });
    }
    // In order, not concurrently: a batch costs the same as its requests sent one by one.
    const responses: RpcResponse[] = [];
    for (const request of body) {
      const response = await handleRpc(request, ctx);
      if (response) responses.push(response);
    }
    return responses.length ? json(responses) : new Response(null, { status: 204 });
  });
  app.notFound((c) => json({ error: { status: 404, message: `no route for ${c.req.method} ${new URL(c.req.url).pathname}` } }, 404));
  app.onError(() => json({ jsonrpc: '2.0', id: null, error: toRpcError(new InternalError('internal error')) }, 500));
  return app;
}

function json(value: unknown, status = 200): Response {
  return new Response(JSON.stringify(value), { status, headers: { 'content-type': 'application/json' } });
}

// A missing A2A-Version header means 0.3 (A2A v1.0, service parameters), which this agent does not speak.
function versionError(header: string | undefined): ProtocolError | undefined {
  const requested = header?.trim() || '0.3';
  const majorMinor = requested.split('.').slice(0, 2).join('.');
  if (majorMinor === A2A_PROTOCOL_VERSION) return undefined;
  return new VersionNotSupportedError(`A2A version ${requested.slice(0, 20)} is not supported; this agent speaks ${A2A_PROTOCOL_VERSION}`);
}

/** Reads at most `limit` bytes of UTF-8, refusing larger bodies from their declared length or as they stream in. */
async function readBody(request: Request, limit: number): Promise<string> {
  const declared = request.headers.get('content-length');
  if (declared !== null && Number(declared) > limit) throw new RequestTooLargeError(limit);
  if (!request.body) return '';
  const reader = request.body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    total += value.byteLength;
    if (total > limit) {
      await reader.cancel().catch(() => {});
      throw new RequestTooLargeError(limit);
    }
    chunks.push(value);
  }
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(Buffer.concat(chunks));
  } catch {
    throw new ParseError('the body is not UTF-8');
  }
}
