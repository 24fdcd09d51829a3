import type { Hex } from 'viem';

/** The card skill id under which a model is served. */
export function skillId(modelId: Hex): string {
  return `vouch-inference-${modelId.toLowerCase()}`;
}
