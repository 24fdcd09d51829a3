import { isAddress, isHex, type Address, type Hex } from 'viem';
import { VERIFICATION_MODES, VOUCH_EXTENSION_URI } from './constants.ts';
import { InvalidAgentCardError } from './errors.ts';
import type { AgentCard, VerificationMode, VouchCardInfo } from './types.ts';

/** The Vouch extension of a (validated) card: who the agent is on-chain, where to sign for, what it serves. */
export function readVouchCardInfo(card: AgentCard): VouchCardInfo {
  const ext = card.capabilities.extensions?.find((e) => e.uri === VOUCH_EXTENSION_URI);
  if (!ext) throw new InvalidAgentCardError(`the card does not declare the Vouch extension ${VOUCH_EXTENSION_URI}`);
  const p = (ext.params ?? {}) as Record<string, any>;
  const fail = (path: string, problem: string): never => {
    throw new InvalidAgentCardError(`invalid Vouch extension params: ${path} ${problem}`);
  };
  if (typeof p.agentId !== 'string' || !/^(0|[1-9][0-9]{0,77})$/.test(p.agentId)) fail('agentId', 'must be a decimal string');
  if (typeof p.agentRegistry !== 'string' || !/^eip155:[1-9][0-9]*:0x[0-9a-fA-F]{40}$/.test(p.agentRegistry)) {
    fail('agentRegistry', 'must be CAIP-10 eip155:<chainId>:<address>');
  }
  if (p.registration !== undefined && typeof p.registration !== 'string') fail('registration', 'must be a string');
  const env = p.envelope;
  if (!env || typeof env !== 'object') fail('envelope', 'must be an object');
  if (!Number.isSafeInteger(env.chainId) || env.chainId <= 0) fail('envelope.chainId', 'must be a positive integer');
  if (typeof env.verifyingContract !== 'string' || !isAddress(env.verifyingContract, { strict: false })) fail('envelope.verifyingContract', 'must be an address');
  if (!Array.isArray(p.models)) fail('models', 'must be an array');
  const models = (p.models as any[]).map((m, i) => {
    if (!m || typeof m !== 'object') fail(`models[${i}]`, 'must be an object');
    if (typeof m.modelId !== 'string' || !isHex(m.modelId, { strict: true }) || m.modelId.length !== 66) fail(`models[${i}].modelId`, 'must be 32 bytes of hex');
    if (typeof m.name !== 'string') fail(`models[${i}].name`, 'must be a string');
    if (!Array.isArray(m.modes) || !m.modes.every((x: unknown) => (VERIFICATION_MODES as readonly unknown[]).includes(x))) {
      fail(`models[${i}].modes`, `must list modes among ${VERIFICATION_MODES.join(', ')}`);
    }
    return { modelId: (m.modelId as string).toLowerCase() as Hex, name: m.name as string, modes: m.modes as VerificationMode[] };
  });
  return {
    agentId: BigInt(p.agentId),
    agentRegistry: p.agentRegistry,
    ...(p.registration !== undefined ? { registration: p.registration as string } : {}),
    domain: { chainId: env.chainId as number, verifyingContract: env.verifyingContract as Address },
    models,
  };
}
