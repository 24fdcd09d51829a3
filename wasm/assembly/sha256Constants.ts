// SHA-256 constants (FIPS 180-4, section 4.2.2 and 5.3.3), shared by the scalar and 4-lane paths.

/** The 64 round constants K[t], as u32 in memory. */
export const K: usize = memory.data<u32>([
  0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
  0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
  0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
  0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
  0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
  0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
  0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
  0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2,
]);

/** The initial hash value H(0). */
export const IV: usize = memory.data<u32>([
  0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a, 0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19,
]);

/** Blocks of a padded message of `length` bytes: the data, 0x80, zeros, the 64-bit bit length. */
// @ts-ignore: decorator
@inline export function blockCount(length: usize): usize {
  return (length + 8) / 64 + 1;
}

/**
 * Writes the padded tail of a message (the blocks past its last full 64-byte block) into
 * `dst` (128 bytes): the remaining 0..63 data bytes, 0x80, zeros, then the bit length
 * big-endian in the last 8 bytes of the last block. Returns the number of tail blocks (1 or 2).
 */
export function writeTail(msg: usize, length: usize, dst: usize): usize {
  const full = length & ~63;
  const rest = length - full;
  const tailBlocks = blockCount(length) - (full >> 6);
  memory.fill(dst, 0, 128);
  memory.copy(dst, msg + full, rest);
  store<u8>(dst + rest, 0x80);
  const end = dst + (tailBlocks << 6);
  store<u32>(end - 8, bswap<u32>(<u32>(<u64>length >> 29)));
  store<u32>(end - 4, bswap<u32>(<u32>(length << 3)));
  return tailBlocks;
}
