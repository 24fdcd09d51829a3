import type { Address } from 'viem';
import { samplingCoordinatorAbi } from '../abis/SamplingCoordinator.ts';
import type { VouchClients } from '../clients/createVouchClients.ts';
import type { ChainRpcError } from '../errors.ts';
import { toChainError } from '../transactions/toChainError.ts';

/** SamplingCoordinator's SampleStatus, as names (ISamplingCoordinator.sol). */
export const SAMPLE_STATUSES = ['none', 'requested', 'notSampled', 'unassigned', 'assigned', 'agreed', 'escalated', 'missed', 'cleared', 'slashed', 'upheld', 'overturned'] as const;
export type SampleStatus = (typeof SAMPLE_STATUSES)[number];

export type GetSampleParameters = { samplingCoordinator: Address; taskId: bigint };

export type GetSampleReturnType = {
  taskId: bigint;
  status: SampleStatus;
  requester: Address;
  worker: Address;
  /** The drawn verifier (zero before the draw or when none). */
  verifier: Address;
  drawBlock: bigint;
  /** Unix second by which the verifier must answer. */
  deadline: number;
  /** Dispute game id or quorum task id of an escalation. */
  escalation: bigint;
  escalatedToQuorum: boolean;
  verifierBond: bigint;
};

export type GetSampleErrorType = ChainRpcError;

/** Reads the sample of a Tasks task ('none' if nobody requested one). */
export async function getSample(client: Pick<VouchClients, 'public'>, parameters: GetSampleParameters): Promise<GetSampleReturnType> {
  const { samplingCoordinator, taskId } = parameters;
  try {
    const s = await client.public.readContract({ address: samplingCoordinator, abi: samplingCoordinatorAbi, functionName: 'sampleOf', args: [taskId] });
    return {
      taskId,
      status: SAMPLE_STATUSES[s.status],
      requester: s.requester,
      worker: s.worker,
      verifier: s.verifier,
      drawBlock: s.drawBlock,
      deadline: s.deadline,
      escalation: s.escalation,
      escalatedToQuorum: s.escalatedToQuorum,
      verifierBond: s.params.verifierBond,
    };
  } catch (err) {
    throw toChainError(err, { contract: samplingCoordinator, functionName: 'sampleOf', errorAbi: samplingCoordinatorAbi });
  }
}
