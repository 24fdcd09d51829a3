import type { Hono } from 'hono';
import { attachEnvelope } from '../../src/protocol/attachEnvelope.ts';
import { A2A_VERSION_HEADER } from '../../src/protocol/constants.ts';
import { signEnvelope, type EnvelopeSigner } from '../../src/protocol/signEnvelope.ts';
import { agentId, domain, requester } from './fixtures.ts';

export const V1 = { 'content-type': 'application/json', [A2A_VERSION_HEADER]: '1.0' };

/** POSTs a raw body to the app's JSON-RPC path (no socket). */
export async function post(app: Hono, body: string | Uint8Array | ReadableStream, headers: Record<string, string> = V1, path = '/a2a') {
  const res = await app.request(path, { method: 'POST', headers, body, ...(body instanceof ReadableStream ? { duplex: 'half' } : {}) } as RequestInit);
  const text = await res.text();
  return { status: res.status, text, json: text ? JSON.parse(text) : undefined };
}

export async function rpc(app: Hono, method: string, params?: unknown, id: string | number = 1) {
  return (await post(app, JSON.stringify({ jsonrpc: '2.0', id, method, ...(params === undefined ? {} : { params }) }))).json;
}

export async function signed<P extends object>(method: string, params: P, account: EnvelopeSigner = requester, overrides: { nonce?: bigint; agentId?: bigint } = {}) {
  const envelope = await signEnvelope(account, domain, { agentId: overrides.agentId ?? agentId, method, params, nonce: overrides.nonce });
  return attachEnvelope(params, envelope);
}

export function inferenceParams(modelId: string, input: { dtype: 'int8' | 'float32'; shape: number[]; data: number[] }, extra: object = {}) {
  return {
    message: { messageId: crypto.randomUUID(), role: 'ROLE_USER', parts: [{ data: { modelId, input }, mediaType: 'application/json' }] },
    ...extra,
  };
}

/** Checks the shape every JSON-RPC response must have; returns a problem or undefined. */
export function rpcProblem(r: unknown): string | undefined {
  if (typeof r !== 'object' || r === null || Array.isArray(r)) return 'not an object';
  const o = r as Record<string, unknown>;
  if (o.jsonrpc !== '2.0') return 'jsonrpc is not 2.0';
  if (!('id' in o) || !(o.id === null || typeof o.id === 'string' || typeof o.id === 'number')) return 'bad id';
  if ('result' in o === 'error' in o) return 'needs exactly one of result and error';
  if ('error' in o) {
    const e = o.error as Record<string, unknown>;
    if (!e || !Number.isInteger(e.code) || typeof e.message !== 'string') return 'bad error object';
  }
  return undefined;
}
