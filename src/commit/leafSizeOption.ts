import { LEAF_SIZE } from './constants.ts';
import { CommitFormatError } from './errors.ts';

/** Options for experiments with other leaf sizes (benchmarks); the format fixes LEAF_SIZE. */
export type LeafSizeOptions = { leafSize?: number };

export function resolveLeafSize(options: LeafSizeOptions | undefined): number {
  const leafSize = options?.leafSize ?? LEAF_SIZE;
  // INVARIANT: a power of two >= 4, so an int32 element never straddles two leaves.
  if (!Number.isInteger(leafSize) || leafSize < 4 || (leafSize & (leafSize - 1)) !== 0) {
    throw new CommitFormatError(`leafSize must be a power of two >= 4, got ${leafSize}`);
  }
  return leafSize;
}
