import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { VOUCH_EXTENSION_URI } from '../../src/protocol/constants.ts';
import { createA2AApp } from '../../src/protocol/createA2AApp.ts';
import { createMemoryNonceStore } from '../../src/protocol/createMemoryNonceStore.ts';
import { agentId, domain, testCard } from './fixtures.ts';
import { mnistHandler } from './mnistHandler.ts';
import { V1, inferenceParams, post, rpcProblem, signed } from './rpcHelpers.ts';

const { handler, served, inputShape } = mnistHandler();
const app = createA2AApp({
  card: testCard('http://127.0.0.1:9/a2a', [served]),
  handlers: { inference: handler },
  verifier: { domain, agentId, nonces: createMemoryNonceStore() },
  limits: { maxBodyBytes: 64 * 1024 },
});

const METHODS = ['SendMessage', 'GetTask', 'ListTasks', 'CancelTask', 'SendStreamingMessage', 'GetExtendedAgentCard', 'message/send', '__proto__', 'constructor', ''];

/** Sends a body and checks the answer is a JSON-RPC response (or batch of them), a 204, or a JSON 413. */
async function check(body: string | Uint8Array, headers: Record<string, string> = V1) {
  const res = await post(app, body, headers).catch((err) => assert.fail(`app.request threw: ${err}`));
  assert.ok([200, 204, 413].includes(res.status), `status ${res.status}: ${res.text.slice(0, 200)}`);
  if (res.status === 204) return assert.equal(res.text, '');
  const answers = Array.isArray(res.json) ? res.json : [res.json];
  assert.ok(answers.length > 0);
  for (const a of answers) assert.equal(rpcProblem(a), undefined, res.text.slice(0, 300));
}

/** Sets `value` at a random path of a JSON value (the mutation of a valid request). */
function mutate(target: unknown, path: number[], value: unknown): unknown {
  if (path.length === 0 || typeof target !== 'object' || target === null) return value;
  const keys = Object.keys(target);
  if (keys.length === 0) return value;
  const key = keys[path[0] % keys.length];
  const copy: any = Array.isArray(target) ? [...target] : { ...target };
  copy[key] = mutate(copy[key], path.slice(1), value);
  return copy;
}

describe('A2A server fuzz: whatever arrives, the answer is well-formed and the server lives', () => {
  const crashes: unknown[] = [];
  const onCrash = (err: unknown) => crashes.push(err);

  it('random bytes', async () => {
    process.on('unhandledRejection', onCrash);
    await fc.assert(fc.asyncProperty(fc.uint8Array({ maxLength: 2048 }), (bytes) => check(bytes)), { numRuns: 300 });
  });

  it('random JSON documents and random headers', async () => {
    await fc.assert(
      fc.asyncProperty(fc.json({ depthSize: 'medium' }), fc.option(fc.string({ maxLength: 8 })), (text, version) =>
        check(text, version === null ? { 'content-type': 'application/json' } : { 'A2A-Version': version }),
      ),
      { numRuns: 300 },
    );
  });

  it('request-shaped objects and batches with random members', async () => {
    const request = fc.record(
      {
        jsonrpc: fc.oneof(fc.constant('2.0'), fc.jsonValue()),
        id: fc.oneof(fc.integer(), fc.string(), fc.constant(null), fc.jsonValue()),
        method: fc.oneof(fc.constantFrom(...METHODS), fc.jsonValue()),
        params: fc.oneof(fc.jsonValue(), fc.record({ id: fc.jsonValue(), message: fc.jsonValue(), metadata: fc.jsonValue(), pageSize: fc.jsonValue() }, { requiredKeys: [] })),
      },
      { requiredKeys: [] },
    );
    await fc.assert(
      fc.asyncProperty(fc.oneof(request, fc.array(fc.oneof(request, fc.jsonValue()), { maxLength: 20 })), (body) => check(JSON.stringify(body))),
      { numRuns: 400 },
    );
  });

  it('mutations of a valid signed SendMessage', async () => {
    const base = await signed('SendMessage', inferenceParams(served.modelId, { dtype: 'int8', shape: inputShape, data: new Array(784).fill(0) }));
    const request = { jsonrpc: '2.0', id: 1, method: 'SendMessage', params: base };
    await fc.assert(
      fc.asyncProperty(fc.array(fc.nat(), { maxLength: 8 }), fc.jsonValue({ maxDepth: 3 }), (path, value) => check(JSON.stringify(mutate(request, path, value)))),
      { numRuns: 300 },
    );
  });

  it('hostile nesting and huge numbers', async () => {
    await check('['.repeat(60_000) + ']'.repeat(60_000));
    const deep = '{"a":'.repeat(10_000) + '1' + '}'.repeat(10_000);
    await check(`{"jsonrpc":"2.0","id":1,"method":"SendMessage","params":{"message":1,"metadata":${deep}}}`);
    // a request that passes validation and carries deep metadata: refused when hashing, not by the stack
    const valid = inferenceParams(served.modelId, { dtype: 'int8', shape: inputShape, data: new Array(784).fill(0) });
    const envelope = JSON.stringify((await signed('SendMessage', valid)).metadata[VOUCH_EXTENSION_URI]);
    const deepParams = `${JSON.stringify(valid).slice(0, -1)},"metadata":{"x":${deep},"${VOUCH_EXTENSION_URI}":${envelope}}}`;
    const answer = await post(app, `{"jsonrpc":"2.0","id":1,"method":"SendMessage","params":${deepParams}}`);
    assert.equal(answer.json.error.code, -32602);
    await check(`{"jsonrpc":"2.0","id":1e400,"method":"GetTask","params":{"id":"x"}}`);
    await check(`{"jsonrpc":"2.0","id":1,"method":"ListTasks","params":{"pageSize":1e400}}`);
  });

  it('still serves a valid request afterwards, with no unhandled rejection', async () => {
    const params = await signed('SendMessage', inferenceParams(served.modelId, { dtype: 'int8', shape: inputShape, data: new Array(784).fill(1) }));
    const { json } = await post(app, JSON.stringify({ jsonrpc: '2.0', id: 9, method: 'SendMessage', params }));
    assert.equal(json.result.task.status.state, 'TASK_STATE_COMPLETED');
    process.off('unhandledRejection', onCrash);
    assert.deepEqual(crashes, []);
  });
});
