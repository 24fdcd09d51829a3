// Max pooling over int8 planes. Padding ignored by the reference is filled with -128, the
// identity of max, so every window can be read whole (the result is -128 when a window holds
// no input element, as in the reference).

/**
 * Copies planes [planes][h][w] into dst [planes][ph][pw] at offset (pt, pl), the rest -128.
 * ph, pw may exceed h + pads: windows running past the padded input read -128 too.
 */
export function padInt8(src: usize, dst: usize, planes: i32, h: i32, w: i32, pt: i32, pl: i32, ph: i32, pw: i32): void {
  memory.fill(dst, 0x80, <usize>(planes * ph * pw));
  let s = src;
  for (let c = 0; c < planes; c++)
    for (let y = 0; y < h; y++) {
      memory.copy(dst + <usize>((c * ph + y + pt) * pw + pl), s, <usize>w);
      s += <usize>w;
    }
}

/**
 * out[c][y][x] = max over ky, kx of padded[c][y*sh + ky*dh][x*sw + kx*dw]. A vertical pass takes
 * the max over ky for a whole padded row (16 columns at a time), then a horizontal pass over kx:
 * SIMD for strides 1 and 2, scalar otherwise. row: scratch of pw + 48 bytes. Output rows are
 * written 16 bytes at a time, spilling up to 15 bytes past the end of the output.
 */
export function maxPool(padded: usize, out: usize, row: usize, planes: i32, ph: i32, pw: i32, oh: i32, ow: i32, kh: i32, kw: i32, sh: i32, sw: i32, dh: i32, dw: i32): void {
  let o = out;
  for (let c = 0; c < planes; c++) {
    const plane = padded + <usize>(c * ph * pw);
    for (let y = 0; y < oh; y++) {
      const top = plane + <usize>(y * sh * pw);
      for (let x = 0; x < pw; x += 16) {
        let m = v128.load(top + <usize>x);
        for (let ky = 1; ky < kh; ky++) m = i8x16.max_s(m, v128.load(top + <usize>(ky * dh * pw + x)));
        v128.store(row + <usize>x, m);
      }
      if (sw == 1) {
        for (let x = 0; x < ow; x += 16) {
          let m = v128.load(row + <usize>x);
          for (let kx = 1; kx < kw; kx++) m = i8x16.max_s(m, v128.load(row + <usize>(x + kx * dw)));
          v128.store(o + <usize>x, m);
        }
      } else if (sw == 2) {
        for (let x = 0; x < ow; x += 16) {
          let m = i8x16.splat(-128);
          for (let kx = 0; kx < kw; kx++) {
            const at = row + <usize>(2 * x + kx * dw);
            m = i8x16.max_s(m, v128.shuffle<i8>(v128.load(at), v128.load(at, 16), 0, 2, 4, 6, 8, 10, 12, 14, 16, 18, 20, 22, 24, 26, 28, 30));
          }
          v128.store(o + <usize>x, m);
        }
      } else {
        for (let x = 0; x < ow; x++) {
          let m: i32 = -128;
          for (let kx = 0; kx < kw; kx++) {
            const v = <i32>load<i8>(row + <usize>(x * sw + kx * dw));
            if (v > m) m = v;
          }
          store<i8>(o + <usize>x, m);
        }
      }
      o += <usize>ow;
    }
  }
}
