import { type Address, parseEventLogs } from 'viem';
import { quorumTasksAbi } from '../abis/QuorumTasks.ts';
import type { VouchClients } from '../clients/createVouchClients.ts';
import type { SendTransactionErrorType, SendTransactionReturnType, TransactionOptions } from '../transactions/sendTransaction.ts';
import { writeContract } from '../transactions/writeContract.ts';

export type DrawCommitteeParameters = TransactionOptions & { quorumTasks: Address; taskId: bigint };

export type DrawCommitteeReturnType = SendTransactionReturnType & {
  /**
   * 'drawn': `members` hold the seats (seat i = members[i]); 'rescheduled': the draw block was
   * older than 256 blocks, call again after `drawBlock`; 'unavailable': the pool could not seat
   * the committee, the fee was refunded.
   */
  outcome: 'drawn' | 'rescheduled' | 'unavailable';
  members: readonly Address[];
  commitDeadline?: bigint;
  revealDeadline?: bigint;
  drawBlock?: bigint;
};

/** ContractRevertError `QuorumWrongState` before the draw block is mined or once drawn. */
export type DrawCommitteeErrorType = SendTransactionErrorType;

/** Draws a quorum task's committee from the hash of its draw block (QuorumTasks.drawCommittee). Anyone may call. */
export async function drawCommittee(client: VouchClients, parameters: DrawCommitteeParameters): Promise<DrawCommitteeReturnType> {
  const { quorumTasks, taskId, ...tx } = parameters;
  const result = await writeContract(client, { ...tx, address: quorumTasks, abi: quorumTasksAbi, functionName: 'drawCommittee', args: [taskId] });
  const logs = result.receipt.logs;
  const [drawn] = parseEventLogs({ abi: quorumTasksAbi, eventName: 'CommitteeDrawn', logs });
  if (drawn) {
    const { members, commitDeadline, revealDeadline } = drawn.args;
    return { ...result, outcome: 'drawn', members, commitDeadline, revealDeadline };
  }
  const [rescheduled] = parseEventLogs({ abi: quorumTasksAbi, eventName: 'DrawRescheduled', logs });
  if (rescheduled) return { ...result, outcome: 'rescheduled', members: [], drawBlock: rescheduled.args.newDrawBlock };
  return { ...result, outcome: 'unavailable', members: [] };
}
