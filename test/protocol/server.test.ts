import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { Task as SdkTask } from '@a2a-js/sdk';
import { mnistSplit } from '../../src/data/mnist.ts';
import { decodeVouchFile } from '../../src/model/vouch-file.ts';
import { quantizeInput } from '../../src/runtime/boundary.ts';
import { createA2AApp } from '../../src/protocol/createA2AApp.ts';
import { createMemoryNonceStore } from '../../src/protocol/createMemoryNonceStore.ts';
import { readInferenceResult } from '../../src/protocol/readInferenceResult.ts';
import type { InferenceHandler, Task } from '../../src/protocol/types.ts';
import { agentId, domain, requester, stranger, testCard } from './fixtures.ts';
import { mnistHandler } from './mnistHandler.ts';
import { V1, inferenceParams, post, rpc, rpcProblem, signed } from './rpcHelpers.ts';
import { readFileSync } from 'node:fs';

const { handler, served, inputShape } = mnistHandler();
const model = decodeVouchFile(readFileSync(new URL('../../models/mnist-cnn.vouch', import.meta.url))).model;
const digits = mnistSplit('test').slice(0, 4);

type AppOptions = Parameters<typeof createA2AApp>[0];

function makeApp(options: { inference?: InferenceHandler; limits?: AppOptions['limits']; schedule?: AppOptions['schedule'] } = {}) {
  return createA2AApp({
    card: testCard('http://127.0.0.1:9/a2a', [served]),
    handlers: { inference: options.inference ?? handler },
    verifier: { domain, agentId, nonces: createMemoryNonceStore() },
    limits: options.limits,
    schedule: options.schedule,
  });
}

const int8Digit = (i: number) => ({ dtype: 'int8' as const, shape: inputShape, data: Array.from(quantizeInput(model, 0, digits[i].image)) });
const floatDigit = (i: number) => ({ dtype: 'float32' as const, shape: inputShape, data: Array.from(digits[i].image) });
const argmax = (xs: number[]) => xs.indexOf(Math.max(...xs));

describe('A2A server: card and SendMessage with the MNIST model', () => {
  const app = makeApp();

  it('serves the card at /.well-known/agent-card.json', async () => {
    const res = await app.request('/.well-known/agent-card.json');
    assert.equal(res.status, 200);
    assert.match(res.headers.get('content-type') ?? '', /application\/json/);
    assert.deepEqual(await res.json(), JSON.parse(JSON.stringify(testCard('http://127.0.0.1:9/a2a', [served]))));
  });

  it('runs a signed int8 request to completion and returns the committed result', async () => {
    const reply = await rpc(app, 'SendMessage', await signed('SendMessage', inferenceParams(served.modelId, int8Digit(0))));
    assert.equal(rpcProblem(reply), undefined);
    const task: Task = reply.result.task;
    assert.equal(task.status.state, 'TASK_STATE_COMPLETED');
    const result = readInferenceResult(task);
    assert.equal(result.modelId, served.modelId);
    assert.deepEqual(result, await handler({ modelId: served.modelId, input: int8Digit(0) }, {} as never));
    assert.equal(argmax(result.output.data), digits[0].label);
    assert.match(result.traceRoot, /^0x[0-9a-f]{64}$/);
    // the task is ProtoJSON of a2a.proto's Task: the SDK codec reads and writes it back unchanged
    assert.deepEqual(SdkTask.toJSON(SdkTask.fromJSON(task)), task);
  });

  it('quantizes float32 inputs at the boundary: the same int8 run and trace', async () => {
    const a = readInferenceResult((await rpc(app, 'SendMessage', await signed('SendMessage', inferenceParams(served.modelId, floatDigit(1))))).result.task);
    const b = readInferenceResult((await rpc(app, 'SendMessage', await signed('SendMessage', inferenceParams(served.modelId, int8Digit(1))))).result.task);
    assert.equal(a.traceRoot, b.traceRoot);
    assert.equal(argmax(a.output.data), digits[1].label);
  });

  it('returns immediately when asked, then GetTask reports the finished task', async () => {
    const params = await signed('SendMessage', inferenceParams(served.modelId, int8Digit(2), { configuration: { returnImmediately: true } }));
    const task: Task = (await rpc(app, 'SendMessage', params)).result.task;
    assert.equal(task.status.state, 'TASK_STATE_SUBMITTED');
    let got = (await rpc(app, 'GetTask', { id: task.id })).result as Task;
    for (let i = 0; i < 200 && got.status.state !== 'TASK_STATE_COMPLETED'; i++) {
      await new Promise((r) => setTimeout(r, 10));
      got = (await rpc(app, 'GetTask', { id: task.id })).result as Task;
    }
    assert.equal(got.status.state, 'TASK_STATE_COMPLETED');
    assert.equal(got.history?.length, 1);
    const noHistory = (await rpc(app, 'GetTask', { id: task.id, historyLength: 0 })).result as Task;
    assert.equal(noHistory.history, undefined);
  });

  it('fails the task (not the call) when the handler throws', async () => {
    const failing = makeApp({ inference: () => { throw new Error('secret internal detail'); } });
    const reply = await rpc(failing, 'SendMessage', await signed('SendMessage', inferenceParams(served.modelId, int8Digit(0))));
    const task: Task = reply.result.task;
    assert.equal(task.status.state, 'TASK_STATE_FAILED');
    assert.doesNotMatch(JSON.stringify(task), /secret internal detail/);
  });

  it('lists only the signer\'s tasks, newest first, in pages', async () => {
    const fresh = makeApp();
    for (let i = 0; i < 3; i++) await rpc(fresh, 'SendMessage', await signed('SendMessage', inferenceParams(served.modelId, int8Digit(i))));
    await rpc(fresh, 'SendMessage', await signed('SendMessage', inferenceParams(served.modelId, int8Digit(3)), stranger));
    const page1 = (await rpc(fresh, 'ListTasks', await signed('ListTasks', { pageSize: 2 }))).result;
    assert.equal(page1.totalSize, 3);
    assert.equal(page1.tasks.length, 2);
    assert.equal(page1.tasks[0].artifacts, undefined);
    const page2 = (await rpc(fresh, 'ListTasks', await signed('ListTasks', { pageSize: 2, pageToken: page1.nextPageToken, includeArtifacts: true }))).result;
    assert.equal(page2.tasks.length, 1);
    assert.equal(page2.nextPageToken, '');
    assert.ok(page2.tasks[0].artifacts.length === 1);
    const theirs = (await rpc(fresh, 'ListTasks', await signed('ListTasks', {}, stranger))).result;
    assert.equal(theirs.totalSize, 1);
    const unsigned = await rpc(fresh, 'ListTasks', {});
    assert.equal(unsigned.error.code, -32090);
  });

  it('a task canceled before it starts never runs', async () => {
    let runs = 0;
    const queue: (() => Promise<void>)[] = [];
    const counting = makeApp({ inference: (req, ctx) => { runs++; return handler(req, ctx); }, schedule: (job) => queue.push(job) });
    const params = await signed('SendMessage', inferenceParams(served.modelId, int8Digit(0), { configuration: { returnImmediately: true } }));
    const task: Task = (await rpc(counting, 'SendMessage', params)).result.task;
    assert.equal((await rpc(counting, 'CancelTask', await signed('CancelTask', { id: task.id }))).result.status.state, 'TASK_STATE_CANCELED');
    assert.equal(queue.length, 1);
    await queue[0]();
    assert.equal(runs, 0);
    assert.equal((await rpc(counting, 'GetTask', { id: task.id })).result.status.state, 'TASK_STATE_CANCELED');
  });

  it('cancels a running task for its requester only; finished tasks are not cancelable', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const slow = makeApp({ inference: async (req, ctx) => { await gate; return handler(req, ctx); } });
    const task: Task = (await rpc(slow, 'SendMessage', await signed('SendMessage', inferenceParams(served.modelId, int8Digit(0), { configuration: { returnImmediately: true } })))).result.task;
    await new Promise((r) => setImmediate(r));
    assert.equal((await rpc(slow, 'CancelTask', await signed('CancelTask', { id: task.id }, stranger))).error.code, -32001);
    const canceled = (await rpc(slow, 'CancelTask', await signed('CancelTask', { id: task.id }))).result as Task;
    assert.equal(canceled.status.state, 'TASK_STATE_CANCELED');
    release();
    await new Promise((r) => setTimeout(r, 10));
    assert.equal((await rpc(slow, 'GetTask', { id: task.id })).result.status.state, 'TASK_STATE_CANCELED');
    assert.equal((await rpc(slow, 'CancelTask', await signed('CancelTask', { id: task.id }))).error.code, -32002);
  });
});

describe('A2A server: JSON-RPC errors', () => {
  const app = makeApp();
  const code = (reply: any) => reply?.error?.code;

  it('answers the JSON-RPC 2.0 error codes', async () => {
    assert.equal(code((await post(app, '{"jsonrpc":"2.0",')).json), -32700);
    assert.equal(code((await post(app, Uint8Array.of(0x7b, 0xff, 0x7d))).json), -32700);
    assert.equal(code((await post(app, '"hello"')).json), -32600);
    assert.equal(code((await post(app, '{"jsonrpc":"1.0","id":1,"method":"GetTask"}')).json), -32600);
    assert.equal(code((await post(app, '{"jsonrpc":"2.0","id":{},"method":"GetTask"}')).json), -32600);
    assert.equal(code((await post(app, '{"jsonrpc":"2.0","id":1,"method":7}')).json), -32600);
    assert.equal(code(await rpc(app, 'message/send', {})), -32601);
    assert.equal(code(await rpc(app, 'GetTask', {})), -32602);
    assert.equal(code(await rpc(app, 'GetTask', [1])), -32602);
    assert.equal(code(await rpc(app, 'GetTask', { id: 'nope' })), -32001);
    assert.equal(code(await rpc(app, 'SendStreamingMessage', {})), -32004);
    assert.equal(code(await rpc(app, 'CreateTaskPushNotificationConfig', {})), -32003);
    assert.equal(code(await rpc(app, 'GetExtendedAgentCard', {})), -32007);
  });

  it('echoes the request id and adds an ErrorInfo reason', async () => {
    const reply = await rpc(app, 'GetTask', { id: 'nope' }, 'abc');
    assert.equal(reply.id, 'abc');
    assert.equal(reply.error.data[0].reason, 'TASK_NOT_FOUND');
  });

  it('refuses requests without A2A-Version 1.x (absent means 0.3)', async () => {
    const body = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'GetTask', params: { id: 'x' } });
    assert.equal(code((await post(app, body, { 'content-type': 'application/json' })).json), -32009);
    assert.equal(code((await post(app, body, { 'A2A-Version': '0.3' })).json), -32009);
    assert.equal(code((await post(app, body, { 'A2A-Version': '1.0.2' })).json), -32001);
  });

  it('validates SendMessage params before touching the envelope', async () => {
    const bad = [
      inferenceParams(served.modelId, { ...int8Digit(0), data: [1, 2] }),
      inferenceParams(served.modelId, { ...int8Digit(0), data: int8Digit(0).data.map(() => 300) }),
      inferenceParams(served.modelId, { dtype: 'int4' as never, shape: inputShape, data: [] }),
      inferenceParams(served.modelId, { ...int8Digit(0), shape: [0] }),
      { message: { messageId: 'm', role: 'ROLE_AGENT', parts: [] } },
      { message: 'hi' },
    ];
    for (const params of bad) assert.equal(code(await rpc(app, 'SendMessage', await signed('SendMessage', params))), -32602, JSON.stringify(params).slice(0, 120));
    assert.equal(code(await rpc(app, 'SendMessage', await signed('SendMessage', inferenceParams('0x' + '22'.repeat(32), int8Digit(0))))), -32081);
  });

  it('maps each envelope rejection to its Vouch code', async () => {
    const params = await signed('SendMessage', inferenceParams(served.modelId, int8Digit(0)));
    // intercepted before it lands, a signed SendMessage cannot be spent as a ListTasks of its sender
    assert.equal(code(await rpc(app, 'ListTasks', params)), -32099);
    assert.equal(code(await rpc(app, 'SendMessage', params)), undefined);
    assert.equal(code(await rpc(app, 'SendMessage', params)), -32095);
    const tampered = structuredClone(params);
    (tampered.message.parts[0].data as any).input.data[100] = 5;
    assert.equal(code(await rpc(app, 'SendMessage', tampered)), -32099);
    assert.equal(code(await rpc(app, 'SendMessage', await signed('SendMessage', inferenceParams(served.modelId, int8Digit(0)), requester, { agentId: 9n }))), -32093);
    assert.equal(code(await rpc(app, 'SendMessage', inferenceParams(served.modelId, int8Digit(0)))), -32090);
  });

  it('answers batches in order, skips notifications, refuses empty and oversized batches', async () => {
    const batch = [
      { jsonrpc: '2.0', id: 1, method: 'GetTask', params: { id: 'a' } },
      { jsonrpc: '2.0', method: 'GetTask', params: { id: 'notification' } },
      { jsonrpc: '2.0', id: 2, method: 'Nope' },
      7,
    ];
    const { json } = await post(app, JSON.stringify(batch));
    assert.deepEqual(json.map((r: any) => [r.id, r.error.code]), [[1, -32001], [2, -32601], [null, -32600]]);
    assert.equal((await post(app, '[]')).json.error.code, -32600);
    assert.equal((await post(app, JSON.stringify(new Array(17).fill(batch[0])))).json.error.code, -32600);
    const onlyNotifications = await post(app, JSON.stringify([batch[1]]));
    assert.equal(onlyNotifications.status, 204);
  });

  it('refuses oversized bodies with HTTP 413 before parsing, declared or streamed', async () => {
    const small = makeApp({ limits: { maxBodyBytes: 1000 } });
    const big = 'x'.repeat(5000);
    const declared = await post(small, big);
    assert.equal(declared.status, 413);
    assert.equal(declared.json.error.code, -32080);
    const stream = new ReadableStream({
      start(c) {
        for (let i = 0; i < 10; i++) c.enqueue(new TextEncoder().encode('y'.repeat(500)));
        c.close();
      },
    });
    const streamed = await post(small, stream, V1);
    assert.equal(streamed.status, 413);
    assert.equal(streamed.json.error.code, -32080);
  });

  it('answers unknown routes with a JSON 404', async () => {
    const res = await app.request('/nowhere');
    assert.equal(res.status, 404);
    assert.ok((await res.json()).error);
  });
});
