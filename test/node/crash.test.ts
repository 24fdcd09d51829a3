import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { after, before, describe, test } from 'node:test';
import Database from 'better-sqlite3';
import { type Hex, bytesToHex, decodeFunctionData, keccak256, parseEther, toBytes } from 'viem';
import { privateKeyToAccount } from 'viem/accounts';
import { disputeGameAbi } from '../../src/chain/abis/DisputeGame.ts';
import { identityRegistryAbi } from '../../src/chain/abis/IdentityRegistry.ts';
import { stakeManagerAbi } from '../../src/chain/abis/StakeManager.ts';
import { tasksAbi } from '../../src/chain/abis/Tasks.ts';
import { validationRegistryAbi } from '../../src/chain/abis/ValidationRegistry.ts';
import { vouchTokenAbi } from '../../src/chain/abis/VouchToken.ts';
import { approveToken } from '../../src/chain/actions/approveToken.ts';
import { createTask } from '../../src/chain/actions/createTask.ts';
import { getGame } from '../../src/chain/actions/getGame.ts';
import { getTask } from '../../src/chain/actions/getTask.ts';
import type { StartAnvilReturnType } from '../../src/chain/anvil/startAnvil.ts';
import { type VouchClients, createVouchClients } from '../../src/chain/clients/createVouchClients.ts';
import type { DeployVouchReturnType } from '../../src/chain/deploy/deployVouch.ts';
import { tensorHash } from '../../src/commit/tensorHash.ts';
import { mnistSplit } from '../../src/data/mnist.ts';
import { loadServedModel } from '../../src/node/execution/loadServedModel.ts';
import { createA2AClient } from '../../src/protocol/createA2AClient.ts';
import { readInferenceResult } from '../../src/protocol/readInferenceResult.ts';
import { quantizeInput } from '../../src/runtime/boundary.ts';
import { int8Tensor } from '../../src/runtime/tensor.ts';
import { startTestChain } from './agentProcess.ts';

// kill -9 at the node's crash points (src/node/crashPoint.ts, docs/node-state.md), each agent
// its own process as in production. Every agent runs under a supervisor that restarts it
// with the same --data-dir the moment it dies, armed with its next crash point (so kills also
// land inside the recovery of the previous one). The chain then judges: every task settled
// as it should, one claim per task, no transaction sent twice, every dispute won by the
// honest side.

const BIN = new URL('../../bin/vouch.js', import.meta.url).pathname;
const MODEL = new URL('../../models/mnist-cnn.vouch', import.meta.url).pathname;
const FEE = parseEther('1');
const MIN_STAKE = parseEther('100');
const CHALLENGE_WINDOW = 60n;
const MOVE_CLOCK = 120n;
/** How long mining is held after a kill behind a broadcast (a restart takes 2 s on a quiet machine). */
const HOLD_MS = 3_000;

/** Crash points per agent, in the order they are armed (one per process life). */
const WORKER_POINTS = [
  'worker.trace-saved', // A2A request handled up to the stored trace: the restart claims from it
  'claim.intent', // claim recorded, not signed
  'claim.broadcast', // claim broadcast, its hash not recorded: the restart adopts the chain's claim
  'claim.submitted', // claim broadcast and recorded, receipt not seen
  'claim.mined', // claim mined, not recorded
  'worker.claimed', // claim recorded, no validation request yet
  'validation-link.submitted',
  'validation-request.intent',
  'sync.applied:4',
  'finalize.intent',
  'finalize.submitted',
  'finalize.mined',
];
const CHALLENGER_POINTS = [
  'node.approved', // first start: stake approved, not bonded
  'challenger.verified', // mismatch recorded, dispute not opened
  'dispute.intent',
  'dispute.submitted', // open() broadcast, GameOpened only on chain
  'dispute.mined',
  'move.intent',
  'move.broadcast',
  'move.submitted',
  'move.mined',
  'player.move-sent', // move confirmed, not recorded in the game
  'sync.applied:6',
  'resolve-timeout.submitted', // the last cheater walks away; the challenger claims the timeout
];
const CHEATER_POINTS = ['node.registered', 'move.submitted', 'player.move-sent']; // node.registered: first start, ERC-8004 identity registered, not saved

type Agent = {
  name: string;
  key: Hex;
  address: Hex;
  args: string[];
  points: string[];
  fired: string[];
  lives: number;
  port?: number;
  url?: string;
  proc?: ChildProcess;
  up: boolean;
  failure?: Error;
  stopping?: boolean;
  events: Record<string, unknown>[];
  dataDir: string;
};

describe('kill -9 at every crash point: agents resume from their database and the chain', { timeout: 300_000 }, () => {
  let anvil: StartAnvilReturnType;
  let deployer: VouchClients;
  let requester: VouchClients;
  let deployment: DeployVouchReturnType;
  const dir = mkdtempSync(join(tmpdir(), 'vouch-crash-'));
  const served = loadServedModel(MODEL);
  const inputShape = served.model.values[served.model.inputs[0].value].shape;
  const digits = mnistSplit('test');
  let nextDigit = 0;
  const honestTasks: bigint[] = [];
  const cheatTasks: bigint[] = [];
  let seconds = 0;
  let held = 0;
  const mempoolRestarts: { agent: string; at: string; startedWhileHeld: boolean }[] = [];

  const agent = (name: string, points: string[], extra: string[]): Agent => {
    const key = keccak256(toBytes(`vouch crash ${name}`));
    return { name, key, address: privateKeyToAccount(key).address, args: extra, points: [...points], fired: [], lives: 0, up: false, events: [], dataDir: join(dir, name) };
  };
  const worker = agent('worker', WORKER_POINTS, ['--role', 'worker']);
  const cheater = agent('cheater', CHEATER_POINTS, ['--role', 'worker', '--cheat-rate', '1']);
  const challenger = agent('challenger', CHALLENGER_POINTS, ['--role', 'challenger']);
  const agents = [worker, cheater, challenger];

  /** Starts the agent armed with its next crash point; when that kills it, starts it again at once. Resolves on 'started'. */
  function launch(a: Agent): Promise<void> {
    if (a.stopping) return Promise.resolve();
    const crashAt = a.points[0];
    const args = [BIN, 'agent', 'start', ...a.args, '--rpc', anvil.rpcUrl, '--key', a.key, '--data-dir', a.dataDir, '--deployment-dir', join(dir, 'chain'),
      '--model', MODEL, '--json', '--poll-ms', '300', '--port', String(a.port ?? 0)];
    const proc = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, VOUCH_CRASH_AT: crashAt ?? '' } });
    a.proc = proc;
    a.lives++;
    let stderr = '';
    proc.stderr.on('data', (d) => (stderr += d));
    return new Promise((resolve) => {
      createInterface({ input: proc.stdout }).on('line', (line) => {
        if (!line.startsWith('{')) return;
        const e = JSON.parse(line) as Record<string, unknown>;
        e.life = a.lives;
        a.events.push(e);
        if (e.event === 'started') {
          a.url = e.url as string;
          a.port = Number(new URL(a.url).port);
          a.up = true;
          resolve();
        }
      });
      proc.on('exit', (code, signal) => {
        a.up = false;
        if (a.stopping) return resolve();
        const ours = crashAt !== undefined && signal === 'SIGKILL' && stderr.includes(`crash point ${crashAt.split(':')[0]} `);
        if (!ours) {
          a.failure = new Error(`${a.name} exited (code ${code}, signal ${signal}) in life ${a.lives}, armed with ${crashAt}: ${stderr.slice(-3000)}`);
          return resolve();
        }
        a.fired.push(crashAt);
        a.points.shift();
        a.events.push({ event: 'killed', at: crashAt, life: a.lives, t: new Date().toISOString() });
        if (process.env.VOUCH_CRASH_TEST_VERBOSE) process.stdout.write(`# ${a.name} killed at ${crashAt} (life ${a.lives})\n`);
        void restart(a, crashAt).then(resolve);
      });
    });
  }

  /**
   * Restarts a killed agent. After a kill right behind a broadcast (`*.broadcast`, `*.submitted`),
   * mining is held for a few seconds, so the restarted node finds its transaction still in the
   * mempool: it must wait for it rather than send the effect again (and it must not come up
   * before it is mined).
   */
  async function restart(a: Agent, crashAt: string): Promise<void> {
    if (!/\.(broadcast|submitted)$/.test(crashAt.split(':')[0])) return launch(a);
    if (held++ === 0) await deployer.public.request({ method: 'evm_setIntervalMining' as never, params: [0] as never });
    const [mined, pending] = await Promise.all(['latest', 'pending'].map((blockTag) => deployer.public.getTransactionCount({ address: a.address, blockTag: blockTag as 'latest' })));
    const started = launch(a);
    if (pending > mined) {
      await new Promise((r) => setTimeout(r, HOLD_MS));
      mempoolRestarts.push({ agent: a.name, at: crashAt, startedWhileHeld: a.up });
      a.events.push({ event: 'held-in-mempool', at: crashAt, startedWhileHeld: a.up, t: new Date().toISOString() });
    }
    if (--held === 0) await deployer.public.request({ method: 'evm_setIntervalMining' as never, params: [1] as never });
    return started;
  }

  async function until<T>(what: string, check: () => Promise<T | undefined | false> | T | undefined | false, timeoutMs = 120_000): Promise<T> {
    const end = Date.now() + timeoutMs;
    for (;;) {
      for (const a of agents) if (a.failure) throw a.failure;
      const v = await check();
      if (v) return v;
      if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
      await new Promise((r) => setTimeout(r, 250));
    }
  }

  const state = async (taskId: bigint) => (await getTask(deployer, { tasks: deployment.addresses.tasks, taskId })).state;

  /** Whether the worker committed to the task (stored its trace): then it must claim it by itself, whatever happens to it. */
  function hasTrace(a: Agent, taskId: bigint): boolean {
    const db = new Database(join(a.dataDir, 'node.db'), { readonly: true, fileMustExist: true });
    try {
      return db.prepare('SELECT 1 FROM traces WHERE task_id = ?').get(taskId.toString()) !== undefined;
    } finally {
      db.close();
    }
  }

  /** Outbox rows still in flight and games still open in the agent's database. */
  function unfinished(a: Agent): unknown[] {
    const db = new Database(join(a.dataDir, 'node.db'), { readonly: true, fileMustExist: true });
    try {
      return [
        ...db.prepare("SELECT kind, subject, status FROM outbox WHERE status IN ('intent', 'submitted')").all(),
        ...db.prepare("SELECT game_id, status FROM disputes WHERE status = 'open'").all(),
      ];
    } finally {
      db.close();
    }
  }

  /**
   * A requester's task: created on chain, its input sent to the worker over A2A. When the
   * worker dies on it, the requester sends it again only if the worker had not committed to it
   * (no stored trace); a committed task must be claimed by the restarted worker on its own.
   */
  async function submit(a: Agent): Promise<bigint> {
    const digit = digits[nextDigit++];
    const input = quantizeInput(served.model, 0, digit.image);
    const inputHash = bytesToHex(tensorHash(int8Tensor(inputShape, input)));
    const now = (await requester.public.getBlock({ blockTag: 'latest' })).timestamp;
    const { taskId } = await createTask(requester, {
      tasks: deployment.addresses.tasks,
      modelId: served.modelId,
      inputHashes: [inputHash],
      fee: FEE,
      claimDeadline: now + 1_800n,
      inputData: bytesToHex(new Uint8Array(input.buffer, input.byteOffset, input.length)),
    });
    const request = { modelId: served.modelId, input: { dtype: 'int8' as const, shape: [...inputShape], data: Array.from(input) }, mode: 'optimistic' as const, chainTaskId: taskId.toString() };
    const send = async () => {
      const client = createA2AClient(a.url!, { account: privateKeyToAccount(requesterKey), domain: { chainId: deployment.chainId, verifyingContract: deployment.addresses.tasks } });
      return client.sendInference(request).then(readInferenceResult, () => undefined);
    };
    let answer = await send();
    await until(`task ${taskId} claimed by ${a.name}`, async () => {
      if ((await state(taskId)) !== 'open') return true;
      if (!a.up || hasTrace(a, taskId)) return false;
      // The worker is back and never committed to the task (it died before storing the trace).
      await new Promise((r) => setTimeout(r, 1000));
      if (a.up && (await state(taskId)) === 'open' && !hasTrace(a, taskId)) answer = await send();
      return false;
    });
    // The requester lost the answer when the worker died: asked again, the restarted worker
    // answers with the claim it made (from its database), not with an error or a second claim.
    answer ??= await until(`${a.name}'s answer for task ${taskId}`, async () => (a.up ? send() : undefined));
    const onChain = await getTask(deployer, { tasks: deployment.addresses.tasks, taskId });
    assert.equal(answer.outputHash, onChain.outputHash, `task ${taskId}: the answer is the claim on chain`);
    assert.equal(answer.claim?.chainTaskId, taskId.toString());
    return taskId;
  }

  const requesterKey = keccak256(toBytes('vouch crash requester'));

  before(async () => {
    const t0 = Date.now();
    const fund = [...agents.map((a) => a.address), privateKeyToAccount(requesterKey).address];
    ({ anvil, deployer, deployment } = await startTestChain(dir, { params: { challengeWindow: CHALLENGE_WINDOW, disputeMoveClock: MOVE_CLOCK, minStake: MIN_STAKE } }, fund));
    requester = createVouchClients({ rpcUrl: anvil.rpcUrl, privateKey: requesterKey });
    await approveToken(requester, { token: deployment.addresses.vouchToken, spender: deployment.addresses.tasks, amount: parseEther('1000') });

    // The worker registers the model before the others start (no registration race).
    await launch(worker);
    await Promise.all([launch(cheater), launch(challenger)]);

    // Disputes first: three cheats, the challenger (and the cheater) killed along the way.
    const cheats = Promise.all([0, 1, 2].map(() => submit(cheater)));
    // Meanwhile the honest worker takes tasks one at a time until its claim-side points are spent.
    while (!worker.points[0]?.startsWith('finalize') && !worker.points[0]?.startsWith('sync')) {
      const lives = worker.lives;
      honestTasks.push(await submit(worker));
      if (worker.lives !== lives) await until('worker back', () => worker.up);
    }
    cheatTasks.push(...(await cheats));
    await until('every cheat rejected and the dispute-side points spent', async () => {
      for (const t of cheatTasks) if ((await state(t)) !== 'rejected') return false;
      return challenger.points.every((p) => p.startsWith('resolve-timeout')) && cheater.points.length === 0;
    }, 180_000);

    // One more cheat, and the cheater walks away (killed for good) before its first move: the
    // challenger wins on time once the cheater's clock is out.
    const walkout = await submit(cheater);
    cheatTasks.push(walkout);
    cheater.stopping = true;
    cheater.proc?.kill('SIGKILL');
    const gameId = await until(`a dispute over task ${walkout}`, async () => {
      const opened = await deployer.public.getContractEvents({ address: deployment.addresses.disputeGame, abi: disputeGameAbi, eventName: 'GameOpened', args: { taskId: walkout }, fromBlock: 0n });
      return opened[0]?.args.gameId;
    });
    // The cheater may have moved before it was killed; the challenger answers, then it is the cheater's turn for good.
    const game = await until(`the cheater's turn in game ${gameId}`, async () => {
      const g = await getGame(deployer, { disputeGame: deployment.addresses.disputeGame, gameId });
      return g.turn === 'worker' && g;
    });

    // Only that game is open: jump over the cheater's remaining clock and the challenge window,
    // so the challenger claims the timeout and the honest claims finalize (two more tasks, so the
    // finalize points have work even if some claims settled already).
    honestTasks.push(await submit(worker), await submit(worker));
    const jump = Math.max(Number(CHALLENGE_WINDOW), Number(game.budget - game.workerUsed)) + 1;
    await deployer.public.request({ method: 'evm_increaseTime' as never, params: [jump] as never });
    await until('every honest task final, the walkout rejected, every point spent', async () => {
      for (const t of honestTasks) if ((await state(t)) !== 'finalized') return false;
      if ((await state(walkout)) !== 'rejected') return false;
      return worker.points.length === 0 && challenger.points.length === 0;
    }, 120_000);
    // The cheater comes back long after it was killed (mid-move, perhaps): it settles its outbox
    // and records the game it lost, from the chain.
    cheater.stopping = false;
    await launch(cheater);
    await until('the cheater back with its books closed', () => unfinished(cheater).length === 0);
    seconds = (Date.now() - t0) / 1000;
  });

  after(async () => {
    // For a post-mortem: every agent's JSON events, with its kills and process lives.
    writeFileSync(join(dir, 'events.jsonl'), agents.flatMap((a) => a.events.map((e) => JSON.stringify({ agent: a.name, ...e }))).join('\n'));
    for (const a of agents) {
      a.stopping = true;
      a.proc?.kill('SIGTERM');
    }
    await anvil?.stop();
  });

  test('every crash point fired, once, in its own process life', () => {
    assert.deepEqual(worker.fired, WORKER_POINTS);
    assert.deepEqual(challenger.fired, CHALLENGER_POINTS);
    assert.deepEqual(cheater.fired, CHEATER_POINTS);
    const kills = agents.reduce((n, a) => n + a.fired.length, 0);
    process.stdout.write(`# crash: ${kills} kills (${agents.map((a) => `${a.name} ${a.fired.length}`).join(', ')}), ${honestTasks.length + cheatTasks.length} tasks, ${seconds.toFixed(1)} s\n`);
  });

  test('a restart that finds its own transaction in the mempool waits for it instead of sending again', () => {
    assert.ok(mempoolRestarts.length >= 2, `restarts with a pending transaction: ${JSON.stringify(mempoolRestarts)}`);
    for (const r of mempoolRestarts) assert.equal(r.startedWhileHeld, false, `${r.agent} after ${r.at} came up while its transaction was still pending`);
  });

  test('every task settled as it should: honest final, cheats rejected', async () => {
    for (const t of honestTasks) assert.equal(await state(t), 'finalized', `honest task ${t}`);
    for (const t of cheatTasks) assert.equal(await state(t), 'rejected', `cheat task ${t}`);
  });

  test('exactly one claim per task, by the worker it was sent to', async () => {
    const claims = await deployer.public.getContractEvents({ address: deployment.addresses.tasks, abi: tasksAbi, eventName: 'TaskClaimed', fromBlock: 0n });
    for (const [tasks, a] of [[honestTasks, worker], [cheatTasks, cheater]] as const) {
      for (const t of tasks) {
        const mine = claims.filter((c) => c.args.taskId === t);
        assert.equal(mine.length, 1, `task ${t}: ${mine.length} TaskClaimed`);
        assert.equal(mine[0].args.worker?.toLowerCase(), a.address.toLowerCase());
      }
    }
  });

  test('no transaction sent twice: none of the agents reverted, no effect sent by two transactions', async () => {
    const from = new Map(agents.map((a) => [a.address.toLowerCase(), a.name]));
    const head = await deployer.public.getBlockNumber({ cacheTime: 0 });
    const sent = new Map<string, Hex[]>();
    const setup = new Map<string, string[]>(agents.map((a) => [a.name, []]));
    for (let b = BigInt(deployment.fromBlock); b <= head; b++) {
      const block = await deployer.public.getBlock({ blockNumber: b, includeTransactions: true });
      for (const tx of block.transactions) {
        const name = from.get(tx.from.toLowerCase());
        if (!name) continue;
        const receipt = await deployer.public.getTransactionReceipt({ hash: tx.hash });
        let call = tx.input.slice(0, 10);
        try {
          const abi = [...tasksAbi, ...disputeGameAbi, ...validationRegistryAbi, ...identityRegistryAbi, ...vouchTokenAbi, ...stakeManagerAbi];
          const d = decodeFunctionData({ abi, data: tx.input });
          call = `${d.functionName}(${(d.args ?? []).slice(0, 2).map(String).join(',')})`;
        } catch {}
        assert.equal(receipt.status, 'success', `${name}'s ${call} reverted (${tx.hash})`);
        if (/^(register|approve|bond)\(/.test(call)) setup.get(name)!.push(call.slice(0, call.indexOf('(')));
        // Each effect once: a claim, a finalize, an open, a validation link/request per task.
        if (/^(claim|finalize|open|linkValidation|validationRequest)\(/.test(call)) {
          const key = `${name} ${call.startsWith('validationRequest') ? `validationRequest(${decodeFunctionData({ abi: validationRegistryAbi, data: tx.input }).args[3]})` : call.replace(/,.*\)$/, ')')}`;
          sent.set(key, [...(sent.get(key) ?? []), tx.hash]);
        }
      }
    }
    for (const [key, hashes] of sent) assert.equal(hashes.length, 1, `${key} sent ${hashes.length} times: ${hashes.join(' ')}`);
    // One ERC-8004 identity per agent; every stake approval used by a bond before the next one
    // (restarts top the stake up again once claims and disputes lock it: that is not a duplicate).
    for (const [name, calls] of setup) {
      assert.equal(calls.filter((c) => c === 'register').length, 1, `${name} registered ${calls.join(',')}`);
      const stake = calls.filter((c) => c !== 'register').join(',');
      assert.match(stake, /^(approve,bond,?)+$/, `${name}'s stake transactions: ${stake}`);
    }
    assert.equal([...sent.keys()].filter((k) => k.startsWith('worker claim(')).length, honestTasks.length);
    assert.equal([...sent.keys()].filter((k) => k.startsWith('worker finalize(')).length, honestTasks.length);
    assert.equal([...sent.keys()].filter((k) => k.startsWith('challenger open(')).length, cheatTasks.length);
  });

  test('every dispute won by the honest challenger on the merits, inside its clock', async () => {
    const resolved = await deployer.public.getContractEvents({ address: deployment.addresses.disputeGame, abi: disputeGameAbi, eventName: 'GameResolved', fromBlock: 0n });
    assert.equal(resolved.length, cheatTasks.length);
    for (const r of resolved) {
      assert.ok(cheatTasks.includes(r.args.taskId!), `game ${r.args.gameId} is over a cheat`);
      assert.equal(r.args.winner, 1, `game ${r.args.gameId}: the challenger wins`);
    }
    // A timeout would mean someone's clock ran out while it was down: the challenger never did.
    assert.ok(!challenger.events.some((e) => e.event === 'dispute-lost'));
  });

  test('every settled task posted its ERC-8004 validation (100 final, 0 rejected), the worker\'s despite its kills', async () => {
    const logs = await deployer.public.getContractEvents({ address: deployment.addresses.tasks, abi: tasksAbi, eventName: 'ValidationPublished', fromBlock: 0n });
    for (const t of honestTasks) assert.equal(logs.find((l) => l.args.taskId === t)?.args.response, 100, `task ${t}`);
    for (const t of cheatTasks) assert.equal(logs.find((l) => l.args.taskId === t)?.args.response, 0, `task ${t}`);
  });

  test('each database records every game move under its mover and transaction, moves sent just before a kill included', async () => {
    const events = await deployer.public.getContractEvents({ address: deployment.addresses.disputeGame, abi: disputeGameAbi, fromBlock: 0n });
    const moves = events.filter((l) => l.eventName === 'Bisected' || l.eventName === 'TensorRootRevealed' || l.eventName === 'LeafRevealed');
    for (const a of agents) {
      const db = new Database(join(a.dataDir, 'node.db'), { readonly: true, fileMustExist: true });
      try {
        const rows = db.prepare('SELECT game_id, seq, party, tx_hash FROM dispute_moves ORDER BY game_id, seq').all() as { game_id: string; seq: number; party: string; tx_hash: string | null }[];
        for (const r of rows) {
          const chain = moves.filter((l) => (l.args as { gameId: bigint }).gameId === BigInt(r.game_id))[r.seq - 1];
          assert.ok(chain, `${a.name}: game ${r.game_id} move ${r.seq} is on chain`);
          assert.equal(r.party, (chain.args as { party: number }).party === 0 ? 'worker' : 'challenger', `${a.name}: game ${r.game_id} move ${r.seq}'s mover`);
          assert.equal(r.tx_hash, chain.transactionHash, `${a.name}: game ${r.game_id} move ${r.seq}'s transaction`);
        }
      } finally {
        db.close();
      }
    }
  });

  test('each database ends with nothing unfinished: no transaction in flight, no game open', () => {
    for (const a of agents) assert.deepEqual(unfinished(a), [], `${a.name}: unfinished`);
  });
});
