// Fully connected (and any row-by-row int8 dot product): the reduction runs along the int16
// lanes, so one input row serves four weight rows at a time. Bound as in conv.ts.
import { mbqm, toInt8 } from './requant';

/**
 * out[r][j] = toInt8(MBQM(bias[j] + sum_k x[r][k] * w[j][k])) for r < rows, j < n.
 * x: int16 [rows][kp] (zero-point-shifted, zero beyond K); w: int8 [n rounded up to 4][kp],
 * zero beyond K; kp a multiple of 16.
 */
export function fcRows(
  x: usize, w: usize, rows: i32, n: i32, kp: i32,
  bias: usize, mult: usize, shift: usize, out: usize, outZp: i32, actMin: i32, actMax: i32,
): void {
  const rowBytes = <usize>kp;
  for (let r = 0; r < rows; r++) {
    const xr = x + (<usize>(r * kp) << 1);
    const outR = out + <usize>(r * n);
    for (let j = 0; j < n; j += 4) {
      const w0 = w + <usize>j * rowBytes;
      const w1 = w0 + rowBytes;
      const w2 = w1 + rowBytes;
      const w3 = w2 + rowBytes;
      let a0 = i32x4.splat(0), a1 = i32x4.splat(0), a2 = i32x4.splat(0), a3 = i32x4.splat(0);
      for (let k: usize = 0; k < rowBytes; k += 16) {
        const xl = v128.load(xr + (k << 1));
        const xh = v128.load(xr + (k << 1), 16);
        let v = v128.load(w0 + k);
        a0 = i32x4.add(a0, i32x4.add(i32x4.dot_i16x8_s(xl, i16x8.extend_low_i8x16_s(v)), i32x4.dot_i16x8_s(xh, i16x8.extend_high_i8x16_s(v))));
        v = v128.load(w1 + k);
        a1 = i32x4.add(a1, i32x4.add(i32x4.dot_i16x8_s(xl, i16x8.extend_low_i8x16_s(v)), i32x4.dot_i16x8_s(xh, i16x8.extend_high_i8x16_s(v))));
        v = v128.load(w2 + k);
        a2 = i32x4.add(a2, i32x4.add(i32x4.dot_i16x8_s(xl, i16x8.extend_low_i8x16_s(v)), i32x4.dot_i16x8_s(xh, i16x8.extend_high_i8x16_s(v))));
        v = v128.load(w3 + k);
        a3 = i32x4.add(a3, i32x4.add(i32x4.dot_i16x8_s(xl, i16x8.extend_low_i8x16_s(v)), i32x4.dot_i16x8_s(xh, i16x8.extend_high_i8x16_s(v))));
      }
      finish(a0, j, n, bias, mult, shift, outR, outZp, actMin, actMax);
      finish(a1, j + 1, n, bias, mult, shift, outR, outZp, actMin, actMax);
      finish(a2, j + 2, n, bias, mult, shift, outR, outZp, actMin, actMax);
      finish(a3, j + 3, n, bias, mult, shift, outR, outZp, actMin, actMax);
    }
  }
}

// @ts-ignore: decorator
@inline
function finish(a: v128, j: i32, n: i32, bias: usize, mult: usize, shift: usize, out: usize, outZp: i32, actMin: i32, actMax: i32): void {
  if (j >= n) return;
  const k = <usize>j << 2;
  const acc = load<i32>(bias + k) + i32x4.extract_lane(a, 0) + i32x4.extract_lane(a, 1) + i32x4.extract_lane(a, 2) + i32x4.extract_lane(a, 3);
  store<i8>(out + <usize>j, toInt8(mbqm(acc, load<i32>(mult + k), load<i32>(shift + k)), outZp, actMin, actMax));
}
