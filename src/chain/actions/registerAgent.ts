import { type Address, parseEventLogs } from 'viem';
import { identityRegistryAbi } from '../abis/IdentityRegistry.ts';
import type { VouchClients } from '../clients/createVouchClients.ts';
import type { SendTransactionErrorType, SendTransactionReturnType, TransactionOptions } from '../transactions/sendTransaction.ts';
import { writeContract } from '../transactions/writeContract.ts';

export type RegisterAgentParameters = TransactionOptions & {
  identityRegistry: Address;
  /** URI of the ERC-8004 registration file (docs/erc8004.md), e.g. https://agent.example/registration.json or ipfs://... */
  agentURI: string;
};

export type RegisterAgentReturnType = SendTransactionReturnType & { agentId: bigint };

export type RegisterAgentErrorType = SendTransactionErrorType;

/** Mints the client account an ERC-8004 agent identity (`register(agentURI)`); returns its agentId. */
export async function registerAgent(client: VouchClients, parameters: RegisterAgentParameters): Promise<RegisterAgentReturnType> {
  const { identityRegistry, agentURI, ...tx } = parameters;
  const result = await writeContract(client, {
    ...tx,
    address: identityRegistry,
    abi: identityRegistryAbi,
    functionName: 'register',
    args: [agentURI],
  });
  const [registered] = parseEventLogs({ abi: identityRegistryAbi, eventName: 'Registered', logs: result.receipt.logs });
  return { ...result, agentId: registered.args.agentId };
}
