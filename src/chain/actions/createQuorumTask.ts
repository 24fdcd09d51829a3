import { type Address, type Hex, parseEventLogs } from 'viem';
import { quorumTasksAbi } from '../abis/QuorumTasks.ts';
import type { VouchClients } from '../clients/createVouchClients.ts';
import type { SendTransactionErrorType, SendTransactionReturnType, TransactionOptions } from '../transactions/sendTransaction.ts';
import { writeContract } from '../transactions/writeContract.ts';

export type CreateQuorumTaskParameters = TransactionOptions & {
  quorumTasks: Address;
  /** From registerCanonicalisation: binds the model and the canonicalisation every member applies. */
  canonId: Hex;
  /** Hashes of the inputs (at least one). */
  inputHashes: readonly Hex[];
  /** Escrowed fee (base units); approve QuorumTasks for it first (approveToken). */
  fee: bigint;
  /** Committee size: odd, inside QuorumTasks' minCommittee..maxCommittee. */
  size: number;
  /** The inputs themselves, published for the committee ('0x' to publish nothing). */
  inputData: Hex;
};

export type CreateQuorumTaskReturnType = SendTransactionReturnType & { taskId: bigint; drawBlock: bigint };

/** Typically ContractRevertError `QuorumBadSize`, `QuorumUnknownCanon`, `ERC20InsufficientAllowance`. */
export type CreateQuorumTaskErrorType = SendTransactionErrorType;

/** Creates a quorum task with an escrowed fee (QuorumTasks.createTask); its committee can be drawn after block `drawBlock`. */
export async function createQuorumTask(client: VouchClients, parameters: CreateQuorumTaskParameters): Promise<CreateQuorumTaskReturnType> {
  const { quorumTasks, canonId, inputHashes, fee, size, inputData, ...tx } = parameters;
  const result = await writeContract(client, {
    ...tx,
    address: quorumTasks,
    abi: quorumTasksAbi,
    functionName: 'createTask',
    args: [canonId, inputHashes, fee, BigInt(size), inputData],
  });
  const [created] = parseEventLogs({ abi: quorumTasksAbi, eventName: 'QuorumTaskCreated', logs: result.receipt.logs });
  return { ...result, taskId: created.args.taskId, drawBlock: created.args.drawBlock };
}
