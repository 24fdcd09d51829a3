// Convolution MAC loops over prepared layouts (see pack.ts). Accumulator bound, checked by the
// caller before using these kernels: |bias| + 255 * sum|w| < 2^31, so the int32 sums (wrapping
// arithmetic, exact modulo 2^32) equal the exact sums.
import { mbqm4With, storeInt8x8 } from './requant';

/**
 * Grouped convolution as a GEMM over channel pairs, for one group of one image:
 *   acc[m][p] = bias[m] + sum_t dot(w[m][t], col[taps[t] + 4p])
 * where a tap t is (channel pair, ky, kx), w[m][t] and the column entry are int16 pairs, and
 * i32x4.dot_i16x8_s forms both products of a pair. Output positions are the four int32 lanes.
 *
 * w: [mTiles][t][4 channels][2] int16; taps: t byte offsets; col: 4-byte pairs per position,
 * positions p..p+7 of tap t at col + (p / 8) * blockStride + taps[t] (blockStride 32 when positions
 * are contiguous, t * 32 for an im2col panel). bias/mult/shift: int32 per channel (mTiles*4),
 * lanes: their prepareLanes vectors. out: int8 [mTiles*4][outPitch]: positions 0..pn (a multiple
 * of 8) are computed; a caller splits the positions between threads by offsetting col and out.
 */
export function convPairs(
  w: usize, col: usize, blockStride: i32, taps: usize, t: i32, pn: i32, mTiles: i32,
  mult: usize, shift: usize, lanes: usize, out: usize, outPitch: i32, outZp: i32, actMin: i32, actMax: i32,
): void {
  const zp = i16x8.splat(<i16>outZp);
  const lo = i16x8.splat(<i16>actMin);
  const hi = i16x8.splat(<i16>actMax);
  const tapEnd = taps + (<usize>t << 2);
  // Positions outside, channel tiles inside: the 8 positions' columns stay in L1 across tiles.
  for (let p = 0; p < pn; p += 8) {
    const colP = col + <usize>((p >> 3) * blockStride);
    let wt = w;
    for (let mt = 0; mt < mTiles; mt++) {
      let a0 = i32x4.splat(0), b0 = i32x4.splat(0), a1 = i32x4.splat(0), b1 = i32x4.splat(0);
      let a2 = i32x4.splat(0), b2 = i32x4.splat(0), a3 = i32x4.splat(0), b3 = i32x4.splat(0);
      for (let tp = taps; tp < tapEnd; tp += 4) {
        const src = colP + <usize>load<i32>(tp);
        const x0 = v128.load(src);
        const x1 = v128.load(src, 16);
        let ws = v128.load32_splat(wt);
        a0 = i32x4.add(a0, i32x4.dot_i16x8_s(x0, ws));
        b0 = i32x4.add(b0, i32x4.dot_i16x8_s(x1, ws));
        ws = v128.load32_splat(wt, 4);
        a1 = i32x4.add(a1, i32x4.dot_i16x8_s(x0, ws));
        b1 = i32x4.add(b1, i32x4.dot_i16x8_s(x1, ws));
        ws = v128.load32_splat(wt, 8);
        a2 = i32x4.add(a2, i32x4.dot_i16x8_s(x0, ws));
        b2 = i32x4.add(b2, i32x4.dot_i16x8_s(x1, ws));
        ws = v128.load32_splat(wt, 12);
        a3 = i32x4.add(a3, i32x4.dot_i16x8_s(x0, ws));
        b3 = i32x4.add(b3, i32x4.dot_i16x8_s(x1, ws));
        wt += 16;
      }
      const m = mt << 2;
      requantRow(a0, b0, m, mult, shift, lanes, out + <usize>(m * outPitch + p), zp, lo, hi);
      requantRow(a1, b1, m + 1, mult, shift, lanes, out + <usize>((m + 1) * outPitch + p), zp, lo, hi);
      requantRow(a2, b2, m + 2, mult, shift, lanes, out + <usize>((m + 2) * outPitch + p), zp, lo, hi);
      requantRow(a3, b3, m + 3, mult, shift, lanes, out + <usize>((m + 3) * outPitch + p), zp, lo, hi);
    }
  }
}

/** Per channel slot, 96 bytes: bias, INT32_MAX >> left, INT32_MIN >> left, multiplier, 2^right - 1, its half (splatted). */
export function prepareLanes(bias: usize, mult: usize, shift: usize, slots: i32, lanes: usize): void {
  for (let i = 0; i < slots; i++) {
    const k = <usize>i << 2;
    const sh = load<i32>(shift + k);
    const left = sh > 0 ? sh : 0;
    const right = sh > 0 ? 0 : -sh;
    const mask = (1 << right) - 1;
    const d = lanes + <usize>i * 96;
    v128.store(d, i32x4.splat(load<i32>(bias + k)));
    v128.store(d, i32x4.splat(i32.MAX_VALUE >> left), 16);
    v128.store(d, i32x4.splat(i32.MIN_VALUE >> left), 32);
    v128.store(d, i32x4.splat(load<i32>(mult + k)), 48);
    v128.store(d, i32x4.splat(mask), 64);
    v128.store(d, i32x4.splat(mask >> 1), 80);
  }
}

// @ts-ignore: decorator
@inline
function requantRow(a: v128, b: v128, m: i32, mult: usize, shift: usize, lanes: usize, out: usize, zp: v128, lo: v128, hi: v128): void {
  const k = <usize>m << 2;
  const sh = load<i32>(shift + k);
  const left = sh > 0 ? sh : 0;
  const right = sh > 0 ? 0 : -sh;
  const isMin = load<i32>(mult + k) == i32.MIN_VALUE;
  const c = lanes + <usize>m * 96;
  const bv = v128.load(c);
  const over = v128.load(c, 16);
  const under = v128.load(c, 32);
  const mv = v128.load(c, 48);
  const mask = v128.load(c, 64);
  const half = v128.load(c, 80);
  storeInt8x8(
    out,
    mbqm4With(i32x4.add(a, bv), left, right, isMin, over, under, mv, mask, half),
    mbqm4With(i32x4.add(b, bv), left, right, isMin, over, under, mv, mask, half),
    zp, lo, hi,
  );
}

/**
 * Depthwise (one input channel per group, any channel multiplier): output channel m reads input
 * plane m / mg of the plain int16 layout; acc[p] = bias[m] + sum_t w[m][t] * plane[taps[t] + 2p].
 * w: [m][t] int16; out: int8 [m][pn], pn a multiple of 8.
 */
export function convDepthwise(
  w: usize, col: usize, planePitch: i32, mg: i32, taps: usize, t: i32, pn: i32, m: i32,
  bias: usize, mult: usize, shift: usize, out: usize, outZp: i32, actMin: i32, actMax: i32,
): void {
  const zp = i16x8.splat(<i16>outZp);
  const lo = i16x8.splat(<i16>actMin);
  const hi = i16x8.splat(<i16>actMax);
  for (let mi = 0; mi < m; mi++) {
    const plane = col + <usize>((mi / mg) * planePitch);
    const wm = w + (<usize>(mi * t) << 1);
    const k = <usize>mi << 2;
    const bv = i32x4.splat(load<i32>(bias + k));
    // This channel's requantization constants, once for all its positions.
    const mu = load<i32>(mult + k);
    const sh = load<i32>(shift + k);
    const left = sh > 0 ? sh : 0;
    const right = sh > 0 ? 0 : -sh;
    const isMin = mu == i32.MIN_VALUE;
    const over = i32x4.splat(i32.MAX_VALUE >> left);
    const under = i32x4.splat(i32.MIN_VALUE >> left);
    const mv = i32x4.splat(mu);
    const mask = i32x4.splat((1 << right) - 1);
    const half = i32x4.splat(((1 << right) - 1) >> 1);
    const row = out + <usize>(mi * pn);
    for (let p = 0; p < pn; p += 8) {
      const src = plane + (<usize>p << 1);
      let a = bv, b = bv;
      for (let ti = 0; ti < t; ti++) {
        const x = v128.load(src + <usize>load<i32>(taps + (<usize>ti << 2)));
        const ws = v128.load16_splat(wm + (<usize>ti << 1));
        a = i32x4.add(a, i32x4.extmul_low_i16x8_s(x, ws));
        b = i32x4.add(b, i32x4.extmul_high_i16x8_s(x, ws));
      }
      storeInt8x8(row + <usize>p, mbqm4With(a, left, right, isMin, over, under, mv, mask, half), mbqm4With(b, left, right, isMin, over, under, mv, mask, half), zp, lo, hi);
    }
  }
}

/**
 * Depthwise with horizontal stride 2 read in place (no im2col): output row y, positions x..x+7
 * read 16 int16 from plane row y*sh + ky*dh at column 2x + kx*dw and keep the even lanes.
 * taps: byte offsets (ky*dh*pw + kx*dw) * 2; out: int8 [m][oh*ow] plus up to 7 bytes of spill.
 */
export function convDepthwiseS2(
  w: usize, col: usize, planePitch: i32, mg: i32, taps: usize, t: i32, m: i32, oh: i32, ow: i32, sh: i32, pw: i32,
  bias: usize, mult: usize, shift: usize, out: usize, outZp: i32, actMin: i32, actMax: i32,
): void {
  const zp = i16x8.splat(<i16>outZp);
  const lo = i16x8.splat(<i16>actMin);
  const hi = i16x8.splat(<i16>actMax);
  for (let mi = 0; mi < m; mi++) {
    const plane = col + <usize>((mi / mg) * planePitch);
    const wm = w + (<usize>(mi * t) << 1);
    const k = <usize>mi << 2;
    const bv = i32x4.splat(load<i32>(bias + k));
    const mu = load<i32>(mult + k);
    const sft = load<i32>(shift + k);
    const left = sft > 0 ? sft : 0;
    const right = sft > 0 ? 0 : -sft;
    const isMin = mu == i32.MIN_VALUE;
    const over = i32x4.splat(i32.MAX_VALUE >> left);
    const under = i32x4.splat(i32.MIN_VALUE >> left);
    const mv = i32x4.splat(mu);
    const mask = i32x4.splat((1 << right) - 1);
    const half = i32x4.splat(((1 << right) - 1) >> 1);
    let o = out + <usize>(mi * oh * ow);
    for (let y = 0; y < oh; y++) {
      const row = plane + (<usize>(y * sh * pw) << 1);
      for (let x = 0; x < ow; x += 8) {
        const src = row + (<usize>x << 2);
        let a = bv, b = bv;
        for (let ti = 0; ti < t; ti++) {
          const at = src + <usize>load<i32>(taps + (<usize>ti << 2));
          const v = v128.shuffle<i16>(v128.load(at), v128.load(at, 16), 0, 2, 4, 6, 8, 10, 12, 14);
          const ws = v128.load16_splat(wm + (<usize>ti << 1));
          a = i32x4.add(a, i32x4.extmul_low_i16x8_s(v, ws));
          b = i32x4.add(b, i32x4.extmul_high_i16x8_s(v, ws));
        }
        storeInt8x8(o + <usize>x, mbqm4With(a, left, right, isMin, over, under, mv, mask, half), mbqm4With(b, left, right, isMin, over, under, mv, mask, half), zp, lo, hi);
      }
      o += <usize>ow;
    }
  }
}
