import { VOUCH_EXTENSION_URI } from './constants.ts';
import type { SignedEnvelope } from './types.ts';

/** Returns the params with the envelope placed in `metadata[VOUCH_EXTENSION_URI]` (other metadata kept). */
export function attachEnvelope<P extends object>(params: P, envelope: SignedEnvelope): P & { metadata: Record<string, unknown> } {
  const metadata = (params as { metadata?: unknown }).metadata;
  const others = metadata && typeof metadata === 'object' && !Array.isArray(metadata) ? metadata : {};
  return { ...params, metadata: { ...others, [VOUCH_EXTENSION_URI]: envelope } };
}
