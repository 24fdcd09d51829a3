import { type Address, parseEventLogs } from 'viem';
import { samplingCoordinatorAbi } from '../abis/SamplingCoordinator.ts';
import type { VouchClients } from '../clients/createVouchClients.ts';
import type { SendTransactionErrorType, SendTransactionReturnType, TransactionOptions } from '../transactions/sendTransaction.ts';
import { writeContract } from '../transactions/writeContract.ts';

/** SampleStatus.NotSampled (ISamplingCoordinator.sol). */
const SAMPLE_STATUS_NOT_SAMPLED = 2;

export type DrawSampleParameters = TransactionOptions & { samplingCoordinator: Address; taskId: bigint };

export type DrawSampleReturnType = SendTransactionReturnType & {
  /**
   * 'assigned': `verifier` must answer by `deadline`; 'notSampled': the coin said no;
   * 'unassigned': sampled but no eligible verifier (or the challenge window closed);
   * 'rescheduled': the draw block was out of reach, call again after `drawBlock`.
   */
  outcome: 'assigned' | 'notSampled' | 'unassigned' | 'rescheduled';
  verifier?: Address;
  deadline?: bigint;
  drawBlock?: bigint;
};

/** ContractRevertError `SamplingTooEarly` before the draw block is mined, `SamplingWrongStatus` once drawn. */
export type DrawSampleErrorType = SendTransactionErrorType;

/** Flips the sampling coin and draws the verifier (SamplingCoordinator.draw). Anyone may call. */
export async function drawSample(client: VouchClients, parameters: DrawSampleParameters): Promise<DrawSampleReturnType> {
  const { samplingCoordinator, taskId, ...tx } = parameters;
  const result = await writeContract(client, { ...tx, address: samplingCoordinator, abi: samplingCoordinatorAbi, functionName: 'draw', args: [taskId] });
  const logs = result.receipt.logs;
  const [drawn] = parseEventLogs({ abi: samplingCoordinatorAbi, eventName: 'VerifierDrawn', logs });
  if (drawn) return { ...result, outcome: 'assigned', verifier: drawn.args.verifier, deadline: drawn.args.deadline };
  const [rescheduled] = parseEventLogs({ abi: samplingCoordinatorAbi, eventName: 'DrawRescheduled', logs });
  if (rescheduled) return { ...result, outcome: 'rescheduled', drawBlock: rescheduled.args.newDrawBlock };
  const [skipped] = parseEventLogs({ abi: samplingCoordinatorAbi, eventName: 'SampleSkipped', logs });
  return { ...result, outcome: skipped?.args.status === SAMPLE_STATUS_NOT_SAMPLED ? 'notSampled' : 'unassigned' };
}
