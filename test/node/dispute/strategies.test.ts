import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { type Hex, keccak256, toBytes } from 'viem';
import { type ClaimProof, claimTask } from '../../../src/chain/actions/claimTask.ts';
import { getTask as getChainTask } from '../../../src/chain/actions/getTask.ts';
import { disputeGameAbi } from '../../../src/chain/abis/DisputeGame.ts';
import { openDispute } from '../../../src/chain/actions/openDispute.ts';
import { openDisputes } from '../../../src/node/dispute/playDisputes.ts';
import { claimProofOf } from '../../../src/node/execution/claimProofOf.ts';
import type { ServedModel } from '../../../src/node/execution/loadServedModel.ts';
import { finalizeDue, workerInference } from '../../../src/node/roles/worker.ts';
import { getDispute, getTask, getVerification } from '../../../src/node/store/index.ts';
import { mnistSplit } from '../../../src/data/mnist.ts';
import { quantizeInput } from '../../../src/runtime/boundary.ts';
import {
  type Chain,
  FEE,
  type HonestNode,
  PARAMS,
  delta,
  gameOf,
  garbageTraceHashes,
  lyingExecution,
  newTask,
  nodeOf,
  ownExecution,
  paddedClaim,
  passTime,
  resolutionOf,
  setupChain,
  snapshot,
} from './harness.ts';
import { type Liar, consistentLiar, garbageLiar, playOut, silentLiar } from './liars.ts';
import { OPS_MODEL_KINDS, TINY, randomInput, tinyInput } from './tinyModel.ts';

// The node's automatic dispute player (src/node/dispute) against every lying strategy, on anvil
// with the real contracts (ModelStepVerifier included). The honest party is a node context over
// its own store, ticking as startNode's loop does (syncChain, then playDispute per open game);
// the liar is scripted with the chain actions. Chain time moves with evm_increaseTime and
// evm_setNextBlockTimestamp. What each case shows: docs/node.md, "The dispute player against liars".

const SLASH_TO_WINNER = (amount: bigint) => (amount * BigInt(10_000 - PARAMS.slashTreasuryBps)) / 10_000n;
const SLASH_TO_TREASURY = (amount: bigint) => amount - SLASH_TO_WINNER(amount);
const PROTOCOL_FEE = (FEE * BigInt(PARAMS.protocolFeeBps)) / 10_000n;

describe('dispute player vs lying strategies (anvil, real contracts)', { timeout: 300_000 }, () => {
  let chain: Chain;
  let tiny: ServedModel;
  let mnist: ServedModel;
  let ops: ServedModel;
  let seed = 100;
  const timings: string[] = [];

  before(async () => {
    chain = await setupChain();
    ({ tiny, mnist, ops } = chain.models);
  });
  after(async () => {
    if (timings.length) process.stdout.write(`# dispute strategies: ${timings.join(', ')}\n`);
    await chain?.stop();
  });

  const head = () => chain.deployer.public.getBlockNumber({ cacheTime: 0 });
  const nodeError = (n: HonestNode) => JSON.stringify(n.failures(), (_, v) => (typeof v === 'bigint' ? v.toString() : v));

  type GameCase = {
    model: ServedModel;
    input: Int8Array;
    hashes: Hex[];
    liar: Liar;
    resolution: 'step' | 'timeout';
    /** The liar's claim or opening, when not claimProofOf(hashes). */
    proof?: ClaimProof;
    /** Restart the honest node (a new context over its database) after these of its moves. */
    restartAfter?: number[];
  };
  let restarted = 0;
  const restarts = (honest: HonestNode, o: GameCase) => (n: number) => {
    if (!o.restartAfter?.includes(n)) return;
    honest.restart();
    restarted++;
  };
  /**
   * The node's record holds every move of the game, both parties', but the step that ended it,
   * each under the party the chain's event names.
   */
  const assertHistory = async (gameId: bigint, game: { moves: number }, o: GameCase, honest: HonestNode) => {
    const d = getDispute(honest.store, gameId)!;
    const recorded = o.resolution === 'step' ? game.moves - 1 : game.moves;
    assert.equal(d.history.length, recorded, 'moves recorded by the node');
    assert.deepEqual(d.history.map((m) => m.seq), Array.from({ length: recorded }, (_, i) => i + 1));
    const logs = await chain.deployer.public.getContractEvents({ address: chain.deployment.addresses.disputeGame, abi: disputeGameAbi, args: { gameId }, fromBlock: 0n });
    const movers = logs.filter((l) => l.eventName === 'Bisected' || l.eventName === 'TensorRootRevealed' || l.eventName === 'LeafRevealed').map((l) => ((l.args as { party: number }).party === 0 ? 'worker' : 'challenger'));
    assert.deepEqual(d.history.map((m) => m.party), movers.slice(0, recorded), 'each move recorded under its mover');
  };

  /**
   * A lying worker claims `hashes`; the honest challenger node sees the claim, re-executes the
   * task from its published input, opens the dispute and plays it against `liar`. It must win:
   * the worker's stake slashed (winner's share to it, the rest to the treasury), its bond back,
   * the fee back to the requester, and its database saying so.
   */
  async function honestChallengerWins(name: string, o: GameCase) {
    const t0 = Date.now();
    const fromBlock = await head();
    const taskId = await newTask(chain, o.model, o.input);
    const before = await snapshot(chain);
    await claimTask(chain.agents.liarWorker, { tasks: chain.deployment.addresses.tasks, taskId, proof: o.proof ?? claimProofOf(o.hashes, 1) });
    const honest = nodeOf(chain, { role: 'challenger', as: 'honestChallenger', fromBlock });
    try {
      await honest.tick();
      assert.equal(getVerification(honest.store, taskId)?.verdict, 'disagree');
      const [dispute] = openDisputes(honest.ctx);
      assert.ok(dispute, `the honest challenger opened no dispute: ${nodeError(honest)}`);
      const { game } = await playOut(chain, honest, o.liar, dispute.gameId, restarts(honest, o));

      assert.equal(game.status, 'challenger-won');
      assert.deepEqual(await resolutionOf(chain, dispute.gameId), { winner: 'challenger', resolution: o.resolution });
      assert.ok(game.moves <= game.maxMoves);
      assert.equal((await getChainTask(chain.deployer, { tasks: chain.deployment.addresses.tasks, taskId })).state, 'rejected');

      const after = await snapshot(chain);
      assert.deepEqual(delta(before.liarWorker, after.liarWorker), { bonded: -PARAMS.minStake, locked: 0n, stakeCredits: 0n, taskCredits: 0n }, 'the lying worker loses its minimum stake');
      assert.deepEqual(delta(before.honestChallenger, after.honestChallenger), { bonded: 0n, locked: 0n, stakeCredits: SLASH_TO_WINNER(PARAMS.minStake), taskCredits: 0n }, 'the challenger wins the slash and its bond is unlocked');
      assert.equal(delta(before.treasury, after.treasury).stakeCredits, SLASH_TO_TREASURY(PARAMS.minStake));
      assert.equal(delta(before.requester, after.requester).taskCredits, FEE, 'the requester gets the fee back');

      assert.equal(getDispute(honest.store, dispute.gameId)?.status, 'won');
      await assertHistory(dispute.gameId, game, o, honest);
      assert.equal(getTask(honest.store, taskId)?.status, 'rejected');
      assert.deepEqual(honest.failures(), []);
      assert.ok(honest.events.some((e) => e.event === 'dispute-won'));
      timings.push(`${name} ${((Date.now() - t0) / 1000).toFixed(1)} s`);
      return { gameId: dispute.gameId, game };
    } finally {
      honest.close();
    }
  }

  /**
   * An honest worker node claims the task (its real inference handler); a lying challenger
   * opens a dispute with `hashes` and plays as `liar`. The worker must win: the bond slashed
   * to it and the treasury, its claim standing for a fresh window, then finalized by the node
   * and the fee paid; its database saying so at each step.
   */
  async function honestWorkerWins(name: string, o: GameCase) {
    const t0 = Date.now();
    const fromBlock = await head();
    const taskId = await newTask(chain, o.model, o.input);
    const before = await snapshot(chain);
    const honest = nodeOf(chain, { role: 'worker', as: 'honestWorker', fromBlock });
    try {
      const shape = o.model.model.values[0].shape;
      const result = await workerInference(honest.ctx)(
        { modelId: o.model.modelId, input: { dtype: 'int8', shape, data: Array.from(o.input) }, chainTaskId: String(taskId) },
        { taskId: 'a2a', sender: chain.agents.requester.wallet.account.address, signal: new AbortController().signal },
      );
      assert.ok(result.claim, 'the worker claimed the task');
      assert.notEqual(result.outputHash, o.hashes.at(-1), 'the liar claims another output');
      const { gameId } = await openDispute(chain.agents.liarChallenger, { disputeGame: chain.deployment.addresses.disputeGame, taskId, proof: o.proof ?? claimProofOf(o.hashes, 1) });
      const { game } = await playOut(chain, honest, o.liar, gameId, restarts(honest, o));

      assert.equal(game.status, 'worker-won');
      assert.deepEqual(await resolutionOf(chain, gameId), { winner: 'worker', resolution: o.resolution });
      assert.ok(game.moves <= game.maxMoves);
      const task = await getChainTask(chain.deployer, { tasks: chain.deployment.addresses.tasks, taskId });
      assert.equal(task.state, 'challengeable', 'the claim stands, for a fresh window');

      const after = await snapshot(chain);
      assert.deepEqual(delta(before.liarChallenger, after.liarChallenger), { bonded: -PARAMS.challengerBond, locked: 0n, stakeCredits: 0n, taskCredits: 0n }, 'the lying challenger loses its bond');
      assert.deepEqual(delta(before.honestWorker, after.honestWorker), { bonded: 0n, locked: PARAMS.minStake, stakeCredits: SLASH_TO_WINNER(PARAMS.challengerBond), taskCredits: 0n }, 'the worker wins the bond; its stake stays locked behind the claim');
      assert.equal(delta(before.treasury, after.treasury).stakeCredits, SLASH_TO_TREASURY(PARAMS.challengerBond));
      assert.equal(getDispute(honest.store, gameId)?.status, 'won');
      await assertHistory(gameId, game, o, honest);
      assert.equal(getTask(honest.store, taskId)?.status, 'claimed');

      // The fresh window passes with no other challenger: the node finalizes and is paid.
      await passTime(chain, Number(task.challengeWindow) + 1);
      await finalizeDue(honest.ctx, [taskId]);
      const paid = await snapshot(chain);
      assert.deepEqual(delta(before.honestWorker, paid.honestWorker), { bonded: 0n, locked: 0n, stakeCredits: SLASH_TO_WINNER(PARAMS.challengerBond), taskCredits: FEE - PROTOCOL_FEE });
      assert.equal(getTask(honest.store, taskId)?.status, 'finalized');
      assert.deepEqual(honest.failures(), []);
      timings.push(`${name} ${((Date.now() - t0) / 1000).toFixed(1)} s`);
      return { gameId, game };
    } finally {
      honest.close();
    }
  }

  const nextInput = () => tinyInput(seed++);

  // ---------------------------------------------------------------- a lying worker

  for (const [where, opIndex] of [['first', TINY.firstOp], ['middle (skip-connection add)', TINY.middleOp], ['last (the output)', TINY.lastOp]] as const) {
    test(`worker lies at the ${where} computed tensor: the challenger node wins by the step, the worker is slashed`, async () => {
      const input = nextInput();
      const lie = lyingExecution(tiny, input, { opIndex, elementIndex: 37 });
      const liar = consistentLiar(chain, { side: 'worker', as: 'liarWorker', own: () => ownExecution(tiny, lie) });
      const { game } = await honestChallengerWins(`worker@${opIndex}`, { model: tiny, input, hashes: lie.tensorHashes, liar, resolution: 'step' });
      assert.equal(game.traceIndex, 1 + opIndex, 'the game found the first lying tensor');
      assert.equal(game.tensorDepth, opIndex === TINY.firstOp ? 1 : 0, 'two leaves (one tensor round) or one (straight to the leaf)');
      assert.deepEqual(liar.reverts, []);
      assert.equal(liar.moves.at(-1)?.kind, 'step');
    });
  }

  test('worker lies in a middle tensor of the MNIST CNN (conv 8->16 on a real digit): the challenger node wins by the step', async () => {
    const input = quantizeInput(mnist.model, 0, mnistSplit('test')[3].image);
    const lie = lyingExecution(mnist, input, { opIndex: 2, elementIndex: 1000 });
    const liar = consistentLiar(chain, { side: 'worker', as: 'liarWorker', own: () => ownExecution(mnist, lie) });
    const { game } = await honestChallengerWins('mnist worker@2', { model: mnist, input, hashes: lie.tensorHashes, liar, resolution: 'step' });
    assert.equal(game.traceIndex, 3);
    assert.equal(game.tensorDepth, 4, 'a real tensor bisection: 16x14x14 bytes are 13 leaves');
  });

  test('worker lies and, facing the step it would lose, goes silent: the challenger node wins on its timeout', async () => {
    const input = nextInput();
    const lie = lyingExecution(tiny, input, { opIndex: TINY.middleOp, elementIndex: 3 });
    const liar = consistentLiar(chain, { side: 'worker', as: 'liarWorker', own: () => ownExecution(tiny, lie), stepAtEnd: false });
    const { game } = await honestChallengerWins('worker silent at step', { model: tiny, input, hashes: lie.tensorHashes, liar, resolution: 'timeout' });
    assert.equal(game.phase, 'step');
  });

  // ---------------------------------------------------------------- a lying challenger

  for (const [where, opIndex] of [['first', TINY.firstOp], ['middle (skip-connection add)', TINY.middleOp], ['last (the output)', TINY.lastOp]] as const) {
    test(`challenger claims a wrong trace (lie at the ${where} tensor): the worker node wins by the step, the bond is slashed`, async () => {
      const input = nextInput();
      const lie = lyingExecution(tiny, input, { opIndex, elementIndex: 100 });
      const liar = consistentLiar(chain, { side: 'challenger', as: 'liarChallenger', own: () => ownExecution(tiny, lie) });
      const { game } = await honestWorkerWins(`challenger@${opIndex}`, { model: tiny, input, hashes: lie.tensorHashes, liar, resolution: 'step' });
      assert.equal(game.traceIndex, 1 + opIndex);
      assert.deepEqual(liar.reverts, []);
      assert.equal(liar.moves.at(-1)?.kind, 'pickElement');
    });
  }

  test('challenger lies at each op of a model of the other op kinds (avgPool, lut, transpose, mul, reshape, matmul, softmax, add): the worker node steps each and wins', async () => {
    for (const [opIndex, kind] of OPS_MODEL_KINDS.entries()) {
      const input = randomInput(seed++, 144);
      const lie = lyingExecution(ops, input, { opIndex, elementIndex: 17 * opIndex + 5 });
      const liar = consistentLiar(chain, { side: 'challenger', as: 'liarChallenger', own: () => ownExecution(ops, lie) });
      const { game } = await honestWorkerWins(`challenger@${kind}`, { model: ops, input, hashes: lie.tensorHashes, liar, resolution: 'step' });
      assert.equal(game.traceIndex, 1 + opIndex, kind);
      assert.deepEqual(liar.reverts, [], kind);
    }
  });

  // ---------------------------------------------------------------- lies in the bisection

  test('worker claims a trace root over garbage: its header cannot open, it reverts and times out', async () => {
    const input = nextInput();
    const hashes = garbageTraceHashes(tiny, input, 'worker');
    const liar = garbageLiar(chain, { side: 'worker', as: 'liarWorker', model: tiny, leaves: hashes });
    const { game } = await honestChallengerWins('garbage worker', { model: tiny, input, hashes, liar, resolution: 'timeout' });
    assert.equal(game.phase, 'tensor-header');
    assert.equal(game.traceIndex, 1, 'the first computed tensor already differs');
    assert.deepEqual(liar.reverts, ['GameBadTensorHeader']);
  });

  test('challenger claims a trace root over garbage: its header cannot open, it reverts and times out', async () => {
    const input = nextInput();
    const hashes = garbageTraceHashes(tiny, input, 'challenger');
    const liar = garbageLiar(chain, { side: 'challenger', as: 'liarChallenger', model: tiny, leaves: hashes });
    const { game } = await honestWorkerWins('garbage challenger', { model: tiny, input, hashes, liar, resolution: 'timeout' });
    assert.equal(game.phase, 'tensor-header');
    assert.deepEqual(liar.reverts, ['GameBadTensorHeader']);
  });

  test('worker claims a root with garbage in the padding slot after its (wrong) output: the padding child is refused, it times out', async () => {
    const input = nextInput();
    const lie = lyingExecution(tiny, input, { opIndex: TINY.lastOp, elementIndex: 2 });
    const { leaves, proof } = paddedClaim(lie.tensorHashes, keccak256(toBytes('padding garbage, worker')));
    const liar = garbageLiar(chain, { side: 'worker', as: 'liarWorker', model: tiny, leaves });
    const { game } = await honestChallengerWins('padding worker', { model: tiny, input, hashes: lie.tensorHashes, proof, liar, resolution: 'timeout' });
    assert.equal(game.phase, 'trace-bisection');
    assert.deepEqual(liar.reverts, ['GameBadPadding']);
  });

  test('challenger opens with garbage in the padding slot after its (wrong) output: the padding child is refused, it times out', async () => {
    const input = nextInput();
    const lie = lyingExecution(tiny, input, { opIndex: TINY.lastOp, elementIndex: 3 });
    const { leaves, proof } = paddedClaim(lie.tensorHashes, keccak256(toBytes('padding garbage, challenger')));
    const liar = garbageLiar(chain, { side: 'challenger', as: 'liarChallenger', model: tiny, leaves });
    const { game } = await honestWorkerWins('padding challenger', { model: tiny, input, hashes: lie.tensorHashes, proof, liar, resolution: 'timeout' });
    assert.equal(game.phase, 'trace-bisection');
    assert.deepEqual(liar.reverts, ['GameBadPadding']);
  });

  test('worker switches to another lying tree mid-bisection: its children do not open its node, it reverts and times out', async () => {
    const input = nextInput();
    const a = lyingExecution(tiny, input, { opIndex: TINY.lastOp, elementIndex: 1 });
    const b = lyingExecution(tiny, input, { opIndex: TINY.firstOp, elementIndex: 1 });
    const liar = consistentLiar(chain, { side: 'worker', as: 'liarWorker', own: (n) => ownExecution(tiny, n < 1 ? a : b) });
    const { game } = await honestChallengerWins('switching worker', { model: tiny, input, hashes: a.tensorHashes, liar, resolution: 'timeout' });
    assert.equal(game.phase, 'trace-bisection');
    assert.equal(liar.moves.length, 1);
    assert.deepEqual(liar.reverts, ['GameBadChildren']);
  });

  test('challenger switches to another lying tree mid-bisection: its children do not open its node, it reverts and times out', async () => {
    const input = nextInput();
    const a = lyingExecution(tiny, input, { opIndex: TINY.lastOp, elementIndex: 2 });
    const b = lyingExecution(tiny, input, { opIndex: TINY.middleOp, elementIndex: 2 });
    const liar = consistentLiar(chain, { side: 'challenger', as: 'liarChallenger', own: (n) => ownExecution(tiny, n < 2 ? a : b) });
    const { game } = await honestWorkerWins('switching challenger', { model: tiny, input, hashes: a.tensorHashes, liar, resolution: 'timeout' });
    assert.equal(game.phase, 'trace-bisection');
    assert.equal(liar.moves.length, 2);
    assert.deepEqual(liar.reverts, ['GameBadChildren']);
  });

  test('worker switches to another tensor at the same trace leaf mid tensor-bisection: its children do not open its tensor root, it reverts and times out', async () => {
    const input = nextInput();
    // Both lie in the first tensor (512 bytes, two leaves), in different leaves: the same trace
    // leaf differs, so the switch is only visible once the tensor tree is bisected.
    const a = lyingExecution(tiny, input, { opIndex: TINY.firstOp, elementIndex: 1 });
    const b = lyingExecution(tiny, input, { opIndex: TINY.firstOp, elementIndex: 300 });
    const traceMoves = 3 + 1; // three trace rounds and the header
    const liar = consistentLiar(chain, { side: 'worker', as: 'liarWorker', own: (n) => ownExecution(tiny, n < traceMoves ? a : b) });
    const { game } = await honestChallengerWins('tensor-switching worker', { model: tiny, input, hashes: a.tensorHashes, liar, resolution: 'timeout' });
    assert.equal(game.phase, 'tensor-bisection');
    assert.deepEqual(liar.moves.map((m) => m.kind), ['bisect', 'bisect', 'bisect', 'revealTensorRoot']);
    assert.deepEqual(liar.reverts, ['GameBadChildren']);
  });

  // ---------------------------------------------------------------- the honest node restarts

  test('the challenger node restarts mid trace-bisection and mid tensor-bisection: it resumes from its database and wins', async () => {
    const input = nextInput();
    const lie = lyingExecution(tiny, input, { opIndex: TINY.firstOp, elementIndex: 400 });
    const liar = consistentLiar(chain, { side: 'worker', as: 'liarWorker', own: () => ownExecution(tiny, lie) });
    restarted = 0;
    const { game } = await honestChallengerWins('restarting challenger', { model: tiny, input, hashes: lie.tensorHashes, liar, resolution: 'step', restartAfter: [1, 4] });
    assert.equal(game.tensorDepth, 1);
    assert.equal(restarted, 2);
  });

  test('the worker node restarts mid-game: it resumes from its database, wins and finalizes', async () => {
    const input = nextInput();
    const lie = lyingExecution(tiny, input, { opIndex: TINY.firstOp, elementIndex: 7 });
    const liar = consistentLiar(chain, { side: 'challenger', as: 'liarChallenger', own: () => ownExecution(tiny, lie) });
    restarted = 0;
    await honestWorkerWins('restarting worker', { model: tiny, input, hashes: lie.tensorHashes, liar, resolution: 'step', restartAfter: [2, 5] });
    assert.equal(restarted, 2);
  });

  // ---------------------------------------------------------------- silence and the clock

  test('worker claims a lie and never moves: the challenger node resolves the timeout once the worker clock is out', async () => {
    const input = nextInput();
    const lie = lyingExecution(tiny, input, { opIndex: TINY.middleOp, elementIndex: 5 });
    const { game } = await honestChallengerWins('silent worker', { model: tiny, input, hashes: lie.tensorHashes, liar: silentLiar('worker'), resolution: 'timeout' });
    assert.equal(game.moves, 0);
  });

  test('challenger opens a dispute and never moves: the worker node resolves the timeout once the challenger clock is out', async () => {
    const input = nextInput();
    const lie = lyingExecution(tiny, input, { opIndex: TINY.middleOp, elementIndex: 5 });
    const { game } = await honestWorkerWins('silent challenger', { model: tiny, input, hashes: lie.tensorHashes, liar: silentLiar('challenger'), resolution: 'timeout' });
    assert.equal(game.moves, 1, 'only the worker\'s first bisection');
  });

  test('worker makes every move at the last second of its clock: the challenger node answers each in time and wins by the step', async () => {
    const input = nextInput();
    const lie = lyingExecution(tiny, input, { opIndex: TINY.lastOp, elementIndex: 4 });
    const liar = consistentLiar(chain, { side: 'worker', as: 'liarWorker', own: () => ownExecution(tiny, lie), atLastSecond: () => true });
    const { game } = await honestChallengerWins('last-second worker', { model: tiny, input, hashes: lie.tensorHashes, liar, resolution: 'step' });
    assert.deepEqual(liar.reverts, []);
    assert.equal(liar.moves.at(-1)?.kind, 'step');
    // Each move was accepted with the worker's whole budget used (the last bisection before the
    // header's budget increment, and every move after it, at used = budget exactly).
    for (const m of liar.moves.slice(0, -1)) assert.equal(m.used, m.budget, `${m.kind} at ${m.timestamp}`);
    assert.equal(game.phase, 'step');
  });

  test('challenger makes every move at the last second of its clock: the worker node answers each in time and wins by the step', async () => {
    const input = nextInput();
    const lie = lyingExecution(tiny, input, { opIndex: TINY.middleOp, elementIndex: 9 });
    const liar = consistentLiar(chain, { side: 'challenger', as: 'liarChallenger', own: () => ownExecution(tiny, lie), atLastSecond: () => true });
    await honestWorkerWins('last-second challenger (every move)', { model: tiny, input, hashes: lie.tensorHashes, liar, resolution: 'step' });
    assert.deepEqual(liar.reverts, []);
    assert.equal(liar.moves.at(-1)?.kind, 'pickElement');
    for (const m of liar.moves) assert.equal(m.used, m.budget, `${m.kind} at ${m.timestamp}`);
  });

  test('challenger makes its last move (pickElement) at the last second of its clock: the worker node still steps in time and wins', async () => {
    const input = nextInput();
    const lie = lyingExecution(tiny, input, { opIndex: TINY.firstOp, elementIndex: 300 });
    const liar = consistentLiar(chain, { side: 'challenger', as: 'liarChallenger', own: () => ownExecution(tiny, lie), atLastSecond: (g) => g.phase === 'leaf-reveal' });
    await honestWorkerWins('last-second challenger', { model: tiny, input, hashes: lie.tensorHashes, liar, resolution: 'step' });
    const last = liar.moves.at(-1)!;
    assert.equal(last.kind, 'pickElement');
    assert.equal(last.used, last.budget);
    assert.deepEqual(liar.reverts, []);
  });

  test('a challenger loses, then opens again on the same claim with another lie: the worker node plays the second game too, wins, and finalizes after the fresh window', async () => {
    const t0 = Date.now();
    const fromBlock = await head();
    const input = nextInput();
    const taskId = await newTask(chain, tiny, input);
    const before = await snapshot(chain);
    const honest = nodeOf(chain, { role: 'worker', as: 'honestWorker', fromBlock });
    try {
      await workerInference(honest.ctx)(
        { modelId: tiny.modelId, input: { dtype: 'int8', shape: [...TINY.inputShape], data: Array.from(input) }, chainTaskId: String(taskId) },
        { taskId: 'a2a', sender: chain.agents.requester.wallet.account.address, signal: new AbortController().signal },
      );
      const gameIds: bigint[] = [];
      for (const opIndex of [TINY.lastOp, TINY.firstOp]) {
        const lie = lyingExecution(tiny, input, { opIndex, elementIndex: 6 });
        const { gameId } = await openDispute(chain.agents.liarChallenger, { disputeGame: chain.deployment.addresses.disputeGame, taskId, proof: claimProofOf(lie.tensorHashes, 1) });
        const liar = consistentLiar(chain, { side: 'challenger', as: 'liarChallenger', own: () => ownExecution(tiny, lie) });
        const { game } = await playOut(chain, honest, liar, gameId);
        assert.equal(game.status, 'worker-won');
        assert.equal(game.traceIndex, 1 + opIndex);
        assert.equal(getDispute(honest.store, gameId)?.status, 'won');
        assert.equal(getTask(honest.store, taskId)?.status, 'claimed');
        gameIds.push(gameId);
      }
      const task = await getChainTask(chain.deployer, { tasks: chain.deployment.addresses.tasks, taskId });
      assert.equal(task.state, 'challengeable');
      await passTime(chain, Number(task.challengeWindow) + 1);
      await finalizeDue(honest.ctx, [taskId]);
      assert.equal(getTask(honest.store, taskId)?.status, 'finalized');
      const after = await snapshot(chain);
      assert.equal(delta(before.liarChallenger, after.liarChallenger).bonded, -2n * PARAMS.challengerBond);
      assert.deepEqual(delta(before.honestWorker, after.honestWorker), { bonded: 0n, locked: 0n, stakeCredits: 2n * SLASH_TO_WINNER(PARAMS.challengerBond), taskCredits: FEE - PROTOCOL_FEE });
      assert.deepEqual(honest.failures(), []);
      timings.push(`two challenges in a row ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    } finally {
      honest.close();
    }
  });

  // ---------------------------------------------------------------- several games at once

  test('three lying claims at once: the challenger node plays the three games in the same ticks (moves sent concurrently) and wins all', async () => {
    const t0 = Date.now();
    const fromBlock = await head();
    const before = await snapshot(chain);
    const games: { taskId: bigint; liar: Liar; opIndex: number }[] = [];
    for (const opIndex of [TINY.firstOp, TINY.middleOp, TINY.lastOp]) {
      const input = nextInput();
      const taskId = await newTask(chain, tiny, input);
      const lie = lyingExecution(tiny, input, { opIndex, elementIndex: 11 });
      await claimTask(chain.agents.liarWorker, { tasks: chain.deployment.addresses.tasks, taskId, proof: claimProofOf(lie.tensorHashes, 1) });
      games.push({ taskId, opIndex, liar: consistentLiar(chain, { side: 'worker', as: 'liarWorker', own: () => ownExecution(tiny, lie) }) });
    }
    const honest = nodeOf(chain, { role: 'challenger', as: 'honestChallenger', fromBlock });
    try {
      await honest.tick();
      const disputes = openDisputes(honest.ctx);
      assert.equal(disputes.length, 3);
      const gameOfTask = new Map(disputes.map((d) => [d.taskId, d.gameId]));
      for (let round = 0; round < 60; round++) {
        const states = await Promise.all(games.map((g) => gameOf(chain, gameOfTask.get(g.taskId)!)));
        if (states.every((g) => g.status !== 'in-progress')) break;
        // Every liar whose turn it is moves; then the node plays all its games in one tick.
        for (const [i, g] of states.entries()) {
          if (g.status === 'in-progress' && g.turn === 'worker') assert.ok(await games[i].liar.act(g), `liar ${i} moved`);
        }
        const before = await Promise.all(games.map((g) => gameOf(chain, gameOfTask.get(g.taskId)!)));
        await honest.tick();
        const after = await Promise.all(games.map((g) => gameOf(chain, gameOfTask.get(g.taskId)!)));
        for (const [i, g] of after.entries()) {
          if (g.status === 'in-progress' && g.turn === 'challenger') assert.ok(g.moves > before[i].moves, `the node made no move in game ${g.gameId}: ${nodeError(honest)}`);
        }
      }
      await honest.tick();
      for (const g of games) {
        const gameId = gameOfTask.get(g.taskId)!;
        assert.deepEqual(await resolutionOf(chain, gameId), { winner: 'challenger', resolution: 'step' });
        assert.equal((await gameOf(chain, gameId)).traceIndex, 1 + g.opIndex);
        assert.equal(getDispute(honest.store, gameId)?.status, 'won');
        assert.equal(getTask(honest.store, g.taskId)?.status, 'rejected');
      }
      const after = await snapshot(chain);
      assert.equal(delta(before.liarWorker, after.liarWorker).bonded, -3n * PARAMS.minStake);
      assert.deepEqual(delta(before.honestChallenger, after.honestChallenger), { bonded: 0n, locked: 0n, stakeCredits: 3n * SLASH_TO_WINNER(PARAMS.minStake), taskCredits: 0n });
      assert.deepEqual(honest.failures(), []);
      timings.push(`three games at once ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    } finally {
      honest.close();
    }
  });

  // ---------------------------------------------------------------- both sides played by the node

  test('a cheating worker node (its own --cheat-rate mode) against an honest challenger node in the same process: the challenger wins', async () => {
    const t0 = Date.now();
    const fromBlock = await head();
    const input = nextInput();
    const taskId = await newTask(chain, tiny, input);
    const before = await snapshot(chain);
    // The cheater's random(): below its cheat rate, then the op (the middle one) and the element.
    const picks = [0, (TINY.middleOp + 0.5) / tiny.model.ops.length, 0.25];
    const cheater = nodeOf(chain, { role: 'worker', as: 'liarWorker', fromBlock, cheatRate: 1, random: () => picks.shift() ?? 0.5 });
    const honest = nodeOf(chain, { role: 'challenger', as: 'honestChallenger', fromBlock });
    try {
      await workerInference(cheater.ctx)(
        { modelId: tiny.modelId, input: { dtype: 'int8', shape: [...TINY.inputShape], data: Array.from(input) }, chainTaskId: String(taskId) },
        { taskId: 'a2a', sender: chain.agents.requester.wallet.account.address, signal: new AbortController().signal },
      );
      assert.deepEqual(cheater.events.find((e) => e.event === 'cheat')?.fields.opIndex, TINY.middleOp);
      // Both nodes tick in turn, as two startNode loops in one process would.
      let gameId: bigint | undefined;
      for (let round = 0; round < 40; round++) {
        await honest.tick();
        await cheater.tick();
        gameId ??= openDisputes(honest.ctx)[0]?.gameId;
        if (gameId !== undefined && (await gameOf(chain, gameId)).status !== 'in-progress') break;
      }
      assert.ok(gameId !== undefined, 'the honest challenger opened a dispute');
      await honest.tick();
      await cheater.tick();
      const game = await gameOf(chain, gameId);
      assert.equal(game.status, 'challenger-won', `honest: ${nodeError(honest)}`);
      assert.deepEqual(await resolutionOf(chain, gameId), { winner: 'challenger', resolution: 'step' });
      assert.equal(game.traceIndex, 1 + TINY.middleOp);
      assert.equal(getDispute(honest.store, gameId)?.status, 'won');
      assert.equal(getDispute(cheater.store, gameId)?.status, 'lost');
      assert.equal(getTask(cheater.store, taskId)?.status, 'rejected');
      assert.deepEqual(honest.failures(), []);
      const after = await snapshot(chain);
      assert.equal(delta(before.liarWorker, after.liarWorker).bonded, -PARAMS.minStake);
      assert.equal(delta(before.honestChallenger, after.honestChallenger).stakeCredits, SLASH_TO_WINNER(PARAMS.minStake));
      timings.push(`cheating node ${((Date.now() - t0) / 1000).toFixed(1)} s`);
    } finally {
      honest.close();
      cheater.close();
    }
  });
});
