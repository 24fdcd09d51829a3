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

/** Plain layout for depthwise kernels: [c][ph][pw] int16. */
export function packPlain(src: usize, dst: usize, c: i32, h: i32, w: i32, pt: i32, pl: i32, ph: i32, pw: i32, zp: i32): void {
  memory.fill(dst, 0, <usize>(c * ph * pw) << 1);
  let s = src;
  for (let ci = 0; ci < c; ci++)
    for (let y = 0; y < h; y++) {
      let d = dst + (<usize>((ci * ph + y + pt) * pw + pl) << 1);
      for (let x = 0; x < w; x++) {
        store<i16>(d, <i32>load<i8>(s) - zp);
        s += 1;
        d += 2;
      }
    }
}

/**
 * im2col for strided convolutions: dst[t][p] = src[taps[t] + (y*sh*pw + x*sw) * elem] for output
 * position p = y*ow + x, with elements of `elem` bytes (4: an int16 pair, 2: one int16).
 * Rows have pitch pn (>= oh*ow); taps are byte offsets of each kernel tap in the padded input.
 */
export function im2col(src: usize, dst: usize, taps: usize, t: i32, oh: i32, ow: i32, sh: i32, sw: i32, pw: i32, pn: i32, elem: i32): void {
  for (let ti = 0; ti < t; ti++) {
    const base = src + <usize>load<i32>(taps + (<usize>ti << 2));
    let d = dst + <usize>(ti * pn * elem);
    for (let y = 0; y < oh; y++) {
      let s = base + <usize>(y * sh * pw * elem);
      const step = <usize>(sw * elem);
      if (elem == 4) {
        for (let x = 0; x < ow; x++) {
          store<i32>(d, load<i32>(s));
          s += step;
          d += 4;
        }
      } else {
        for (let x = 0; x < ow; x++) {
          store<i16>(d, load<i16>(s));
          s += step;
          d += 2;
        }
      }
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
