import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { serve, type ServerType } from '@hono/node-server';
import type { Hono } from 'hono';
import { mnistSplit } from '../../src/data/mnist.ts';
import { createA2AApp } from '../../src/protocol/createA2AApp.ts';
import { createA2AClient } from '../../src/protocol/createA2AClient.ts';
import { createMemoryNonceStore } from '../../src/protocol/createMemoryNonceStore.ts';
import { InvalidAgentCardError, RemoteRpcError } from '../../src/protocol/errors.ts';
import { readInferenceResult } from '../../src/protocol/readInferenceResult.ts';
import { agentId, domain, requester, testCard } from './fixtures.ts';
import { mnistHandler } from './mnistHandler.ts';
import { V1, inferenceParams, signed } from './rpcHelpers.ts';

const { handler, served, inputShape } = mnistHandler();
const digits = mnistSplit('test').slice(0, 3);
const floatDigit = (i: number) => ({ dtype: 'float32' as const, shape: inputShape, data: Array.from(digits[i].image) });
const argmax = (xs: number[]) => xs.indexOf(Math.max(...xs));

function appFor(endpoint: string): Hono {
  return createA2AApp({
    card: testCard(endpoint, [served]),
    handlers: { inference: handler },
    verifier: { domain, agentId, nonces: createMemoryNonceStore() },
  });
}

describe('client <-> server over a real loopback socket', () => {
  let server: ServerType;
  let base = '';

  before(async () => {
    let app: Hono | undefined;
    const port = await new Promise<number>((resolve) => {
      server = serve({ fetch: (req) => app!.fetch(req), hostname: '127.0.0.1', port: 0 }, (info: AddressInfo) => resolve(info.port));
    });
    base = `http://127.0.0.1:${port}`;
    app = appFor(`${base}/a2a`);
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('fetches the card, sends a signed MNIST request and reads the committed result', async () => {
    const client = createA2AClient(`${base}/`, { account: requester, domain });
    const { vouch, endpoint } = await client.card();
    assert.equal(endpoint, `${base}/a2a`);
    assert.equal(vouch.agentId, agentId);
    const task = await client.sendInference({ modelId: served.modelId, input: floatDigit(0) });
    assert.equal(task.status.state, 'TASK_STATE_COMPLETED');
    const result = readInferenceResult(task);
    assert.deepEqual(result, await handler({ modelId: served.modelId, input: floatDigit(0) }, {} as never));
    assert.equal(argmax(result.output.data), digits[0].label);
  });

  it('polls a task sent with returnImmediately, lists it, and cannot cancel it once finished', async () => {
    const client = createA2AClient(base, { account: requester, domain });
    const submitted = await client.sendInference({ modelId: served.modelId, input: floatDigit(1), mode: 'optimistic' }, { returnImmediately: true });
    const done = await client.waitForTask(submitted.id);
    assert.equal(done.status.state, 'TASK_STATE_COMPLETED');
    assert.equal(argmax(readInferenceResult(done).output.data), digits[1].label);
    const listed = await client.listTasks({ pageSize: 10 });
    assert.ok(listed.tasks.some((t) => t.id === submitted.id));
    await assert.rejects(client.cancelTask(submitted.id), (e: unknown) => e instanceof RemoteRpcError && e.code === -32002 && e.reason === 'TASK_NOT_CANCELABLE');
  });

  it('a replayed request is refused over the wire', async () => {
    const body = JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'SendMessage', params: await signed('SendMessage', inferenceParams(served.modelId, floatDigit(2))) });
    const send = async () => (await (await fetch(`${base}/a2a`, { method: 'POST', headers: V1, body })).json()) as any;
    assert.equal((await send()).result.task.status.state, 'TASK_STATE_COMPLETED');
    const replay = await send();
    assert.equal(replay.error.code, -32095);
    assert.equal(replay.error.data[0].reason, 'VOUCH_ENVELOPE_REPLAYED');
  });

  it('refuses an agent that takes envelopes for another chain', async () => {
    const client = createA2AClient(base, { account: requester, domain: { ...domain, chainId: 1 } });
    await assert.rejects(client.card(), InvalidAgentCardError);
  });
});

describe('client <-> server through app.request (no socket)', () => {
  it('works with the app as its fetch', async () => {
    const app = appFor('http://agent.test/a2a');
    const client = createA2AClient('http://agent.test/', {
      account: requester,
      domain,
      fetch: ((input: string | URL | Request, init?: RequestInit) => app.request(input instanceof URL ? input.href : input, init)) as typeof fetch,
    });
    // an undefined member is hashed as JSON.stringify sends it (left out)
    const task = await client.sendInference({ modelId: served.modelId, input: floatDigit(0), mode: undefined });
    assert.equal(argmax(readInferenceResult(task).output.data), digits[0].label);
    assert.equal((await client.getTask(task.id)).status.state, 'TASK_STATE_COMPLETED');
    await assert.rejects(client.getTask('missing'), (e: unknown) => e instanceof RemoteRpcError && e.code === -32001);
  });
});
