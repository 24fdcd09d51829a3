import { A2A_PROTOCOL_VERSION, ENVELOPE_DOMAIN_NAME, ENVELOPE_DOMAIN_VERSION, JSON_MEDIA_TYPE, VOUCH_EXTENSION_URI } from './constants.ts';
import { skillId } from './skillId.ts';
import type { AgentCard, AgentSkill, EnvelopeDomain, ServedModel } from './types.ts';

export type BuildAgentCardParameters = {
  name: string;
  description: string;
  /** The JSON-RPC endpoint (absolute URL); the card itself is served at its origin's /.well-known/agent-card.json. */
  url: string;
  /** ERC-8004 agent id. */
  agentId: bigint;
  /** CAIP-10 address of the ERC-8004 identity registry: eip155:<chainId>:<address>. */
  registry: string;
  /** URI of the agent's ERC-8004 registration file (its token URI). */
  registration?: string;
  /** The domain envelopes must be signed for (the Vouch Tasks contract on the registry's chain). */
  domain: EnvelopeDomain;
  models: ServedModel[];
  version?: string;
  provider?: { url: string; organization: string };
  documentationUrl?: string;
  iconUrl?: string;
};

/**
 * An A2A v1.0 agent card for a Vouch worker: one JSON-RPC interface, one skill per served model,
 * and Vouch's extension (required: every request carries a signed envelope) whose params link
 * the card to the agent's ERC-8004 identity and registration file.
 */
export function buildAgentCard(p: BuildAgentCardParameters): AgentCard {
  return {
    name: p.name,
    description: p.description,
    supportedInterfaces: [{ url: p.url, protocolBinding: 'JSONRPC', protocolVersion: A2A_PROTOCOL_VERSION }],
    ...(p.provider ? { provider: p.provider } : {}),
    version: p.version ?? '0.1.0',
    ...(p.documentationUrl ? { documentationUrl: p.documentationUrl } : {}),
    capabilities: {
      streaming: false,
      pushNotifications: false,
      extendedAgentCard: false,
      extensions: [
        {
          uri: VOUCH_EXTENSION_URI,
          description:
            'Requests carry an EIP-712 envelope (agent, sender, nonce, deadline, payload hash) in params.metadata; results carry the output hash and trace root a claim commits to.',
          required: true,
          params: {
            agentId: p.agentId.toString(),
            agentRegistry: p.registry,
            ...(p.registration ? { registration: p.registration } : {}),
            envelope: {
              name: ENVELOPE_DOMAIN_NAME,
              version: ENVELOPE_DOMAIN_VERSION,
              chainId: p.domain.chainId,
              verifyingContract: p.domain.verifyingContract,
            },
            models: p.models.map((m) => ({ modelId: m.modelId, name: m.name, modes: [...m.modes] })),
          },
        },
      ],
    },
    // No securitySchemes: authentication is per message (the envelope), not per HTTP connection.
    defaultInputModes: [JSON_MEDIA_TYPE],
    defaultOutputModes: [JSON_MEDIA_TYPE],
    skills: p.models.map(skillFor),
    ...(p.iconUrl ? { iconUrl: p.iconUrl } : {}),
  };
}

function skillFor(m: ServedModel): AgentSkill {
  return {
    id: skillId(m.modelId),
    name: `${m.name} (int8)`,
    description: `int8 inference of model ${m.modelId} (${m.name}); verification modes: ${m.modes.join(', ')}. Send a data part {modelId, input: {dtype, shape, data}}; the result artifact carries the int8 output, its tensor hash and the trace root.`,
    tags: ['inference', 'int8', 'vouch', ...m.modes.map((mode) => `mode:${mode}`)],
    inputModes: [JSON_MEDIA_TYPE],
    outputModes: [JSON_MEDIA_TYPE],
  };
}
