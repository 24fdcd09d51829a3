import { type Address, encodeAbiParameters, encodeFunctionData, type Hex, isAddressEqual, keccak256 } from 'viem';
import { tasksAbi } from '../../chain/abis/Tasks.ts';
import { validationRegistryAbi } from '../../chain/abis/ValidationRegistry.ts';
import { getSample } from '../../chain/actions/getSample.ts';
import type { NodeContext } from '../context.ts';
import { sendTracked } from '../sendTracked.ts';
import { samplesIn, setSampleStatus } from './samples.ts';

/** The ERC-8004 tag of a sampled verifier's answer. */
export const SAMPLED_TAG = 'vouch:sampled';

/**
 * The ERC-8004 request a sampled claim's answer is posted to: the worker's agent asks the drawn
 * verifier (the validator) to validate task `taskId`. SamplingCoordinator posts nothing itself,
 * so the drawn verifier answers in its own name: 100 when it agreed, 0 when it escalated. The
 * binding outcome stays Tasks' own response (tag vouch:optimistic) once the task settles.
 * requestHash = keccak256(abi.encode(chainId, coordinator, taskId, agentId, "vouch:sampled")).
 */
export function sampledRequestHash(chainId: number, coordinator: Address, taskId: bigint, agentId: bigint): Hex {
  return keccak256(encodeAbiParameters([{ type: 'uint256' }, { type: 'address' }, { type: 'uint256' }, { type: 'uint256' }, { type: 'string' }], [BigInt(chainId), coordinator, taskId, agentId, SAMPLED_TAG]));
}

const done = (ctx: NodeContext, kind: string, subject: string) =>
  ctx.store.db.prepare("SELECT 1 FROM outbox WHERE kind = ? AND subject = ? AND status = 'confirmed'").get(kind, subject) !== undefined;

/**
 * Worker: for each of its sampled claims once a verifier is drawn, asks that verifier for an
 * ERC-8004 validation (once: the confirmed outbox row is the marker). Claims not sampled are closed.
 */
export async function requestSampledValidations(ctx: NodeContext): Promise<void> {
  const ours = ctx.store.db.prepare("SELECT 1 FROM tasks WHERE task_id = ? AND role = 'worker'");
  const rows = samplesIn(ctx.store, 'requested', 'drawn').filter((s) => ours.get(s.taskId.toString()) && !done(ctx, 'sample-validation-request', `task:${s.taskId}`));
  await Promise.all(rows.map((s) => requestOne(ctx, s.taskId)));
}

async function requestOne(ctx: NodeContext, taskId: bigint): Promise<void> {
  const sample = await getSample(ctx.clients, { samplingCoordinator: ctx.addresses.samplingCoordinator, taskId });
  if (sample.status === 'none' || sample.status === 'requested') return;
  if (/^0x0+$/.test(sample.verifier)) {
    setSampleStatus(ctx.store, taskId, 'closed');
    return;
  }
  const chainId = await ctx.clients.public.getChainId();
  const requestHash = sampledRequestHash(chainId, ctx.addresses.samplingCoordinator, taskId, ctx.agentId);
  const [exists] = await ctx.clients.public.readContract({ address: ctx.addresses.validationRegistry, abi: validationRegistryAbi, functionName: 'getRequestState', args: [requestHash] });
  if (!exists) {
    const data = encodeFunctionData({ abi: validationRegistryAbi, functionName: 'validationRequest', args: [sample.verifier, ctx.agentId, `vouch:sampled:task:${taskId}`, requestHash] });
    await sendTracked(ctx, { kind: 'sample-validation-request', subject: `task:${taskId}`, to: ctx.addresses.validationRegistry, data, functionName: 'validationRequest' });
  }
  setSampleStatus(ctx.store, taskId, 'closed');
}

/**
 * Verifier: posts its answer on a sample it answered (100 agreed, 0 escalated) to the worker's
 * request, once the request exists. Gives up when the task settled without a request.
 */
export async function respondSampledValidation(ctx: NodeContext, taskId: bigint, agreed: boolean): Promise<boolean> {
  const subject = `sample:${taskId}`;
  if (done(ctx, 'sample-validation-response', subject)) return true;
  const [agentId] = await ctx.clients.public.readContract({ address: ctx.addresses.tasks, abi: tasksAbi, functionName: 'validationLinkOf', args: [taskId] });
  if (agentId === 0n) return false;
  const chainId = await ctx.clients.public.getChainId();
  const requestHash = sampledRequestHash(chainId, ctx.addresses.samplingCoordinator, taskId, agentId);
  const [exists, answered] = await ctx.clients.public.readContract({ address: ctx.addresses.validationRegistry, abi: validationRegistryAbi, functionName: 'getRequestState', args: [requestHash] });
  if (!exists) return false;
  if (answered) return true;
  const [validator] = await ctx.clients.public.readContract({ address: ctx.addresses.validationRegistry, abi: validationRegistryAbi, functionName: 'getValidationStatus', args: [requestHash] });
  // A request naming someone else is not ours to answer (and will never be).
  if (!isAddressEqual(validator, ctx.clients.wallet.account.address)) return true;
  const responseHash = keccak256(encodeAbiParameters([{ type: 'uint256' }, { type: 'bool' }], [taskId, agreed]));
  const data = encodeFunctionData({ abi: validationRegistryAbi, functionName: 'validationResponse', args: [requestHash, agreed ? 100 : 0, '', responseHash, SAMPLED_TAG] });
  await sendTracked(ctx, { kind: 'sample-validation-response', subject, to: ctx.addresses.validationRegistry, data, functionName: 'validationResponse' });
  ctx.log('sample-validation-posted', { taskId, response: agreed ? 100 : 0 });
  return true;
}
