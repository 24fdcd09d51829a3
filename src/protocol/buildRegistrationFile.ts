import type { Hex } from 'viem';
import { A2A_PROTOCOL_VERSION } from './constants.ts';
import { InvalidAgentCardError } from './errors.ts';
import type { VerificationMode } from './types.ts';

export type BuildRegistrationFileParameters = {
  name: string;
  description: string;
  image?: string;
  /** Absolute URL of the agent card (…/.well-known/agent-card.json): the A2A service endpoint. */
  agentCardUrl: string;
  /** A human-facing page, listed as the `web` service. */
  webUrl?: string;
  agentId: bigint;
  /** CAIP-10 address of the identity registry: eip155:<chainId>:<address>. */
  agentRegistry: string;
  /** CAIP-10 addresses of the Vouch Tasks contract and the validation registry. */
  tasks: string;
  validationRegistry: string;
  models: { modelId: Hex; name: string; format?: string; source?: string; modes: VerificationMode[] }[];
  active?: boolean;
  x402Support?: boolean;
};

/** The ERC-8004 registration file; its services list the agent card, closing the card ↔ registration link. */
export function buildRegistrationFile(p: BuildRegistrationFileParameters) {
  // The ERC's example writes agentId as a JSON number: refuse ids a number cannot hold exactly.
  if (p.agentId > BigInt(Number.MAX_SAFE_INTEGER)) throw new InvalidAgentCardError(`agentId ${p.agentId} does not fit a JSON number exactly`);
  return {
    type: 'https://eips.ethereum.org/EIPS/eip-8004#registration-v1',
    name: p.name,
    description: p.description,
    ...(p.image ? { image: p.image } : {}),
    services: [
      // ERC-8004 versions services by the protocol's full version; A2A versions interfaces by Major.Minor.
      { name: 'A2A', endpoint: p.agentCardUrl, version: `${A2A_PROTOCOL_VERSION}.0` },
      ...(p.webUrl ? [{ name: 'web', endpoint: p.webUrl }] : []),
    ],
    x402Support: p.x402Support ?? false,
    active: p.active ?? true,
    registrations: [{ agentId: Number(p.agentId), agentRegistry: p.agentRegistry }],
    supportedTrust: ['crypto-economic'],
    vouch: {
      version: 1,
      tasks: p.tasks,
      validationRegistry: p.validationRegistry,
      models: p.models.map((m) => ({
        modelId: m.modelId,
        name: m.name,
        format: m.format ?? 'vouch-int8/1',
        ...(m.source ? { source: m.source } : {}),
        modes: [...m.modes],
      })),
    },
  };
}
