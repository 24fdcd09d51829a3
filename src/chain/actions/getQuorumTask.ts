import type { Address, Hex } from 'viem';
import { quorumTasksAbi } from '../abis/QuorumTasks.ts';
import type { VouchClients } from '../clients/createVouchClients.ts';
import type { ChainRpcError, ContractRevertError } from '../errors.ts';
import { toChainError } from '../transactions/toChainError.ts';

/** QuorumTasks.state, as names (IQuorumTasks.sol QuorumState). */
export const QUORUM_STATES = ['none', 'awaitingDraw', 'drawable', 'commit', 'reveal', 'settleable', 'finalized', 'refunded'] as const;
export type QuorumState = (typeof QUORUM_STATES)[number];

/** A seat's phase (IQuorumTasks.sol SeatPhase). */
export const SEAT_PHASES = ['none', 'drawn', 'committed', 'revealed'] as const;
export type SeatPhase = (typeof SEAT_PHASES)[number];

export type GetQuorumTaskParameters = { quorumTasks: Address; taskId: bigint };

export type GetQuorumTaskReturnType = {
  taskId: bigint;
  requester: Address;
  fee: bigint;
  canonId: Hex;
  modelId: Hex;
  inputsHash: Hex;
  drawBlock: bigint;
  commitDeadline: number;
  revealDeadline: number;
  size: number;
  committed: number;
  revealed: number;
  memberStake: bigint;
  /** The majority's result hash once finalized (zero before). */
  result: Hex;
  /** As of the latest block. */
  state: QuorumState;
  /** Seat i: member, phase and hash (its commitment until it reveals, then its result hash). Empty before the draw. */
  seats: readonly { member: Address; phase: SeatPhase; hash: Hex }[];
};

/** ContractRevertError `QuorumUnknownTask` for an id that was never created. */
export type GetQuorumTaskErrorType = ContractRevertError | ChainRpcError;

/** Reads a quorum task, its state and its seats in one block. */
export async function getQuorumTask(client: Pick<VouchClients, 'public'>, parameters: GetQuorumTaskParameters): Promise<GetQuorumTaskReturnType> {
  const { quorumTasks, taskId } = parameters;
  try {
    const blockNumber = await client.public.getBlockNumber({ cacheTime: 0 });
    const call = { address: quorumTasks, abi: quorumTasksAbi, blockNumber } as const;
    const [t, state, members] = await Promise.all([
      client.public.readContract({ ...call, functionName: 'taskOf', args: [taskId] }),
      client.public.readContract({ ...call, functionName: 'state', args: [taskId] }),
      client.public.readContract({ ...call, functionName: 'committeeOf', args: [taskId] }),
    ]);
    const seats = await Promise.all(
      members.map(async (_, i) => {
        const [member, phase, hash] = await client.public.readContract({ ...call, functionName: 'seatOf', args: [taskId, BigInt(i)] });
        return { member, phase: SEAT_PHASES[phase], hash };
      }),
    );
    return {
      taskId,
      requester: t.requester,
      fee: t.fee,
      canonId: t.canonId,
      modelId: t.modelId,
      inputsHash: t.inputsHash,
      drawBlock: t.drawBlock,
      commitDeadline: t.commitDeadline,
      revealDeadline: t.revealDeadline,
      size: t.size,
      committed: t.committed,
      revealed: t.revealed,
      memberStake: t.params.memberStake,
      result: t.result,
      state: QUORUM_STATES[state],
      seats,
    };
  } catch (err) {
    throw toChainError(err, { contract: quorumTasks, functionName: 'taskOf', errorAbi: quorumTasksAbi });
  }
}
