import { keccak256, stringToBytes, type Hex } from 'viem';
import { canonicalJson } from './canonicalJson.ts';
import { VOUCH_EXTENSION_URI } from './constants.ts';

/**
 * keccak256 of the canonical JSON of `{ method, params }`, the params without the envelope
 * itself (which cannot sign its own bytes). The method is included so a signed request cannot
 * be replayed as another method with the same params (a SendMessage as a ListTasks, say). A
 * `metadata` object left empty by removing the envelope is dropped, so signer and verifier hash
 * the same bytes whether or not other metadata exists.
 */
export function payloadHash(method: string, params: unknown): Hex {
  return keccak256(stringToBytes(canonicalJson({ method, params: withoutEnvelope(params) })));
}

function withoutEnvelope(params: unknown): unknown {
  if (!params || typeof params !== 'object' || Array.isArray(params)) return params;
  const { metadata, ...rest } = params as Record<string, unknown>;
  if (!metadata || typeof metadata !== 'object' || Array.isArray(metadata)) {
    return metadata === undefined ? rest : { ...rest, metadata };
  }
  const { [VOUCH_EXTENSION_URI]: _envelope, ...others } = metadata as Record<string, unknown>;
  return Object.keys(others).length === 0 ? rest : { ...rest, metadata: others };
}
