// Input layouts. Activations become zero-point-shifted int16 (x - zp in [-255, 255]) with the
// padding written as 0, the real value 0, so no kernel ever tests bounds.

/**
 * Channel-paired layout for the int16 dot product: [group][cg/2 rounded up][ph][pw][2], the two
 * int16 of a pair are channels 2c and 2c+1 of the group (the odd channel out pairs with 0).
 */
export function packPaired(src: usize, dst: usize, groups: i32, cg: i32, h: i32, w: i32, pt: i32, pl: i32, ph: i32, pw: i32, zp: i32): void {
  const pairs = (cg + 1) >> 1;
  memory.fill(dst, 0, <usize>(groups * pairs * ph * pw) << 2);
  for (let g = 0; g < groups; g++)
    for (let c = 0; c < cg; c++) {
      const plane = dst + (<usize>((g * pairs + (c >> 1)) * ph * pw) << 2) + (<usize>(c & 1) << 1);
      let s = src + <usize>((g * cg + c) * h * w);
      for (let y = 0; y < h; y++) {
        let d = plane + (<usize>((y + pt) * pw + pl) << 2);
        for (let x = 0; x < w; x++) {
          store<i16>(d, <i32>load<i8>(s) - zp);
          s += 1;
          d += 4;
        }
      }
    }
}

/** Plain layout for depthwise kernels and im2col: [c][ph][pw] int16. */
export function packPlain(src: usize, dst: usize, c: i32, h: i32, w: i32, pt: i32, pl: i32, ph: i32, pw: i32, zp: i32): void {
  memory.fill(dst, 0, <usize>(c * ph * pw) << 1);
  const zv = i16x8.splat(<i16>zp);
  let s = src;
  for (let ci = 0; ci < c; ci++)
    for (let y = 0; y < h; y++) {
      let d = dst + (<usize>((ci * ph + y + pt) * pw + pl) << 1);
      let x = 0;
      // Whole 16-element chunks with SIMD; the tail one by one so the right padding stays 0.
      for (; x + 16 <= w; x += 16) {
        const v = v128.load(s);
        v128.store(d, i16x8.sub(i16x8.extend_low_i8x16_s(v), zv));
        v128.store(d, i16x8.sub(i16x8.extend_high_i8x16_s(v), zv), 16);
        s += 16;
        d += 32;
      }
      for (; x < w; x++) {
        store<i16>(d, <i32>load<i8>(s) - zp);
        s += 1;
        d += 2;
      }
    }
}

/**
 * im2col for depthwise kernels: dst[t][p] = src[taps[t] + 2 * (y*sh*pw + x*sw)] (one int16) for
 * output position p = y*ow + x; rows have pitch pn (>= oh*ow); taps are byte offsets.
 */
export function im2colPlain(src: usize, dst: usize, taps: usize, t: i32, oh: i32, ow: i32, sh: i32, sw: i32, pw: i32, pn: i32): void {
  for (let ti = 0; ti < t; ti++) {
    const base = src + <usize>load<i32>(taps + (<usize>ti << 2));
    let d = dst + (<usize>(ti * pn) << 1);
    const step = <usize>sw << 1;
    for (let y = 0; y < oh; y++) {
      let s = base + (<usize>(y * sh * pw) << 1);
      for (let x = 0; x < ow; x++) {
        store<i16>(d, load<i16>(s));
        s += step;
        d += 2;
      }
    }
  }
}

/**
 * im2col as GEMM panels for convPairs: K (= (channel, ky, kx) of one group) is cut into int16
 * pairs of consecutive k, and each block of 8 output positions holds all its pairs contiguously:
 * dst[p / 8][j][p % 8] = (x[k = 2j], x[k = 2j + 1]) at position p. kOff: byte offset of each k in
 * the plain layout, kPairs * 2 entries (an odd K repeats its last offset: its weight is 0).
 * Positions past oh*ow up to pn repeat the last position, so every read stays in the input.
 */
export function im2colPanel(src: usize, dst: usize, kOff: usize, kPairs: i32, oh: i32, ow: i32, sh: i32, sw: i32, pw: i32, pn: i32): void {
  const last = oh * ow - 1;
  const blockBytes = <usize>kPairs << 5;
  for (let p = 0; p < pn; p++) {
    const q = p < last ? p : last;
    const y = q / ow;
    const x = q - y * ow;
    const base = src + (<usize>(y * sh * pw + x * sw) << 1);
    let d = dst + <usize>(p >> 3) * blockBytes + (<usize>(p & 7) << 2);
    let o = kOff;
    for (let j = 0; j < kPairs; j++) {
      const lo = <u32>load<u16>(base + <usize>load<i32>(o));
      const hi = <u32>load<u16>(base + <usize>load<i32>(o, 4));
      store<u32>(d, lo | (hi << 16));
      o += 8;
      d += 32;
    }
  }
}

/** Copies rows of `width` bytes: dst[r * width] <- src[(r / perPlane) * planePitch + (r % perPlane) * rowPitch]. */
export function gatherRows(src: usize, dst: usize, planes: i32, perPlane: i32, width: i32, rowPitch: i32, planePitch: i32): void {
  let d = dst;
  for (let p = 0; p < planes; p++) {
    let s = src + <usize>(p * planePitch);
    for (let r = 0; r < perPlane; r++) {
      memory.copy(d, s, <usize>width);
      d += <usize>width;
      s += <usize>rowPitch;
    }
  }
}
