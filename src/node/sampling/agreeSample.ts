import { encodeFunctionData } from 'viem';
import { samplingCoordinatorAbi } from '../../chain/abis/SamplingCoordinator.ts';
import type { NodeContext } from '../context.ts';
import { sendTracked } from '../sendTracked.ts';
import { setSampleStatus } from './samples.ts';

/** The drawn verifier's answer when its re-execution matched the claim (int8 or float): agree. */
export async function agreeSample(ctx: NodeContext, taskId: bigint): Promise<void> {
  const data = encodeFunctionData({ abi: samplingCoordinatorAbi, functionName: 'agree', args: [taskId] });
  const sent = await sendTracked(ctx, { kind: 'sample-answer', subject: `sample:${taskId}`, to: ctx.addresses.samplingCoordinator, data, functionName: 'agree' });
  setSampleStatus(ctx.store, taskId, 'agreed');
  ctx.log('sample-agreed', { taskId, tx: sent.hash });
}
