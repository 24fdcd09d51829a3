/** A DisputeGame Position (LibPosition: 2^depth + index, heap order) as its depth and index. */
export function decodePosition(position: bigint): { depth: number; index: bigint } {
  const depth = position.toString(2).length - 1;
  return { depth, index: position - (1n << BigInt(depth)) };
}
