import type { Arena } from './arena.ts';
import type { ConvGeometry } from './conv-geometry.ts';
import type { ChannelConstants } from './exactness.ts';

/**
 * Convolution constants packed once into the runner's memory.
 * - pairs (cg > 1): weights int16 [group][mTiles][taps][4 channels][2 channels of a pair], taps
 *   ordered (channel pair, ky, kx) as the kernel walks them; channels past mg or cg are 0.
 *   Requant params int32 [group][mTiles * 4].
 * - depthwise (cg == 1): weights int16 [m][kh*kw]; params int32 [m].
 */
export type PackedConv = {
  depthwise: boolean;
  /** Taps per group (pairs: channel pairs * kh * kw; depthwise: kh * kw). */
  taps: number;
  mTiles: number;
  /** Output channels per group rounded up to the tile (pairs) or mg (depthwise). */
  mPad: number;
  weights: number;
  bias: number;
  mult: number;
  shift: number;
};

export function packConv(arena: Arena, g: ConvGeometry, c: ChannelConstants): PackedConv {
  const { kh, kw, cg, mg, groups } = g;
  const window = kh * kw;
  if (cg === 1) {
    const weights = arena.keep(g.m * window * 2);
    arena.i16.set(Int16Array.from(c.weights), weights >> 1);
    return { depthwise: true, taps: window, mTiles: 0, mPad: mg, weights, ...packParams(arena, g.m, (i) => i, c) };
  }
  const pairs = (cg + 1) >> 1;
  const taps = pairs * window;
  const mTiles = Math.ceil(mg / 4);
  const mPad = mTiles * 4;
  const packed = new Int16Array(groups * mTiles * taps * 8);
  for (let gi = 0; gi < groups; gi++)
    for (let ml = 0; ml < mg; ml++) {
      const tile = (gi * mTiles + (ml >> 2)) * taps;
      for (let ci = 0; ci < cg; ci++)
        for (let ky = 0; ky < kh; ky++)
          for (let kx = 0; kx < kw; kx++) {
            const t = ((ci >> 1) * kh + ky) * kw + kx;
            packed[(tile + t) * 8 + (ml & 3) * 2 + (ci & 1)] = c.weights[(((gi * mg + ml) * cg + ci) * kh + ky) * kw + kx];
          }
    }
  const weights = arena.keep(packed.byteLength);
  arena.i16.set(packed, weights >> 1);
  // Channel slot s of the padded layout is real channel (s / mPad) * mg + s % mPad when s % mPad < mg.
  const params = packParams(arena, groups * mPad, (s) => (s % mPad < mg ? Math.floor(s / mPad) * mg + (s % mPad) : -1), c);
  return { depthwise: false, taps, mTiles, mPad, weights, ...params };
}

/** bias, multiplier, shift as int32 arrays of `slots` entries; slot s holds channel channelOf(s) (or zeros for -1). */
export function packParams(arena: Arena, slots: number, channelOf: (slot: number) => number, c: ChannelConstants): { bias: number; mult: number; shift: number } {
  const bias = arena.keep(slots * 4);
  const mult = arena.keep(slots * 4);
  const shift = arena.keep(slots * 4);
  const i32 = arena.i32;
  for (let s = 0; s < slots; s++) {
    const ch = channelOf(s);
    i32[(bias >> 2) + s] = ch < 0 ? 0 : c.bias[ch];
    i32[(mult >> 2) + s] = ch < 0 ? 0 : c.multipliers[ch];
    i32[(shift >> 2) + s] = ch < 0 ? 0 : c.shifts[ch];
  }
  return { bias, mult, shift };
}
