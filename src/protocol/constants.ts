import type { TaskState } from './types.ts';
import { A2A_PROTOCOL_VERSION as SDK_PROTOCOL_VERSION, AGENT_CARD_PATH as SDK_AGENT_CARD_PATH } from '@a2a-js/sdk';

/** The A2A version Vouch speaks (Major.Minor, as in AgentInterface.protocolVersion and the A2A-Version header). */
export const A2A_PROTOCOL_VERSION: string = SDK_PROTOCOL_VERSION;

/** Where an agent publishes its card (RFC 8615 well-known URI, from the root of the agent's origin). */
export const AGENT_CARD_PATH = `/${SDK_AGENT_CARD_PATH}`;

/** The HTTP header carrying the A2A service parameter "A2A-Version". */
export const A2A_VERSION_HEADER = 'A2A-Version';

/** The HTTP header listing activated A2A extensions. */
export const A2A_EXTENSIONS_HEADER = 'A2A-Extensions';

/**
 * URI of Vouch's A2A extension: the card declares it (required) and requests carry their signed
 * envelope under this key of `params.metadata`.
 */
export const VOUCH_EXTENSION_URI = 'urn:vouch:a2a:signed-inference:v1';

/** EIP-712 domain name and version of Vouch envelopes. */
export const ENVELOPE_DOMAIN_NAME = 'Vouch';
export const ENVELOPE_DOMAIN_VERSION = '1';

/** EIP-712 types of the envelope (the domain carries chainId and verifyingContract). */
export const ENVELOPE_TYPES = {
  Envelope: [
    { name: 'agentId', type: 'uint256' },
    { name: 'sender', type: 'address' },
    { name: 'nonce', type: 'uint256' },
    { name: 'deadline', type: 'uint64' },
    { name: 'payloadHash', type: 'bytes32' },
  ],
} as const;

/** Media type of every Vouch data part. */
export const JSON_MEDIA_TYPE = 'application/json';

/** The verification modes of docs/erc8004.md. */
export const VERIFICATION_MODES = ['optimistic', 'quorum', 'sampled'] as const;

/** Task states after which nothing changes (A2A v1.0). */
export const TERMINAL_STATES: readonly TaskState[] = ['TASK_STATE_COMPLETED', 'TASK_STATE_FAILED', 'TASK_STATE_CANCELED', 'TASK_STATE_REJECTED'];
