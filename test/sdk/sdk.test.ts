// The SDK against the API app in-process (fetch routed to app.fetch): typed reads, errors,
// waitForTask waking on the event stream, its timeout. The live network run is in
// test/indexer/network.test.ts (submitTask, waitForTask to settlement).
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createApiApp } from '../../src/api/createApiApp.ts';
import type { IndexChange } from '../../src/indexer/createIndexer.ts';
import { TaskWaitTimeoutError, VouchApiError } from '../../src/sdk/errors.ts';
import { createVouchSdk } from '../../src/sdk/createVouchSdk.ts';
import { A, fixtureIndex } from '../api/fixture.ts';

describe('SDK', () => {
  const index = fixtureIndex();
  const listeners = new Set<(c: IndexChange) => void>();
  const indexer = { db: index, onChange: (l: (c: IndexChange) => void) => (listeners.add(l), () => listeners.delete(l)) };
  const app = createApiApp({ indexer });
  const sdk = createVouchSdk({ apiUrl: 'http://vouch.test/', fetch: (input, init) => app.fetch(new Request(input, init)) as Promise<Response> });

  test('typed reads', async () => {
    assert.equal((await sdk.getStats()).tasks.final, 1);
    const { tasks } = await sdk.listTasks({ status: 'open' });
    assert.deepEqual(tasks.map((t) => t.taskId), ['3']);
    assert.equal((await sdk.getTask(2n)).gameId, '1');
    assert.equal((await sdk.getDispute('1')).status, 'challenger-won');
    assert.equal((await sdk.listDisputes({ status: 'in-progress' })).length, 0);
    assert.equal((await sdk.listAgents())[0].address, A.worker);
    assert.equal((await sdk.getAgent(1)).agentId, '1');
    assert.equal((await sdk.listModels()).length, 1);
    const flows = await sdk.listFlows({ taskId: '1' });
    assert.deepEqual(flows.flows.map((f) => f.kind).sort(), ['fee-paid', 'protocol-fee', 'worker-paid']);
  });

  test('typed reads of quorum tasks, samples, validations and feedback', async () => {
    const quorum = await sdk.listQuorumTasks({ status: 'finalized' });
    assert.deepEqual(quorum.tasks.map((t) => t.taskId), ['1']);
    const q = await sdk.getQuorumTask(1n);
    assert.deepEqual(q.committee.map((s) => s.outcome), ['majority', 'majority', 'silent']);
    assert.equal((await sdk.listQuorumTasks({ member: A.member })).tasks.length, 1);
    assert.deepEqual((await sdk.listSamples()).samples.map((s) => s.status), ['escalated', 'cleared']);
    assert.equal((await sdk.getSample('2')).escalation?.to, 'dispute');
    assert.deepEqual((await sdk.listValidations(1, { mode: 'quorum' })).map((v) => v.tag), ['vouch:quorum']);
    assert.equal((await sdk.listFeedback('1'))[0].tag2, 'final');
    await assert.rejects(sdk.getSample(3), (e) => e instanceof VouchApiError && e.status === 404);
    await assert.rejects(sdk.listValidations(1, { mode: 'x' as never }), (e) => e instanceof VouchApiError && e.code === 'bad_query');
  });

  test('API errors become VouchApiError with status and code', async () => {
    await assert.rejects(sdk.getTask('42'), (e) => e instanceof VouchApiError && e.status === 404 && e.code === 'not_found');
    await assert.rejects(sdk.getTask('x/../../stats'), (e) => e instanceof VouchApiError && e.status === 400 && e.code === 'bad_id');
    await assert.rejects(sdk.listTasks({ limit: 0 }), (e) => e instanceof VouchApiError && e.code === 'bad_query');
    const offline = createVouchSdk({ apiUrl: 'http://127.0.0.1:1', timeoutMs: 2000 });
    await assert.rejects(offline.getStats(), (e) => e instanceof VouchApiError && e.status === 0 && e.code === 'network');
  });

  test('waitForTask wakes on the event stream when the task settles', async () => {
    const waiting = sdk.waitForTask('3', { until: 'settled', intervalMs: 60_000, timeoutMs: 10_000 });
    await new Promise((r) => setTimeout(r, 200));
    index.apply('tasks', 'TaskClaimed', { taskId: '3', worker: A.worker, outputHash: `0x${'00'.repeat(32)}`, traceRoot: `0x${'00'.repeat(32)}` });
    index.apply('tasks', 'TaskFinalized', { taskId: '3', worker: A.worker, workerAmount: '99', protocolFee: '1' });
    for (const l of listeners) l({ block: 99, events: 2 });
    const t0 = Date.now();
    const task = await waiting;
    assert.equal(task.status, 'final');
    assert.ok(Date.now() - t0 < 5000, 'woken by the stream, not the 60 s poll');
  });

  test('waitForTask: "claimed", explicit statuses, and a timeout error', async () => {
    assert.equal((await sdk.waitForTask('1', { until: 'claimed', sse: false })).status, 'final');
    assert.equal((await sdk.waitForTask('2', { until: ['rejected'], sse: false })).status, 'rejected');
    await assert.rejects(sdk.waitForTask('77', { timeoutMs: 300, intervalMs: 50, sse: false }), (e) => e instanceof TaskWaitTimeoutError && e.taskId === '77');
  });
});
