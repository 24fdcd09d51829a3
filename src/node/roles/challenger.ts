import { type Address, type Hex, bytesToHex, encodeFunctionData, hexToBytes, isAddressEqual, parseEventLogs } from 'viem';
import { disputeGameAbi } from '../../chain/abis/DisputeGame.ts';
import { tasksAbi } from '../../chain/abis/Tasks.ts';
import { getGame } from '../../chain/actions/getGame.ts';
import { getTask } from '../../chain/actions/getTask.ts';
import { tensorHash } from '../../commit/tensorHash.ts';
import { int8Tensor, sizeOf } from '../../runtime/tensor.ts';
import { claimProofOf } from '../execution/claimProofOf.ts';
import { executeTask, inputsHashOf, traceTensors } from '../execution/executeTask.ts';
import type { NodeContext } from '../context.ts';
import { crashPoint } from '../crashPoint.ts';
import { sendTracked } from '../sendTracked.ts';
import { getTask as getStoredTask, getVerification, loadTrace, recordDispute, recordObservedClaim, recordTask, recordVerification, saveTrace } from '../store/index.ts';

export type ObservedClaim = { taskId: bigint; worker: Address; outputHash: Hex; traceRoot: Hex; txHash?: Hex };

/**
 * A verifier's answer to a TaskClaimed: with probability p (else 'skipped'), re-execute the task
 * from its published input and compare outputs; on a different output, store our trace and
 * open a dispute. Idempotent per task (the first verdict stays).
 */
export async function verifyClaim(ctx: NodeContext, claim: ObservedClaim): Promise<void> {
  const { taskId } = claim;
  if (isAddressEqual(claim.worker, ctx.clients.wallet.account.address) || getVerification(ctx.store, taskId)) return;
  if (ctx.random() >= ctx.verifyProbability) {
    recordVerification(ctx.store, { taskId, worker: claim.worker, verdict: 'skipped' });
    return;
  }
  const task = await getTask(ctx.clients, { tasks: ctx.addresses.tasks, taskId });
  const served = ctx.models.get(task.modelId);
  const input = served && (await publishedInput(ctx, taskId, sizeOf(served.model.values[served.model.inputs[0].value].shape)));
  if (!served || !input) {
    recordVerification(ctx.store, { taskId, worker: claim.worker, verdict: 'unavailable' });
    ctx.log('verify-unavailable', { taskId, reason: served ? 'no published input' : `model ${task.modelId} not served here` });
    return;
  }
  const shape = served.model.values[served.model.inputs[0].value].shape;
  if (inputsHashOf([bytesToHex(tensorHash(int8Tensor(shape, input)))]) !== task.inputsHash) {
    recordVerification(ctx.store, { taskId, worker: claim.worker, verdict: 'unavailable' });
    ctx.log('verify-unavailable', { taskId, reason: 'the published input does not match the task' });
    return;
  }
  const execution = executeTask(served.model, [input]);
  if (execution.outputHash === claim.outputHash) {
    recordVerification(ctx.store, { taskId, worker: claim.worker, verdict: 'agree', outputHash: execution.outputHash });
    ctx.log('verified', { taskId, worker: claim.worker });
    return;
  }
  recordTask(ctx.store, { taskId, modelId: task.modelId, inputsHash: task.inputsHash, role: 'challenger', claimDeadline: task.claimDeadline, requester: task.requester, fee: task.fee, status: 'open' });
  saveTrace(ctx.store, { taskId, traceRoot: execution.traceRoot, outputHash: execution.outputHash, tensors: traceTensors(execution) });
  recordObservedClaim(ctx.store, { taskId, worker: claim.worker, outputHash: claim.outputHash, traceRoot: claim.traceRoot, txHash: claim.txHash, windowEnd: task.windowStart + task.challengeWindow });
  recordVerification(ctx.store, { taskId, worker: claim.worker, verdict: 'disagree', outputHash: execution.outputHash });
  ctx.log('mismatch', { taskId, worker: claim.worker, claimed: claim.outputHash, computed: execution.outputHash });
  crashPoint('challenger.verified');
  await challenge(ctx, taskId);
}

/** Opens the dispute over a claim we disagree with (our trace is stored), and records the game. */
export async function challenge(ctx: NodeContext, taskId: bigint): Promise<void> {
  const trace = loadTrace(ctx.store, taskId);
  if (!trace) throw new Error(`no stored trace for task ${taskId}`);
  const served = ctx.models.get(getStoredTask(ctx.store, taskId)?.modelId ?? '0x');
  if (!served) throw new Error(`task ${taskId}: its model is not served here`);
  const proof = claimProofOf(trace.tensors.map((t) => t.hash), served.model.inputs.length);
  const data = encodeFunctionData({ abi: disputeGameAbi, functionName: 'open', args: [taskId, proof] });
  const sent = await sendTracked(ctx, { kind: 'dispute', taskId, to: ctx.addresses.disputeGame, data, functionName: 'open' });
  const [opened] = parseEventLogs({ abi: disputeGameAbi, eventName: 'GameOpened', logs: sent.receipt.logs });
  const gameId = opened.args.gameId;
  await recordGame(ctx, gameId, taskId, 'challenger', opened.args.worker);
  ctx.log('dispute-opened', { gameId, taskId, worker: opened.args.worker, tx: sent.hash });
}

/** Records a game we play, with both deadlines from the chain. */
export async function recordGame(ctx: NodeContext, gameId: bigint, taskId: bigint, ourSide: 'worker' | 'challenger', opponent: Address): Promise<void> {
  const g = await getGame(ctx.clients, { disputeGame: ctx.addresses.disputeGame, gameId });
  const left = (used: bigint) => Number(g.timestamp + g.budget - used);
  const [ours, theirs] = ourSide === 'worker' ? [g.workerUsed, g.challengerUsed] : [g.challengerUsed, g.workerUsed];
  recordDispute(ctx.store, { gameId, taskId, ourSide, opponent, ourDeadline: left(ours), theirDeadline: left(theirs), openedAt: Number(g.timestamp) });
}

/** The task's input as published in its TaskInputs event, if it has the model's input size. */
async function publishedInput(ctx: NodeContext, taskId: bigint, size: number): Promise<Int8Array | undefined> {
  const logs = await ctx.clients.public.getContractEvents({ address: ctx.addresses.tasks, abi: tasksAbi, eventName: 'TaskInputs', args: { taskId }, fromBlock: 0n });
  const data = logs[0]?.args.data;
  if (!data) return undefined;
  const bytes = hexToBytes(data);
  if (bytes.length !== size) return undefined;
  return new Int8Array(bytes.buffer, bytes.byteOffset, bytes.length);
}
