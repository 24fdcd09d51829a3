// Four independent messages of one length at a time (multi-buffer SHA-256): lane l of every
// i32x4 holds message l's word, so one instruction stream compresses four blocks. SIMD128
// has no rotate, so each rotation is two shifts and an or; it still beats four scalar passes.
import { IV, K, writeTail } from './sha256Constants';

const W: usize = memory.data(64 * 16, 16);
const STATE: usize = memory.data(8 * 16, 16);
const TAIL: usize = memory.data(4 * 128, 16);

// @ts-ignore: decorator
@inline function rotr4(x: v128, n: i32): v128 {
  return v128.or(i32x4.shr_u(x, n), i32x4.shl(x, 32 - n));
}
// @ts-ignore: decorator
@inline function bigSigma0(x: v128): v128 {
  return v128.xor(v128.xor(rotr4(x, 2), rotr4(x, 13)), rotr4(x, 22));
}
// @ts-ignore: decorator
@inline function bigSigma1(x: v128): v128 {
  return v128.xor(v128.xor(rotr4(x, 6), rotr4(x, 11)), rotr4(x, 25));
}
// @ts-ignore: decorator
@inline function smallSigma0(x: v128): v128 {
  return v128.xor(v128.xor(rotr4(x, 7), rotr4(x, 18)), i32x4.shr_u(x, 3));
}
// @ts-ignore: decorator
@inline function smallSigma1(x: v128): v128 {
  return v128.xor(v128.xor(rotr4(x, 17), rotr4(x, 19)), i32x4.shr_u(x, 10));
}
/** Ch(e, f, g): f where e is 1, g where e is 0. */
// @ts-ignore: decorator
@inline function ch(e: v128, f: v128, g: v128): v128 {
  return v128.bitselect(f, g, e);
}
/**
 * Maj(a, b, c) = b ^ ((a ^ b) & (b ^ c)), given ab = a ^ b and bc = b ^ c. A round's a ^ b is
 * the next round's b ^ c, so each round computes one xor here instead of two.
 */
// @ts-ignore: decorator
@inline function maj(ab: v128, b: v128, bc: v128): v128 {
  return v128.xor(b, v128.and(ab, bc));
}
/** W[t] + K[t] for the round whose schedule entry is at `w` and constant at `k`. */
// @ts-ignore: decorator
@inline function kw(w: usize, k: usize): v128 {
  return i32x4.add(v128.load(w), v128.load32_splat(k));
}

/**
 * Loads 16 bytes at the same offset of four blocks and stores them as four schedule words,
 * lane l from block l: a 4x4 transpose of 32-bit words, each byte-swapped (SHA-256 words are
 * big-endian). The same shuffle, applied to state vectors, lays digests out per lane.
 */
// @ts-ignore: decorator
@inline function transposeSwap(a: v128, b: v128, c: v128, d: v128, dst: usize): void {
  const ab01 = i8x16.shuffle(a, b, 3, 2, 1, 0, 19, 18, 17, 16, 7, 6, 5, 4, 23, 22, 21, 20);
  const ab23 = i8x16.shuffle(a, b, 11, 10, 9, 8, 27, 26, 25, 24, 15, 14, 13, 12, 31, 30, 29, 28);
  const cd01 = i8x16.shuffle(c, d, 3, 2, 1, 0, 19, 18, 17, 16, 7, 6, 5, 4, 23, 22, 21, 20);
  const cd23 = i8x16.shuffle(c, d, 11, 10, 9, 8, 27, 26, 25, 24, 15, 14, 13, 12, 31, 30, 29, 28);
  v128.store(dst, i8x16.shuffle(ab01, cd01, 0, 1, 2, 3, 4, 5, 6, 7, 16, 17, 18, 19, 20, 21, 22, 23));
  v128.store(dst, i8x16.shuffle(ab01, cd01, 8, 9, 10, 11, 12, 13, 14, 15, 24, 25, 26, 27, 28, 29, 30, 31), 16);
  v128.store(dst, i8x16.shuffle(ab23, cd23, 0, 1, 2, 3, 4, 5, 6, 7, 16, 17, 18, 19, 20, 21, 22, 23), 32);
  v128.store(dst, i8x16.shuffle(ab23, cd23, 8, 9, 10, 11, 12, 13, 14, 15, 24, 25, 26, 27, 28, 29, 30, 31), 48);
}

/** Compresses one block of each lane (block l at q_l) into STATE. */
function compress4(q0: usize, q1: usize, q2: usize, q3: usize): void {
  for (let o: usize = 0; o < 64; o += 16) transposeSwap(v128.load(q0 + o), v128.load(q1 + o), v128.load(q2 + o), v128.load(q3 + o), W + (o << 2));
  for (let t: usize = 16; t < 64; t++) {
    const p = W + (t << 4);
    const s = i32x4.add(smallSigma1(v128.load(p - 2 * 16)), v128.load(p - 7 * 16));
    v128.store(p, i32x4.add(i32x4.add(s, smallSigma0(v128.load(p - 15 * 16))), v128.load(p - 16 * 16)));
  }
  let a = v128.load(STATE, 0), b = v128.load(STATE, 16), c = v128.load(STATE, 32), d = v128.load(STATE, 48);
  let e = v128.load(STATE, 64), f = v128.load(STATE, 80), g = v128.load(STATE, 96), h = v128.load(STATE, 112);
  let bc = v128.xor(b, c);
  let ab = bc;
  // Eight rounds per pass with the variables renamed instead of shifted.
  for (let t: usize = 0; t < 64; t += 8) {
    const w = W + (t << 4);
    const k = K + (t << 2);
    h = i32x4.add(h, i32x4.add(i32x4.add(bigSigma1(e), ch(e, f, g)), kw(w, k)));
    d = i32x4.add(d, h);
    ab = v128.xor(a, b);
    h = i32x4.add(h, i32x4.add(bigSigma0(a), maj(ab, b, bc)));
    bc = ab;
    g = i32x4.add(g, i32x4.add(i32x4.add(bigSigma1(d), ch(d, e, f)), kw(w + 16, k + 4)));
    c = i32x4.add(c, g);
    ab = v128.xor(h, a);
    g = i32x4.add(g, i32x4.add(bigSigma0(h), maj(ab, a, bc)));
    bc = ab;
    f = i32x4.add(f, i32x4.add(i32x4.add(bigSigma1(c), ch(c, d, e)), kw(w + 32, k + 8)));
    b = i32x4.add(b, f);
    ab = v128.xor(g, h);
    f = i32x4.add(f, i32x4.add(bigSigma0(g), maj(ab, h, bc)));
    bc = ab;
    e = i32x4.add(e, i32x4.add(i32x4.add(bigSigma1(b), ch(b, c, d)), kw(w + 48, k + 12)));
    a = i32x4.add(a, e);
    ab = v128.xor(f, g);
    e = i32x4.add(e, i32x4.add(bigSigma0(f), maj(ab, g, bc)));
    bc = ab;
    d = i32x4.add(d, i32x4.add(i32x4.add(bigSigma1(a), ch(a, b, c)), kw(w + 64, k + 16)));
    h = i32x4.add(h, d);
    ab = v128.xor(e, f);
    d = i32x4.add(d, i32x4.add(bigSigma0(e), maj(ab, f, bc)));
    bc = ab;
    c = i32x4.add(c, i32x4.add(i32x4.add(bigSigma1(h), ch(h, a, b)), kw(w + 80, k + 20)));
    g = i32x4.add(g, c);
    ab = v128.xor(d, e);
    c = i32x4.add(c, i32x4.add(bigSigma0(d), maj(ab, e, bc)));
    bc = ab;
    b = i32x4.add(b, i32x4.add(i32x4.add(bigSigma1(g), ch(g, h, a)), kw(w + 96, k + 24)));
    f = i32x4.add(f, b);
    ab = v128.xor(c, d);
    b = i32x4.add(b, i32x4.add(bigSigma0(c), maj(ab, d, bc)));
    bc = ab;
    a = i32x4.add(a, i32x4.add(i32x4.add(bigSigma1(f), ch(f, g, h)), kw(w + 112, k + 28)));
    e = i32x4.add(e, a);
    ab = v128.xor(b, c);
    a = i32x4.add(a, i32x4.add(bigSigma0(b), maj(ab, c, bc)));
    bc = ab;
  }
  v128.store(STATE, i32x4.add(v128.load(STATE, 0), a), 0);
  v128.store(STATE, i32x4.add(v128.load(STATE, 16), b), 16);
  v128.store(STATE, i32x4.add(v128.load(STATE, 32), c), 32);
  v128.store(STATE, i32x4.add(v128.load(STATE, 48), d), 48);
  v128.store(STATE, i32x4.add(v128.load(STATE, 64), e), 64);
  v128.store(STATE, i32x4.add(v128.load(STATE, 80), f), 80);
  v128.store(STATE, i32x4.add(v128.load(STATE, 96), g), 96);
  v128.store(STATE, i32x4.add(v128.load(STATE, 112), h), 112);
}

/**
 * SHA-256 of four messages of `length` bytes (m_l) into four 32-byte digests (o_l). Lanes may
 * repeat a message (the batch remainder of three fills lane 3 with a copy and a scratch output).
 * Digests are written after every block is read, so an output may overlap its own message.
 */
export function sha256X4(m0: usize, m1: usize, m2: usize, m3: usize, length: usize, o0: usize, o1: usize, o2: usize, o3: usize): void {
  for (let i: usize = 0; i < 8; i++) v128.store(STATE + (i << 4), v128.load32_splat(IV + (i << 2)));
  const full = length >> 6;
  for (let j: usize = 0; j < full; j++) {
    const o = j << 6;
    compress4(m0 + o, m1 + o, m2 + o, m3 + o);
  }
  const tailBlocks = writeTail(m0, length, TAIL);
  writeTail(m1, length, TAIL + 128);
  writeTail(m2, length, TAIL + 256);
  writeTail(m3, length, TAIL + 384);
  for (let j: usize = 0; j < tailBlocks; j++) {
    const t = TAIL + (j << 6);
    compress4(t, t + 128, t + 256, t + 384);
  }
  // Reuse W as the staging area of the four digests: lane l at W + 32 * l.
  transposeSwap(v128.load(STATE, 0), v128.load(STATE, 16), v128.load(STATE, 32), v128.load(STATE, 48), W);
  transposeSwap(v128.load(STATE, 64), v128.load(STATE, 80), v128.load(STATE, 96), v128.load(STATE, 112), W + 64);
  // transposeSwap wrote a..d of lanes 0..3 at W + 16 * l and e..h at W + 64 + 16 * l.
  v128.store(o0, v128.load(W, 0)); v128.store(o0, v128.load(W, 64), 16);
  v128.store(o1, v128.load(W, 16)); v128.store(o1, v128.load(W, 80), 16);
  v128.store(o2, v128.load(W, 32)); v128.store(o2, v128.load(W, 96), 16);
  v128.store(o3, v128.load(W, 48)); v128.store(o3, v128.load(W, 112), 16);
}
