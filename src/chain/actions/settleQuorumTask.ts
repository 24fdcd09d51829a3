import { type Address, type Hex, parseEventLogs } from 'viem';
import { quorumTasksAbi } from '../abis/QuorumTasks.ts';
import type { VouchClients } from '../clients/createVouchClients.ts';
import type { SendTransactionErrorType, SendTransactionReturnType, TransactionOptions } from '../transactions/sendTransaction.ts';
import { writeContract } from '../transactions/writeContract.ts';

export type SettleQuorumTaskParameters = TransactionOptions & { quorumTasks: Address; taskId: bigint };

export type SettleQuorumTaskReturnType = SendTransactionReturnType & {
  /** 'finalized': a strict majority agreed on `result`; 'refunded': no majority, fee back to the requester. */
  outcome: 'finalized' | 'refunded';
  result?: Hex;
  /** Seats slashed (deviants and non-revealers). */
  slashedSeats: readonly bigint[];
};

/** ContractRevertError `QuorumWrongState` before every reveal is in or the reveal window closed. */
export type SettleQuorumTaskErrorType = SendTransactionErrorType;

/** Settles a quorum task (QuorumTasks.settle): pays the majority, slashes deviants and silent members, or refunds. Anyone may call. */
export async function settleQuorumTask(client: VouchClients, parameters: SettleQuorumTaskParameters): Promise<SettleQuorumTaskReturnType> {
  const { quorumTasks, taskId, ...tx } = parameters;
  const result = await writeContract(client, { ...tx, address: quorumTasks, abi: quorumTasksAbi, functionName: 'settle', args: [taskId] });
  const logs = result.receipt.logs;
  const slashedSeats = parseEventLogs({ abi: quorumTasksAbi, eventName: 'MemberSlashed', logs }).map((e) => e.args.seat);
  const [finalized] = parseEventLogs({ abi: quorumTasksAbi, eventName: 'QuorumFinalized', logs });
  if (finalized) return { ...result, outcome: 'finalized', result: finalized.args.result, slashedSeats };
  return { ...result, outcome: 'refunded', slashedSeats };
}
