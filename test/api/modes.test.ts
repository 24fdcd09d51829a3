// The quorum, sampled and ERC-8004 routes on the synthetic index (test/api/fixture.ts): quorum
// tasks with their committee, samples (alone and inside their task), an agent's validations by
// mode and its feedback, and their 4xx answers. Well under a second.
import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { createApiApp } from '../../src/api/createApiApp.ts';
import type { AgentView, ApiErrorBody, FeedbackView, QuorumTaskListView, QuorumTaskView, SampleListView, SampleView, StatsView, TaskView, ValidationView } from '../../src/api/types.ts';
import { A, MODEL, RESULT, fixtureIndex } from './fixture.ts';

describe('API: quorum tasks, samples, validations and feedback', () => {
  const index = fixtureIndex();
  const app = createApiApp({ db: index });
  const get = async <T>(path: string, status = 200) => {
    const res = await app.request(path);
    assert.equal(res.status, status, path);
    return (await res.json()) as T;
  };
  const E18 = 10n ** 18n;

  test('GET /api/quorum-tasks/:id: the committee seat by seat, the result, the silent seat slashed', async () => {
    const q = await get<QuorumTaskView>('/api/quorum-tasks/1');
    assert.equal(q.status, 'finalized');
    assert.equal(q.canonicalisation, 'top1');
    assert.equal(q.modelId, MODEL);
    assert.deepEqual([q.size, q.committed, q.revealed, q.majority, q.result], [3, 3, 2, 2, RESULT]);
    assert.equal(q.share, ((27n * E18) / 2n).toString());
    assert.equal(q.slashed, (20n * E18).toString());
    assert.deepEqual(q.committee.map((s) => [s.member, s.phase, s.outcome, s.slashed]), [
      [A.worker, 'revealed', 'majority', undefined],
      [A.challenger, 'revealed', 'majority', undefined],
      [A.member, 'committed', 'silent', (20n * E18).toString()],
    ]);
    assert.deepEqual(q.committee[0].validation, { agentId: '1', requestHash: `0x${'a1'.repeat(32)}`, response: 100 });
    assert.equal(q.input, '0x0102');
  });

  test('GET /api/flows?quorumTaskId=: the fee, each majority share, the seat\'s slash split; a refund without committee', async () => {
    const flows = (q: string) => get<{ flows: { kind: string; from?: string; to?: string; amount: string; quorumTaskId?: string; taskId?: string }[] }>(`/api/flows?quorumTaskId=${q}`);
    const one = (await flows('1')).flows;
    assert.deepEqual(one.map((f) => f.kind).sort(), ['fee-paid', 'quorum-share', 'quorum-share', 'reward', 'slash']);
    assert.ok(one.every((f) => f.quorumTaskId === '1' && f.taskId === undefined), 'quorum ids are not Tasks ids');
    assert.deepEqual(one.filter((f) => f.kind === 'quorum-share').map((f) => f.to).sort(), [A.worker, A.challenger].sort());
    assert.equal(one.filter((f) => f.kind === 'reward' || f.kind === 'slash').reduce((s, f) => s + BigInt(f.amount), 0n), 20n * E18);
    assert.deepEqual((await flows('2')).flows.map((f) => [f.kind, f.to, f.amount]).sort(), [['fee-paid', A.quorum.toLowerCase(), E18.toString()], ['refund', A.requester, E18.toString()]].sort());
    await get('/api/flows?quorumTaskId=x', 400);
  });

  test('GET /api/quorum-tasks: newest first, by status, by member, paged', async () => {
    const all = await get<QuorumTaskListView>('/api/quorum-tasks');
    assert.deepEqual(all.tasks.map((t) => [t.taskId, t.status]), [['2', 'refunded'], ['1', 'finalized']]);
    assert.equal(all.tasks[0].poolSize, 3);
    assert.deepEqual(all.tasks[0].committee, []);
    assert.deepEqual((await get<QuorumTaskListView>('/api/quorum-tasks?status=finalized')).tasks.map((t) => t.taskId), ['1']);
    assert.deepEqual((await get<QuorumTaskListView>(`/api/quorum-tasks?member=${A.member.toUpperCase().replace('0X', '0x')}`)).tasks.map((t) => t.taskId), ['1']);
    const page = await get<QuorumTaskListView>('/api/quorum-tasks?limit=1');
    assert.equal(page.next, '2');
    assert.deepEqual((await get<QuorumTaskListView>(`/api/quorum-tasks?limit=1&before=${page.next}`)).tasks.map((t) => t.taskId), ['1']);
  });

  test('GET /api/samples and /api/samples/:id: coin, verifier, answer, escalation and the claim\'s outcome', async () => {
    const { samples } = await get<SampleListView>('/api/samples');
    assert.deepEqual(samples.map((s) => s.taskId), ['2', '1']);
    const cleared = await get<SampleView>('/api/samples/1');
    assert.deepEqual([cleared.status, cleared.sampled, cleared.verifier, cleared.answer, cleared.taskStatus], ['cleared', true, A.challenger, 'agree', 'final']);
    const escalated = await get<SampleView>('/api/samples/2');
    assert.deepEqual([escalated.status, escalated.answer, escalated.escalation, escalated.taskStatus], ['escalated', 'escalate', { to: 'dispute', id: '1', status: 'challenger-won' }, 'rejected']);
    assert.deepEqual((await get<SampleListView>('/api/samples?status=escalated')).samples.map((s) => s.taskId), ['2']);
    assert.equal((await get<SampleListView>(`/api/samples?verifier=${A.worker}`)).samples.length, 0);
    // The task view carries its sample; a task without one has none.
    assert.equal((await get<TaskView>('/api/tasks/1')).sample?.status, 'cleared');
    assert.equal((await get<TaskView>('/api/tasks/3')).sample, undefined);
  });

  test('GET /api/agents/:id/validations: every mode by its tag, a pending request; the agent\'s counts by mode and feedback', async () => {
    const { validations } = await get<{ validations: ValidationView[] }>('/api/agents/1/validations');
    const byMode = (m: string) => validations.filter((v) => v.mode === m);
    assert.deepEqual(byMode('quorum').map((v) => [v.tag, v.response, v.requestURI]), [['vouch:quorum', 100, 'vouch:quorum:1?seat=0']]);
    assert.deepEqual(byMode('sampled').map((v) => [v.tag, v.validator, v.response]), [['vouch:sampled', A.challenger, 100]]);
    const optimistic = byMode('optimistic');
    assert.equal(optimistic.length, 2);
    assert.deepEqual(optimistic.find((v) => v.response === undefined)?.requestURI, 'vouch:task:3', 'a request not answered yet');
    assert.deepEqual((await get<{ validations: ValidationView[] }>('/api/agents/1/validations?mode=sampled')).validations.length, 1);
    const agent = await get<AgentView>('/api/agents/1');
    assert.deepEqual(agent.validationsByMode, { optimistic: { validations: 1, average: 100 }, quorum: { validations: 1, average: 100 }, sampled: { validations: 1, average: 100 } });
    assert.deepEqual(agent.feedback, { count: 1, average: 100 });
    const { feedback } = await get<{ feedback: FeedbackView[] }>('/api/agents/1/feedback');
    assert.deepEqual(feedback.map((f) => [f.client, f.value, f.tag1, f.tag2, f.revoked]), [[A.requester, '100', 'vouch:optimistic', 'final', false]]);
  });

  test('stats count quorum tasks and samples per status', async () => {
    const s = await get<StatsView>('/api/stats');
    assert.deepEqual(s.quorum, { drawing: 0, active: 0, finalized: 1, refunded: 1 });
    assert.equal(s.samples.cleared, 1);
    assert.equal(s.samples.escalated, 1);
  });

  test('bad ids, unknown ids and bad queries are 4xx ApiErrorBody', async () => {
    const cases: [string, number, string][] = [
      ['/api/quorum-tasks/9', 404, 'not_found'],
      ['/api/quorum-tasks/x', 400, 'bad_id'],
      ['/api/quorum-tasks?status=final', 400, 'bad_query'],
      ['/api/quorum-tasks?member=0x12', 400, 'bad_query'],
      ['/api/samples/3', 404, 'not_found'],
      ['/api/samples/-1', 400, 'bad_id'],
      ['/api/samples?status=nope', 400, 'bad_query'],
      ['/api/samples?limit=501', 400, 'bad_query'],
      ['/api/agents/9/validations', 404, 'not_found'],
      ['/api/agents/1/validations?mode=fast', 400, 'bad_query'],
      ['/api/agents/9/feedback', 404, 'not_found'],
      ['/api/agents/1/feedback?limit=0', 400, 'bad_query'],
    ];
    for (const [path, status, code] of cases) {
      const body = await get<ApiErrorBody>(path, status);
      assert.equal(body.error.code, code, path);
    }
    const res = await app.request('/api/quorum-tasks/1', { method: 'POST' });
    assert.equal(res.status, 405);
  });
});
