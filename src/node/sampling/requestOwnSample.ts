import { encodeFunctionData, parseEventLogs } from 'viem';
import { samplingCoordinatorAbi } from '../../chain/abis/SamplingCoordinator.ts';
import type { NodeContext } from '../context.ts';
import { sendTracked } from '../sendTracked.ts';
import { recordSample } from './samples.ts';

/**
 * A worker's sampled-mode claim: asks SamplingCoordinator to sample it, right after the claim
 * (the claim must be inside its challenge window). Through the outbox; a failure is logged, not
 * thrown: the claim stands, and the requester asks for the sample itself when it finds none.
 */
export async function requestOwnSample(ctx: NodeContext, taskId: bigint): Promise<void> {
  const data = encodeFunctionData({ abi: samplingCoordinatorAbi, functionName: 'requestSample', args: [taskId] });
  try {
    const sent = await sendTracked(ctx, { kind: 'sample-request', taskId, to: ctx.addresses.samplingCoordinator, data, functionName: 'requestSample' });
    const [requested] = parseEventLogs({ abi: samplingCoordinatorAbi, eventName: 'SampleRequested', logs: sent.receipt.logs });
    // Followed by the worker's tick: once a verifier is drawn, the worker asks it for an ERC-8004 validation.
    recordSample(ctx.store, taskId, requested.args.drawBlock);
    ctx.log('sample-requested', { taskId, tx: sent.hash });
  } catch (err) {
    ctx.log('sample-request-failed', { taskId, error: (err as Error).message.split('\n')[0] });
  }
}
