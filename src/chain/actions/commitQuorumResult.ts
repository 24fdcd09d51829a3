import type { Address, Hex } from 'viem';
import { quorumTasksAbi } from '../abis/QuorumTasks.ts';
import type { VouchClients } from '../clients/createVouchClients.ts';
import type { SendTransactionErrorType, SendTransactionReturnType, TransactionOptions } from '../transactions/sendTransaction.ts';
import { writeContract } from '../transactions/writeContract.ts';
import { quorumCommitment } from './quorumCommitment.ts';

export type CommitQuorumResultParameters = TransactionOptions & {
  quorumTasks: Address;
  taskId: bigint;
  /** The member's seat (its index in the CommitteeDrawn members). */
  seat: number;
  /** Hash of the canonicalised result (docs/quorum.md). */
  resultHash: Hex;
  /** Secret 32 bytes, kept (durably) until the reveal. */
  salt: Hex;
};

export type CommitQuorumResultReturnType = SendTransactionReturnType & { commitment: Hex };

/** Typically ContractRevertError `QuorumWrongState` (commit window closed), `QuorumNotSeat`, `QuorumSeatPhase` (committed already). */
export type CommitQuorumResultErrorType = SendTransactionErrorType;

/** Commits keccak256(abi.encode(resultHash, salt, member)) for the caller's seat (QuorumTasks.commit). */
export async function commitQuorumResult(client: VouchClients, parameters: CommitQuorumResultParameters): Promise<CommitQuorumResultReturnType> {
  const { quorumTasks, taskId, seat, resultHash, salt, ...tx } = parameters;
  const commitment = quorumCommitment({ resultHash, salt, member: client.wallet.account.address });
  const result = await writeContract(client, { ...tx, address: quorumTasks, abi: quorumTasksAbi, functionName: 'commit', args: [taskId, BigInt(seat), commitment] });
  return { ...result, commitment };
}
