// Activation x activation products (MatMul): both operands zero-point-shifted to int16, the
// reduction along int16 lanes as in fc.ts, one (multiplier, shift) for the whole op.
// Bound, checked by the caller: K * max|a - aZp| * max|b - bZp| <= INT32_MAX.
import { mbqm, toInt8 } from './requant';

/** dst[r][k] = src[r][k] - zp for k < K, 0 up to kp: int8 [rows][K] -> int16 [rows][kp]. */
export function packRows(src: usize, dst: usize, rows: i32, k: i32, kp: i32, zp: i32): void {
  memory.fill(dst, 0, <usize>(rows * kp) << 1);
  let s = src;
  for (let r = 0; r < rows; r++) {
    let d = dst + (<usize>(r * kp) << 1);
    for (let i = 0; i < k; i++) {
      store<i16>(d, <i32>load<i8>(s) - zp);
      s += 1;
      d += 2;
    }
  }
}

/** dst[j][k] = src[k][j] - zp (transposed): int8 [K][n] -> int16 [n rounded up to 4][kp], zeros elsewhere. */
export function packColumns(src: usize, dst: usize, k: i32, n: i32, kp: i32, zp: i32): void {
  memory.fill(dst, 0, <usize>(((n + 3) & ~3) * kp) << 1);
  let s = src;
  for (let i = 0; i < k; i++)
    for (let j = 0; j < n; j++) {
      store<i16>(dst + (<usize>(j * kp + i) << 1), <i32>load<i8>(s) - zp);
      s += 1;
    }
}

/** out[r][j] = toInt8(MBQM(sum_k x[r][k] * w[j][k])): x int16 [rows][kp], w int16 [n rounded up to 4][kp], kp a multiple of 8. */
export function matmulRows(x: usize, w: usize, rows: i32, n: i32, kp: i32, multiplier: i32, shift: i32, out: usize, outZp: i32, actMin: i32, actMax: i32): void {
  const rowBytes = <usize>kp << 1;
  for (let r = 0; r < rows; r++) {
    const xr = x + <usize>r * rowBytes;
    const outR = out + <usize>(r * n);
    for (let j = 0; j < n; j += 4) {
      const w0 = w + <usize>j * rowBytes;
      const w1 = w0 + rowBytes;
      const w2 = w1 + rowBytes;
      const w3 = w2 + rowBytes;
      let a0 = i32x4.splat(0), a1 = i32x4.splat(0), a2 = i32x4.splat(0), a3 = i32x4.splat(0);
      for (let k: usize = 0; k < rowBytes; k += 16) {
        const xv = v128.load(xr + k);
        a0 = i32x4.add(a0, i32x4.dot_i16x8_s(xv, v128.load(w0 + k)));
        a1 = i32x4.add(a1, i32x4.dot_i16x8_s(xv, v128.load(w1 + k)));
        a2 = i32x4.add(a2, i32x4.dot_i16x8_s(xv, v128.load(w2 + k)));
        a3 = i32x4.add(a3, i32x4.dot_i16x8_s(xv, v128.load(w3 + k)));
      }
      store<i8>(outR + <usize>j, toInt8(mbqm(sum(a0), multiplier, shift), outZp, actMin, actMax));
      if (j + 1 < n) store<i8>(outR + <usize>(j + 1), toInt8(mbqm(sum(a1), multiplier, shift), outZp, actMin, actMax));
      if (j + 2 < n) store<i8>(outR + <usize>(j + 2), toInt8(mbqm(sum(a2), multiplier, shift), outZp, actMin, actMax));
      if (j + 3 < n) store<i8>(outR + <usize>(j + 3), toInt8(mbqm(sum(a3), multiplier, shift), outZp, actMin, actMax));
    }
  }
}

// @ts-ignore: decorator
@inline
function sum(a: v128): i32 {
  return i32x4.extract_lane(a, 0) + i32x4.extract_lane(a, 1) + i32x4.extract_lane(a, 2) + i32x4.extract_lane(a, 3);
}
