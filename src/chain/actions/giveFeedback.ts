import { type Address, type Hex, zeroHash } from 'viem';
import { reputationRegistryAbi } from '../abis/ReputationRegistry.ts';
import type { VouchClients } from '../clients/createVouchClients.ts';
import type { SendTransactionErrorType, SendTransactionReturnType, TransactionOptions } from '../transactions/sendTransaction.ts';
import { writeContract } from '../transactions/writeContract.ts';

export type GiveFeedbackParameters = TransactionOptions & {
  reputationRegistry: Address;
  /** The rated agent (ERC-8004 id); the client account must not own or operate it. */
  agentId: bigint;
  /** 0..100 here (decimals 0): Vouch rates a result 100 when final, 0 when proven wrong. */
  value: number;
  tag1: string;
  tag2?: string;
  /** The endpoint the feedback is about (the agent's A2A URL). */
  endpoint?: string;
  feedbackURI?: string;
  feedbackHash?: Hex;
};

export type GiveFeedbackReturnType = SendTransactionReturnType;

/** ContractRevertError `ReputationRegistry_SelfFeedback` when the client rates its own agent. */
export type GiveFeedbackErrorType = SendTransactionErrorType;

/** A client's ERC-8004 feedback on an agent (ReputationRegistry.giveFeedback). */
export function giveFeedback(client: VouchClients, parameters: GiveFeedbackParameters): Promise<GiveFeedbackReturnType> {
  const { reputationRegistry, agentId, value, tag1, tag2 = '', endpoint = '', feedbackURI = '', feedbackHash = zeroHash, ...tx } = parameters;
  return writeContract(client, {
    ...tx,
    address: reputationRegistry,
    abi: reputationRegistryAbi,
    functionName: 'giveFeedback',
    args: [agentId, BigInt(value), 0, tag1, tag2, endpoint, feedbackURI, feedbackHash],
  });
}
