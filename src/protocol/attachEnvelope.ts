import { VOUCH_EXTENSION_URI } from './constants.ts';
import type { SignedEnvelope } from './types.ts';

/** Returns the params with the envelope placed in `metadata[VOUCH_EXTENSION_URI]` (other metadata kept). */
export function attachEnvelope<P extends { metadata?: Record<string, unknown> }>(params: P, envelope: SignedEnvelope): P {
  return { ...params, metadata: { ...(params.metadata ?? {}), [VOUCH_EXTENSION_URI]: envelope } };
}
