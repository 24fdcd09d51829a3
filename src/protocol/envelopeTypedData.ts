import type { Address, Hex } from 'viem';
import { ENVELOPE_DOMAIN_NAME, ENVELOPE_DOMAIN_VERSION, ENVELOPE_TYPES } from './constants.ts';
import type { EnvelopeDomain } from './types.ts';

export type EnvelopeMessage = { agentId: bigint; sender: Address; nonce: bigint; deadline: bigint; payloadHash: Hex };

/** The EIP-712 typed data of an envelope, as signed by the sender and recovered by the agent. */
export function envelopeTypedData(domain: EnvelopeDomain, message: EnvelopeMessage) {
  return {
    domain: {
      name: ENVELOPE_DOMAIN_NAME,
      version: ENVELOPE_DOMAIN_VERSION,
      chainId: domain.chainId,
      verifyingContract: domain.verifyingContract,
    },
    types: ENVELOPE_TYPES,
    primaryType: 'Envelope',
    message,
  } as const;
}
