import type { Arena } from './arena.ts';
import type { ConvGeometry } from './conv-geometry.ts';
import type { ChannelConstants } from './exactness.ts';
import type { KernelExports } from './kernels-module.ts';

/** Requantization constants, int32 per channel slot. */
export type PackedParams = { bias: number; mult: number; shift: number };

/**
 * Weights for convPairs, int16 [group][mTiles][taps][4 channels][2], channels past mg are 0.
 * - pairs (direct layout): a tap is (channel pair, ky, kx), the pair being channels 2c, 2c+1.
 * - panel (im2col layout): a tap is a pair of consecutive k of the flattened (c, ky, kx) row.
 * Params hold mTiles * 4 slots per group.
 */
export type PackedTiles = PackedParams & { taps: number; mTiles: number; mPad: number; weights: number; lanes: number };

/** Depthwise weights int16 [m][kh*kw], params [m]. */
export type PackedDepthwise = PackedParams & { taps: number; weights: number };

/** The packings of one convolution, each made on first use and kept in the runner's memory. */
export type ConvPacking = { pairs(): PackedTiles; panel(): PackedTiles; depthwise(): PackedDepthwise };

export function convPacking(kernels: KernelExports, arena: Arena, g: ConvGeometry, c: ChannelConstants): ConvPacking {
  const { kh, kw, cg, mg, groups } = g;
  const window = kh * kw;
  const k = cg * window;
  const mTiles = Math.ceil(mg / 4);
  const mPad = mTiles * 4;
  let params: (PackedParams & { lanes: number }) | undefined;
  // Slot s of a group's padded channels is real channel (s / mPad) * mg + s % mPad when s % mPad < mg.
  const tileParams = () => {
    if (params) return params;
    const slots = groups * mPad;
    const p = packParams(arena, slots, (s) => (s % mPad < mg ? Math.floor(s / mPad) * mg + (s % mPad) : -1), c);
    const lanes = arena.keep(slots * 96);
    kernels.prepareLanes(p.bias, p.mult, p.shift, slots, lanes);
    return (params = { ...p, lanes });
  };
  const tiles = (taps: number, tapOf: (k: number) => number, half: (k: number) => number): PackedTiles => {
    const packed = new Int16Array(groups * mTiles * taps * 8);
    for (let gi = 0; gi < groups; gi++)
      for (let ml = 0; ml < mg; ml++) {
        const tile = (gi * mTiles + (ml >> 2)) * taps;
        const row = (gi * mg + ml) * k;
        for (let i = 0; i < k; i++) packed[(tile + tapOf(i)) * 8 + (ml & 3) * 2 + half(i)] = c.weights[row + i];
      }
    const weights = arena.keep(packed.byteLength);
    arena.i16.set(packed, weights >> 1);
    return { taps, mTiles, mPad, weights, ...tileParams() };
  };
  let pairs: PackedTiles | undefined;
  let panel: PackedTiles | undefined;
  let depthwise: PackedDepthwise | undefined;
  return {
    // k = (ci * kh + ky) * kw + kx  ->  tap ((ci >> 1) * kh + ky) * kw + kx, half ci & 1
    pairs: () => (pairs ??= tiles(((cg + 1) >> 1) * window, (i) => (Math.floor(i / window) >> 1) * window + (i % window), (i) => Math.floor(i / window) & 1)),
    panel: () => (panel ??= tiles((k + 1) >> 1, (i) => i >> 1, (i) => i & 1)),
    depthwise: () => {
      if (depthwise) return depthwise;
      const weights = arena.keep(g.m * window * 2);
      arena.i16.set(Int16Array.from(c.weights), weights >> 1);
      return (depthwise = { taps: window, weights, ...packParams(arena, g.m, (i) => i, c) });
    },
  };
}

/** bias, multiplier, shift as int32 arrays of `slots` entries; slot s holds channel channelOf(s) (zeros for -1). */
export function packParams(arena: Arena, slots: number, channelOf: (slot: number) => number, c: ChannelConstants): PackedParams {
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
