import { CommitIndexError } from './errors.ts';
import { reduceLevel } from './merkleLevels.ts';
import { treeDepth } from './treeGeometry.ts';
import { wasmMerkleRoot } from './wasmMerkle.ts';
import { zeroHash, type TreeKind } from './zeroHash.ts';

/**
 * A Merkle tree with every non-padding node kept, for proofs and bisection.
 * Nodes are addressed top-down by (level, index): level 0 is the root, level `depth` the
 * leaves; the children of (l, i) are (l + 1, 2i) and (l + 1, 2i + 1).
 */
export type MerkleTree = {
  readonly kind: TreeKind;
  /** Levels below the root; the tree has 2^depth leaf slots. */
  readonly depth: number;
  /** Non-padding leaves; slots leafCount .. 2^depth - 1 are padding (zero hash). */
  readonly leafCount: number;
  /** levels[l]: the non-padding nodes of level l, 32 bytes each (ceil(leafCount / 2^(depth - l)) of them). */
  readonly levels: readonly Uint8Array[];
};

/** Builds the tree over `leafCount` 32-byte leaf hashes (copied). */
export function buildMerkleTree(kind: TreeKind, leafHashes: Uint8Array, leafCount: number): MerkleTree {
  const depth = treeDepth(leafCount);
  const levels = new Array<Uint8Array>(depth + 1);
  levels[depth] = leafHashes.slice(0, 32 * leafCount);
  let count = leafCount;
  for (let level = depth - 1; level >= 0; level--) {
    const parents = Math.ceil(count / 2);
    const dst = new Uint8Array(32 * parents);
    reduceLevel(kind, levels[level + 1], count, depth - level - 1, dst);
    levels[level] = dst;
    count = parents;
  }
  return { kind, depth, leafCount, levels };
}

/** Root of the tree over `leafCount` leaf hashes; `hashes` is scratch (it may be overwritten). */
export function merkleRootInPlace(kind: TreeKind, hashes: Uint8Array, leafCount: number): Uint8Array {
  // The wasm path reduces a copy in its own memory; `hashes` may be left unchanged.
  if (leafCount > 1) return wasmMerkleRoot(kind, hashes, leafCount);
  const depth = treeDepth(leafCount);
  let count = leafCount;
  for (let height = 0; height < depth; height++) count = reduceLevel(kind, hashes, count, height, hashes);
  return hashes.slice(0, 32);
}

/** Hash of node (level, index); padding nodes are zero hashes. Returns a view: do not mutate. */
export function nodeAt(tree: MerkleTree, level: number, index: number): Uint8Array {
  // INVARIANT: the node lies inside the tree.
  if (!Number.isInteger(level) || level < 0 || level > tree.depth) {
    throw new CommitIndexError('level', level, tree.depth + 1, 'level 0 is the root, level depth the leaves');
  }
  if (!Number.isInteger(index) || index < 0 || index >= 2 ** level) throw new CommitIndexError(`index at level ${level}`, index, 2 ** level);
  const nodes = tree.levels[level];
  if (32 * index < nodes.length) return nodes.subarray(32 * index, 32 * index + 32);
  return zeroHash(tree.kind, tree.depth - level);
}
