import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, test } from 'node:test';
import { alive, commandOf, type Launcher, type LauncherEvent, runLauncher } from './runLauncher.ts';

const ARGS = ['--workers', '1', '--cheaters', '0', '--challengers', '1', '--quorum-members', '0', '--quorum-liars', '0', '--mix', 'optimistic', '--rate', '60', '--port', '0', '--poll-ms', '300'];

const submitted = (e: LauncherEvent) => e.kind === 'workload' && (e.event as { kind: string }).kind === 'task-submitted';
const taskOf = (e: LauncherEvent) => e.event as { taskId: string; digit: number };

describe('vouch network up: clean shutdown and resume', { timeout: 240_000 }, () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'vouch-network-'));
  const running: Launcher[] = [];
  after(async () => {
    for (const l of running) await l.interrupt(5_000);
    rmSync(dataDir, { recursive: true, force: true });
  });

  /** Starts the launcher, waits for `tasks` submitted tasks, Ctrl-C's it, checks nothing it started is left. */
  async function session(tasks: number, crash = false) {
    const l = runLauncher(['--data-dir', dataDir, ...ARGS]);
    running.push(l);
    const dashboard = await l.waitFor((e) => e.kind === 'dashboard');
    const page = await fetch(dashboard.url as string);
    assert.equal(page.status, 200);
    assert.match(await page.text(), /Vouch/);
    if (crash) {
      // An agent killed outright is started again and resumes from its database.
      const worker = l.events.find((e) => e.kind === 'agent-started' && e.name === 'worker-1')!;
      process.kill(worker.pid as number, 'SIGKILL');
      const again = await l.waitFor((e) => e.kind === 'agent-started' && e.name === 'worker-1' && e.restarted === true, 60_000);
      assert.equal(again.agentId, worker.agentId, 'the restarted agent kept its identity');
      assert.equal(again.url, worker.url, 'and its URL');
    }
    for (let i = 0; i < tasks; i++) await l.waitFor((e) => l.events.filter(submitted).length > i, 60_000);
    const children = l.descendants();
    const agents = l.events.filter((e) => e.kind === 'agent-started' && !e.restarted);
    assert.equal(agents.length, 2);
    const current = ['worker-1', 'challenger-1'].map((name) => l.events.filter((e) => e.kind === 'agent-started' && e.name === name).at(-1)!);
    for (const a of current) assert.ok(children.includes(a.pid as number), `agent ${String(a.name)} is the launcher's child`);
    assert.ok(children.length >= 3, `agents and anvil run below the launcher (${children.length})`);
    const t0 = Date.now();
    const code = await l.interrupt();
    const stopSeconds = (Date.now() - t0) / 1000;
    assert.equal(code, 0, l.stderr());
    assert.ok(l.events.some((e) => e.kind === 'stopped'));
    // tsx's esbuild service processes end when their parent's pipe closes: give them a moment.
    const until = Date.now() + 5_000;
    while (children.some(alive) && Date.now() < until) await new Promise((r) => setTimeout(r, 100));
    const left = children.filter(alive);
    assert.deepEqual(left, [], `processes left after Ctrl-C: ${left.map(commandOf).join('; ')}`);
    return { events: l.events, stopSeconds };
  }

  let first: Awaited<ReturnType<typeof session>>;

  test('Ctrl-C stops the workload, the agents and anvil, and saves the chain', async () => {
    first = await session(2);
    assert.ok(existsSync(join(dataDir, 'chain', 'anvil-state.json')), 'anvil dumped its state on exit');
    const deployed = first.events.find((e) => e.kind === 'deployed')!;
    assert.equal(deployed.reused, false);
    process.stdout.write(`# network: stopped in ${first.stopSeconds.toFixed(1)} s, no process left\n`);
  });

  test('a second start with the same data dir resumes: same contracts, same agents, task numbering continues; a killed agent is restarted', async () => {
    const record = JSON.parse(readFileSync(join(dataDir, 'network.json'), 'utf8')) as { workload: { nextDigit: number } };
    const second = await session(1, true);
    const deployed = second.events.find((e) => e.kind === 'deployed')!;
    assert.equal(deployed.reused, true, 'the contracts were found on the resumed chain');
    assert.equal(deployed.tasks, first.events.find((e) => e.kind === 'deployed')!.tasks);
    assert.ok(!second.events.some((e) => e.kind === 'funded' && (e.agents as string[]).length > 0), 'no agent funded twice');
    const ids = (events: LauncherEvent[]) => Object.fromEntries(events.filter((e) => e.kind === 'agent-started' && !e.restarted).map((e) => [e.name, e.agentId]));
    assert.deepEqual(ids(second.events), ids(first.events), 'each agent kept its ERC-8004 identity');
    const lastBefore = Math.max(...first.events.filter(submitted).map((e) => Number(taskOf(e).taskId)));
    const firstAfter = Math.min(...second.events.filter(submitted).map((e) => Number(taskOf(e).taskId)));
    assert.ok(firstAfter > lastBefore, `task ids continue (${lastBefore} then ${firstAfter})`);
    const digits = second.events.filter(submitted).map((e) => taskOf(e).digit);
    assert.ok(Math.min(...digits) >= record.workload.nextDigit, 'the workload continues with the next digit');
  });
});
