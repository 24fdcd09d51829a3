import { type Hex, encodeFunctionData, encodePacked, erc20Abi, keccak256, parseEventLogs } from 'viem';
import { quorumTasksAbi } from '../../chain/abis/QuorumTasks.ts';
import { samplingCoordinatorAbi } from '../../chain/abis/SamplingCoordinator.ts';
import { tasksAbi } from '../../chain/abis/Tasks.ts';
import { getQuorumTask } from '../../chain/actions/getQuorumTask.ts';
import { getSample } from '../../chain/actions/getSample.ts';
import type { GetTaskReturnType } from '../../chain/actions/getTask.ts';
import { ContractRevertError } from '../../chain/errors.ts';
import type { NodeContext } from '../context.ts';
import { crashPoint } from '../crashPoint.ts';
import { type ServedFloatModel, runFloatTask } from '../execution/floatExecution.ts';
import { decodeQuorumInputs } from '../quorum/quorumInputs.ts';
import { canonIdOf, ensureCanonicalisation } from '../roles/quorumRequester.ts';
import { sendTracked } from '../sendTracked.ts';
import { getVerification, recordVerification } from '../store/index.ts';
import { agreeSample } from './agreeSample.ts';
import { getSampleRow, samplesIn, setSampleStatus } from './samples.ts';

/** Seats of an escalation quorum: SamplingCoordinator.MIN_ESCALATION_COMMITTEE. */
export const ESCALATION_COMMITTEE = 3;

export type FloatSampleOptions = {
  /** Fee the verifier pays for an escalation quorum (QuorumTasks), in token units. */
  quorumFee: bigint;
};

/**
 * The drawn verifier's answer to a float claim: re-executes the task's published inputs with
 * runFloat, hashes the outputs under the model's canonicalisation (ModelRegistry.floatCanonOf),
 * agrees when the hash is the claim's output hash; otherwise creates a QuorumTasks task on the
 * same model, rule and inputs (paying its fee) and escalates with it, which freezes the claim
 * until the quorum decides (driveQuorumEscalations). The verdict is stored before anything is
 * sent, and a quorum task of ours already on chain for these inputs is reused after a restart,
 * so a crash never pays for a second quorum.
 */
export async function answerFloatSample(ctx: NodeContext, taskId: bigint, task: GetTaskReturnType, served: ServedFloatModel, options: FloatSampleOptions): Promise<void> {
  const { samplingCoordinator } = ctx.addresses;
  let verdict = getVerification(ctx.store, taskId);
  if (!verdict || verdict.verdict === 'skipped' || verdict.verdict === 'unavailable') {
    const [log] = await ctx.clients.public.getContractEvents({ address: ctx.addresses.tasks, abi: tasksAbi, eventName: 'TaskInputs', args: { taskId }, fromBlock: 0n });
    if (!log?.args.data) {
      ctx.log('sample-unanswerable', { taskId, reason: 'no published inputs' });
      return;
    }
    const inputs = decodeQuorumInputs(log.args.data);
    if (keccak256(encodePacked(['bytes32[]'], [inputs.inputHashes])) !== task.inputsHash) {
      ctx.log('sample-unanswerable', { taskId, reason: 'the published inputs do not match the task' });
      return;
    }
    const { resultHash } = await runFloatTask(served, inputs.tensors);
    ctx.store.db.prepare("DELETE FROM verifications WHERE task_id = ? AND verdict IN ('skipped', 'unavailable')").run(taskId.toString());
    recordVerification(ctx.store, { taskId, worker: task.worker, verdict: resultHash === task.outputHash ? 'agree' : 'disagree', outputHash: resultHash });
    verdict = getVerification(ctx.store, taskId)!;
    ctx.log(verdict.verdict === 'agree' ? 'verified' : 'mismatch', { taskId, worker: task.worker, claimed: task.outputHash, computed: resultHash, float: true });
  }
  if (verdict.verdict === 'agree') return agreeSample(ctx, taskId);
  const quorumTaskId = (await ownQuorumFor(ctx, taskId, task, served)) ?? (await createEscalationQuorum(ctx, taskId, served, options));
  crashPoint('sampling.quorum-created');
  const data = encodeFunctionData({ abi: samplingCoordinatorAbi, functionName: 'escalateQuorum', args: [taskId, quorumTaskId] });
  const sent = await sendTracked(ctx, { kind: 'sample-answer', subject: `sample:${taskId}`, to: samplingCoordinator, data, functionName: 'escalateQuorum' });
  setSampleStatus(ctx.store, taskId, 'escalated', { escalation: quorumTaskId });
  ctx.log('sample-escalated', { taskId, quorumTaskId, tx: sent.hash });
}

/** A quorum task we created earlier for this claim's model, rule and inputs, not yet named by one of our escalations. */
async function ownQuorumFor(ctx: NodeContext, taskId: bigint, task: GetTaskReturnType, served: ServedFloatModel): Promise<bigint | undefined> {
  const row = getSampleRow(ctx.store, taskId);
  const canonId = canonIdOf(served.modelId, served.spec);
  const logs = await ctx.clients.public.getContractEvents({
    address: ctx.addresses.quorumTasks,
    abi: quorumTasksAbi,
    eventName: 'QuorumTaskCreated',
    args: { requester: ctx.clients.wallet.account.address, canonId },
    fromBlock: BigInt(row?.drawBlock ?? 0),
  });
  // Quorums already named by one of our escalations (from the chain: a dispute escalation's game id may equal a quorum id).
  const escalated = await ctx.clients.public.getContractEvents({ address: ctx.addresses.samplingCoordinator, abi: samplingCoordinatorAbi, eventName: 'SampleEscalated', args: { verifier: ctx.clients.wallet.account.address }, fromBlock: BigInt(row?.drawBlock ?? 0) });
  const used = new Set(escalated.filter((e) => e.args.toQuorum).map((e) => e.args.escalation!));
  for (const l of logs) {
    if (used.has(l.args.taskId!) || Number(l.args.size) < ESCALATION_COMMITTEE) continue;
    if (keccak256(encodePacked(['bytes32[]'], [l.args.inputHashes! as Hex[]])) === task.inputsHash) return l.args.taskId!;
  }
  return undefined;
}

/** Creates the escalation quorum (approving its fee first): the task's own published input bytes, the model's rule. */
async function createEscalationQuorum(ctx: NodeContext, taskId: bigint, served: ServedFloatModel, options: FloatSampleOptions): Promise<bigint> {
  const { quorumTasks, vouchToken } = ctx.addresses;
  const { canonId } = await ensureCanonicalisation(ctx.clients, { quorumTasks, modelId: served.modelId, spec: served.spec });
  const me = ctx.clients.wallet.account.address;
  const allowance = await ctx.clients.public.readContract({ address: vouchToken, abi: erc20Abi, functionName: 'allowance', args: [me, quorumTasks] });
  if (allowance < options.quorumFee) {
    const approve = encodeFunctionData({ abi: erc20Abi, functionName: 'approve', args: [quorumTasks, options.quorumFee * 100n] });
    await sendTracked(ctx, { kind: 'quorum-approve', subject: `sample:${taskId}`, to: vouchToken, data: approve, functionName: 'approve' });
  }
  const [log] = await ctx.clients.public.getContractEvents({ address: ctx.addresses.tasks, abi: tasksAbi, eventName: 'TaskInputs', args: { taskId }, fromBlock: 0n });
  const inputData = log.args.data!;
  const { inputHashes } = decodeQuorumInputs(inputData);
  const data = encodeFunctionData({ abi: quorumTasksAbi, functionName: 'createTask', args: [canonId, inputHashes, options.quorumFee, BigInt(ESCALATION_COMMITTEE), inputData] });
  const sent = await sendTracked(ctx, { kind: 'quorum-create', subject: `sample:${taskId}`, to: quorumTasks, data, functionName: 'createTask' });
  const [created] = parseEventLogs({ abi: quorumTasksAbi, eventName: 'QuorumTaskCreated', logs: sent.receipt.logs });
  const quorumTaskId = created.args.taskId;
  ctx.log('escalation-quorum-created', { taskId, quorumTaskId, fee: options.quorumFee, tx: sent.hash });
  return quorumTaskId;
}

/**
 * Our quorum escalations, moved on: the committee drawn and the task settled if nobody else did
 * (the members do both too), then, once the quorum is Finalized or Refunded, its verdict applied
 * to the claim (resolveQuorumEscalation: anyone may; a revert means someone did first).
 */
export async function driveQuorumEscalations(ctx: NodeContext): Promise<void> {
  const { quorumTasks, samplingCoordinator } = ctx.addresses;
  for (const row of samplesIn(ctx.store, 'escalated')) {
    if (row.escalation === undefined) continue;
    try {
      const sample = await getSample(ctx.clients, { samplingCoordinator, taskId: row.taskId });
      if (!sample.escalatedToQuorum || sample.status !== 'escalated') continue;
      const q = await getQuorumTask(ctx.clients, { quorumTasks, taskId: sample.escalation });
      const send = async (kind: string, to: Hex, data: Hex, functionName: string) => {
        try {
          return await sendTracked(ctx, { kind, subject: `sample:${row.taskId}`, to, data, functionName });
        } catch (err) {
          if (!(err instanceof ContractRevertError)) throw err;
          return undefined;
        }
      };
      if (q.state === 'drawable') await send('quorum-draw', quorumTasks, encodeFunctionData({ abi: quorumTasksAbi, functionName: 'drawCommittee', args: [sample.escalation] }), 'drawCommittee');
      if (q.state === 'settleable') await send('quorum-settle', quorumTasks, encodeFunctionData({ abi: quorumTasksAbi, functionName: 'settle', args: [sample.escalation] }), 'settle');
      if (q.state !== 'finalized' && q.state !== 'refunded') continue;
      const sent = await send('sample-resolve', samplingCoordinator, encodeFunctionData({ abi: samplingCoordinatorAbi, functionName: 'resolveQuorumEscalation', args: [row.taskId] }), 'resolveQuorumEscalation');
      const after = await getSample(ctx.clients, { samplingCoordinator, taskId: row.taskId });
      ctx.log('escalation-resolved', { taskId: row.taskId, quorumTaskId: sample.escalation, quorum: q.state, result: q.result, sample: after.status, tx: sent?.hash });
    } catch (err) {
      ctx.log('sample-error', { taskId: row.taskId, error: (err as Error).message.split('\n')[0] });
    }
  }
}

/**
 * A worker's fallback for its own frozen float claim: once the escalation quorum settled, applies
 * its verdict (anyone may), so a verifier that escalated and went silent cannot keep the claim
 * frozen. Nothing happens unless the claim's sample is an open quorum escalation.
 */
export async function resolveOwnEscalation(ctx: NodeContext, taskId: bigint): Promise<void> {
  const { quorumTasks, samplingCoordinator } = ctx.addresses;
  const sample = await getSample(ctx.clients, { samplingCoordinator, taskId });
  if (!sample.escalatedToQuorum || sample.status !== 'escalated') return;
  const q = await getQuorumTask(ctx.clients, { quorumTasks, taskId: sample.escalation });
  if (q.state !== 'finalized' && q.state !== 'refunded') return;
  const data = encodeFunctionData({ abi: samplingCoordinatorAbi, functionName: 'resolveQuorumEscalation', args: [taskId] });
  try {
    const sent = await sendTracked(ctx, { kind: 'sample-resolve', taskId, to: samplingCoordinator, data, functionName: 'resolveQuorumEscalation' });
    ctx.log('escalation-resolved', { taskId, quorumTaskId: sample.escalation, quorum: q.state, result: q.result, tx: sent.hash });
  } catch (err) {
    // Resolved by someone else first.
    if (!(err instanceof ContractRevertError)) throw err;
  }
}
