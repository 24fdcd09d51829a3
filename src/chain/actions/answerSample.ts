import type { Address } from 'viem';
import { samplingCoordinatorAbi } from '../abis/SamplingCoordinator.ts';
import type { VouchClients } from '../clients/createVouchClients.ts';
import type { SendTransactionErrorType, SendTransactionReturnType, TransactionOptions } from '../transactions/sendTransaction.ts';
import { writeContract } from '../transactions/writeContract.ts';

export type AnswerSampleParameters = TransactionOptions & {
  samplingCoordinator: Address;
  taskId: bigint;
  /**
   * 'agree': the re-execution matched the claim (the bond stays committed until the task
   * settles and is slashed if the claim is proven wrong); 'dispute': the verifier opened
   * DisputeGame `escalation` on the claim; 'quorum': it created QuorumTasks task `escalation`
   * on the same model and inputs (float claims only; the claim is frozen until resolveQuorumEscalation).
   */
  answer: 'agree' | 'dispute' | 'quorum';
  escalation?: bigint;
};

export type AnswerSampleReturnType = SendTransactionReturnType;

/** Typically ContractRevertError `SamplingNotVerifier`, `SamplingDeadlinePassed` or `SamplingBadEscalation`. */
export type AnswerSampleErrorType = SendTransactionErrorType;

/** The drawn verifier's answer (SamplingCoordinator.agree / escalateDispute / escalateQuorum). */
export function answerSample(client: VouchClients, parameters: AnswerSampleParameters): Promise<AnswerSampleReturnType> {
  const { samplingCoordinator, taskId, answer, escalation = 0n, ...tx } = parameters;
  const call = { ...tx, address: samplingCoordinator, abi: samplingCoordinatorAbi } as const;
  if (answer === 'agree') return writeContract(client, { ...call, functionName: 'agree', args: [taskId] });
  if (answer === 'dispute') return writeContract(client, { ...call, functionName: 'escalateDispute', args: [taskId, escalation] });
  return writeContract(client, { ...call, functionName: 'escalateQuorum', args: [taskId, escalation] });
}
