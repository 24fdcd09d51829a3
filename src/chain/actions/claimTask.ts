import type { Address, Hex } from 'viem';
import { tasksAbi } from '../abis/Tasks.ts';
import type { VouchClients } from '../clients/createVouchClients.ts';
import type { SendTransactionErrorType, SendTransactionReturnType, TransactionOptions } from '../transactions/sendTransaction.ts';
import { writeContract } from '../transactions/writeContract.ts';

/** A claim (or a challenger's counter-claim): the trace root and output with the trace-end proofs (ITasks.sol ClaimProof). */
export type ClaimProof = {
  outputHash: Hex;
  traceRoot: Hex;
  inputHashes: readonly Hex[];
  /** inputProofs[i]: trace siblings (bottom-up) of input i at position i. */
  inputProofs: readonly (readonly Hex[])[];
  /** Trace siblings of the output at the last position. */
  outputProof: readonly Hex[];
};

export type ClaimTaskParameters = TransactionOptions & { tasks: Address; taskId: bigint; proof: ClaimProof };

export type ClaimTaskReturnType = SendTransactionReturnType;

/** Typically ContractRevertError `TasksWrongState` (claimed already, expired) or `StakeInsufficientFree` (bond more stake). */
export type ClaimTaskErrorType = SendTransactionErrorType;

/** Claims a task with (output hash, trace root), locking the snapshot's minimum stake (Tasks.claim). */
export function claimTask(client: VouchClients, parameters: ClaimTaskParameters): Promise<ClaimTaskReturnType> {
  const { tasks, taskId, proof, ...rest } = parameters;
  return writeContract(client, { ...rest, address: tasks, abi: tasksAbi, functionName: 'claim', args: [taskId, proof] });
}
