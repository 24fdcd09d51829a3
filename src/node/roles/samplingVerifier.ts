import { encodeFunctionData, type Hex, isAddressEqual, parseEther } from 'viem';
import { samplingCoordinatorAbi } from '../../chain/abis/SamplingCoordinator.ts';
import { getStake } from '../../chain/actions/getStake.ts';
import { getTask } from '../../chain/actions/getTask.ts';
import { ContractRevertError } from '../../chain/errors.ts';
import { type NodeContext, chainNow } from '../context.ts';
import { advanceSyncCursor } from '../quorum/syncCursor.ts';
import { clearSkippedVerification, getSampleRow, recordSample, samplesIn, setSampleStatus } from '../sampling/samples.ts';
import { sendTracked } from '../sendTracked.ts';
import { respondSampledValidation } from '../sampling/sampledValidation.ts';
import { agreeSample } from '../sampling/agreeSample.ts';
import { answerFloatSample, driveQuorumEscalations } from '../sampling/answerFloatSample.ts';
import { getVerification } from '../store/index.ts';
import { verifyClaim } from './challenger.ts';

/** Blocks a verifier waits past a sample's draw block before drawing it itself (the requester draws first). */
const DRAW_GRACE_BLOCKS = 2;

export type SamplingVerifier = { tick(fromBlock: bigint): Promise<void> };

export type SamplingVerifierOptions = {
  reserve?: bigint;
  /** Fee paid for a float claim's escalation quorum (default 1 token). */
  quorumFee?: bigint;
};

/**
 * The sampled mode's verifier (a challenger started with --sampling): joins the
 * SamplingCoordinator's pool with stake, follows its events (own cursor), draws samples that are
 * due, and for each sample it is drawn for re-executes the claim (whatever its own
 * --verify-probability) and answers before the deadline: agree, or open the DisputeGame on the
 * claim and escalate with it. A float claim (a model in ctx.floatModels) is re-executed with
 * runFloat and escalated to a quorum instead (answerFloatSample), whose verdict is then applied
 * to the claim (driveQuorumEscalations). An agreement is closed once the task settles (the bond
 * released).
 */
export async function startSamplingVerifier(ctx: NodeContext, options: SamplingVerifierOptions = {}): Promise<SamplingVerifier> {
  const quorumFee = options.quorumFee ?? parseEther('1');
  await joinPool(ctx, options.reserve);
  return {
    async tick(fromBlock: bigint) {
      await syncSampling(ctx, fromBlock);
      await drawDueSamples(ctx, DRAW_GRACE_BLOCKS);
      const failed = (taskId: bigint) => (err: unknown) => ctx.log('sample-error', { taskId, error: (err as Error).message.split('\n')[0] });
      // Answers go out together, not one receipt after another: a burst of assignments must all
      // be answered inside the answer window.
      await Promise.all(samplesIn(ctx.store, 'assigned').map((s) => answer(ctx, s.taskId, s.deadline ?? 0, quorumFee).catch(failed(s.taskId))));
      await driveQuorumEscalations(ctx);
      await Promise.all(samplesIn(ctx.store, 'agreed', 'escalated').map((s) => closeIfSettled(ctx, s.taskId, s.status === 'agreed').catch(failed(s.taskId))));
    },
  };
}

async function joinPool(ctx: NodeContext, reserve?: bigint): Promise<void> {
  const { samplingCoordinator } = ctx.addresses;
  const me = ctx.clients.wallet.account.address;
  const read = ctx.clients.public.readContract;
  if (await read({ address: samplingCoordinator, abi: samplingCoordinatorAbi, functionName: 'inPool', args: [me] })) return;
  const params = await read({ address: samplingCoordinator, abi: samplingCoordinatorAbi, functionName: 'params' });
  const [reserved, committed] = await read({ address: samplingCoordinator, abi: samplingCoordinatorAbi, functionName: 'reserveOf', args: [me] });
  // An agreement keeps its bond until the task settles (a challenge window later), so a verifier
  // answering many claims needs many bonds at once: half the free stake by default (the rest
  // backs its disputes), at least one bond.
  const { free } = await getStake(ctx.clients, { stakeManager: ctx.addresses.stakeManager, agent: me });
  const half = free / 2n;
  const want = reserve ?? (half > params.verifierBond ? half - (half % params.verifierBond) : params.verifierBond);
  const add = reserved - committed >= want ? 0n : want - (reserved - committed);
  const data = encodeFunctionData({ abi: samplingCoordinatorAbi, functionName: 'joinPool', args: [add] });
  await sendTracked(ctx, { kind: 'sampling-join', subject: 'pool', to: samplingCoordinator, data, functionName: 'joinPool' });
  ctx.log('sampling-joined', { reserved: reserved + add, verifierBond: params.verifierBond, samplingBps: params.samplingBps });
}

/** Applies SamplingCoordinator events after the 'sampling' cursor. */
async function syncSampling(ctx: NodeContext, fromBlock: bigint): Promise<void> {
  const me = ctx.clients.wallet.account.address;
  await advanceSyncCursor(ctx, 'sampling', fromBlock, async (from, to) => {
    const events = await ctx.clients.public.getContractEvents({ address: ctx.addresses.samplingCoordinator, abi: samplingCoordinatorAbi, fromBlock: from, toBlock: to });
    for (const e of events) {
      switch (e.eventName) {
        case 'SampleRequested':
          recordSample(ctx.store, e.args.taskId!, e.args.drawBlock!);
          break;
        case 'DrawRescheduled':
          recordSample(ctx.store, e.args.taskId!, e.args.newDrawBlock!);
          break;
        case 'SampleSkipped':
          if (getSampleRow(ctx.store, e.args.taskId!)) setSampleStatus(ctx.store, e.args.taskId!, 'drawn');
          break;
        case 'VerifierDrawn':
          if (!getSampleRow(ctx.store, e.args.taskId!)) break;
          if (isAddressEqual(e.args.verifier!, me)) {
            if (getSampleRow(ctx.store, e.args.taskId!)!.status === 'requested') setSampleStatus(ctx.store, e.args.taskId!, 'assigned', { deadline: Number(e.args.deadline) });
            ctx.log('sample-assigned', { taskId: e.args.taskId, deadline: e.args.deadline });
          } else {
            setSampleStatus(ctx.store, e.args.taskId!, 'drawn');
          }
          break;
        case 'SampleAgreed':
          if (isAddressEqual(e.args.verifier!, me)) setSampleStatus(ctx.store, e.args.taskId!, 'agreed');
          break;
        case 'SampleEscalated':
          if (isAddressEqual(e.args.verifier!, me)) setSampleStatus(ctx.store, e.args.taskId!, 'escalated', { escalation: e.args.escalation });
          break;
        case 'SampleCleared':
          if (isAddressEqual(e.args.verifier!, me)) setSampleStatus(ctx.store, e.args.taskId!, 'closed');
          break;
        case 'VerifierSlashed':
          if (isAddressEqual(e.args.verifier!, me)) {
            setSampleStatus(ctx.store, e.args.taskId!, 'missed');
            ctx.log('sample-slashed', { taskId: e.args.taskId, amount: e.args.amount, status: e.args.status });
          }
          break;
        default:
          break;
      }
    }
  });
}

/** Draws every requested sample whose draw block is `grace` blocks in the past (anyone may). */
export async function drawDueSamples(ctx: NodeContext, grace: number): Promise<void> {
  const due = samplesIn(ctx.store, 'requested');
  if (due.length === 0) return;
  const head = Number(await ctx.clients.public.getBlockNumber({ cacheTime: 0 }));
  for (const s of due) {
    if (head <= s.drawBlock + grace) continue;
    const data = encodeFunctionData({ abi: samplingCoordinatorAbi, functionName: 'draw', args: [s.taskId] });
    try {
      await sendTracked(ctx, { kind: 'sample-draw', subject: `sample:${s.taskId}`, to: ctx.addresses.samplingCoordinator, data, functionName: 'draw' });
    } catch (err) {
      // Drawn by someone else first: the events say how.
      if (!(err instanceof ContractRevertError)) throw err;
      if (err.errorName === 'SamplingWrongStatus') setSampleStatus(ctx.store, s.taskId, 'drawn');
    }
  }
}

/** Re-executes the claim and answers: agree, or open the dispute and escalate with it. */
async function answer(ctx: NodeContext, taskId: bigint, deadline: number, quorumFee: bigint): Promise<void> {
  if ((await chainNow(ctx)) > deadline) {
    setSampleStatus(ctx.store, taskId, 'missed');
    ctx.log('sample-missed', { taskId, deadline });
    return;
  }
  const { samplingCoordinator } = ctx.addresses;
  const task = await getTask(ctx.clients, { tasks: ctx.addresses.tasks, taskId });
  const float = ctx.floatModels?.get(task.modelId.toLowerCase() as Hex);
  if (float) return answerFloatSample(ctx, taskId, task, float, { quorumFee });
  clearSkippedVerification(ctx.store, taskId);
  if (!getVerification(ctx.store, taskId)) {
    // Drawn: verify for sure, whatever this challenger's own probability (a copy of the context, same store).
    await verifyClaim({ ...ctx, verifyProbability: 1 }, { taskId, worker: task.worker, outputHash: task.outputHash, traceRoot: task.traceRoot });
  }
  const verdict = getVerification(ctx.store, taskId)?.verdict;
  if (verdict === 'agree') return agreeSample(ctx, taskId);
  if (verdict === 'disagree') {
    // verifyClaim opened the game (or the loop will, from the stored verdict); escalate once it exists.
    const game = ctx.store.db.prepare('SELECT game_id FROM disputes WHERE task_id = ? AND our_side = ? ORDER BY CAST(game_id AS INTEGER) DESC').get(taskId.toString(), 'challenger') as { game_id: string } | undefined;
    if (!game) return;
    const gameId = BigInt(game.game_id);
    const data = encodeFunctionData({ abi: samplingCoordinatorAbi, functionName: 'escalateDispute', args: [taskId, gameId] });
    const sent = await sendTracked(ctx, { kind: 'sample-answer', subject: `sample:${taskId}`, to: samplingCoordinator, data, functionName: 'escalateDispute' });
    setSampleStatus(ctx.store, taskId, 'escalated', { escalation: gameId });
    ctx.log('sample-escalated', { taskId, gameId, tx: sent.hash });
    return;
  }
  ctx.log('sample-unanswerable', { taskId, verdict });
}

/**
 * Posts our answer to the worker's ERC-8004 request (once it exists), then, once the task
 * settled, releases the bond behind an agreement (close: anyone may).
 */
async function closeIfSettled(ctx: NodeContext, taskId: bigint, agreed: boolean): Promise<void> {
  const posted = await respondSampledValidation(ctx, taskId, agreed);
  const task = await getTask(ctx.clients, { tasks: ctx.addresses.tasks, taskId });
  if (task.state !== 'finalized' && task.state !== 'rejected') return;
  if (!agreed) {
    if (!posted) ctx.log('sample-validation-missing', { taskId });
    setSampleStatus(ctx.store, taskId, 'closed');
    return;
  }
  const data = encodeFunctionData({ abi: samplingCoordinatorAbi, functionName: 'close', args: [taskId] });
  try {
    await sendTracked(ctx, { kind: 'sample-close', subject: `sample:${taskId}`, to: ctx.addresses.samplingCoordinator, data, functionName: 'close' });
    ctx.log('sample-closed', { taskId, taskState: task.state });
  } catch (err) {
    if (!(err instanceof ContractRevertError)) throw err;
  }
  setSampleStatus(ctx.store, taskId, 'closed');
}
