import type { FloatTensor } from './float-tensor.ts';
import type { FloatOp, Window2d } from './float-ops.ts';
import { broadcastSources, ncdhw } from '../kernels/operands.ts';

/**
 * The float64 reference semantics of the normalized ops. Used only at import time:
 * to calibrate activation ranges and to fold constants. Never on the inference path.
 */
export function evalFloatOp(op: FloatOp, inputs: FloatTensor[], outShape: number[]): Float64Array {
  const out = new Float64Array(outShape.reduce((a, b) => a * b, 1));
  const x = inputs[0];
  switch (op.kind) {
    case 'conv': return conv(op, x, inputs[1], inputs[2], outShape, out);
    case 'gemm': return gemm(op, inputs, outShape, out);
    case 'matmul': return matmul(op.alpha, inputs[0], inputs[1], outShape, out);
    case 'fc': return fc(inputs[0], inputs[1], inputs[2], out);
    case 'add': return broadcastBinary(inputs[0], inputs[1], outShape, out, (a, b) => a + b);
    case 'sub': return broadcastBinary(inputs[0], inputs[1], outShape, out, (a, b) => a - b);
    case 'mul': return broadcastBinary(inputs[0], inputs[1], outShape, out, (a, b) => a * b);
    case 'relu': return map(x, out, (v) => (v > 0 ? v : 0));
    case 'neg': return map(x, out, (v) => -v);
    case 'sigmoid': return map(x, out, (v) => 1 / (1 + Math.exp(-v)));
    case 'tanh': return map(x, out, Math.tanh);
    case 'identity': return map(x, out, (v) => v);
    case 'leakyRelu': return map(x, out, (v) => (v >= 0 ? v : op.alpha * v));
    case 'clip': return map(x, out, (v) => Math.min(op.max, Math.max(op.min, v)));
    case 'softmax': return softmax(op, x, out);
    case 'maxPool': return pool(op, x, outShape, out, 'max', false);
    case 'avgPool': return pool(op, x, outShape, out, 'avg', op.countIncludePad);
    case 'batchNorm': return batchNorm(op.epsilon, inputs, out);
    case 'reshape': out.set(x.data); return out;
    case 'transpose': return transpose(op.perm, x, outShape, out);
  }
}

function map(x: FloatTensor, out: Float64Array, f: (v: number) => number): Float64Array {
  for (let i = 0; i < out.length; i++) out[i] = f(x.data[i]);
  return out;
}

function broadcastBinary(a: FloatTensor, b: FloatTensor, outShape: number[], out: Float64Array, f: (a: number, b: number) => number) {
  const ia = broadcastSources(outShape, a.dims);
  const ib = broadcastSources(outShape, b.dims);
  for (let i = 0; i < out.length; i++) out[i] = f(a.data[ia[i]], b.data[ib[i]]);
  return out;
}

function conv(op: Window2d & { group: number }, x: FloatTensor, w: FloatTensor, b: FloatTensor | undefined, outShape: number[], out: Float64Array) {
  const [n, c, d, h, wd] = ncdhw(x.dims);
  const [, m, od, oh, ow] = ncdhw(outShape);
  const [kh, kw] = op.kernel;
  const kd = op.depth.kernel;
  const cg = c / op.group;
  const mg = m / op.group;
  let o = 0;
  for (let ni = 0; ni < n; ni++)
    for (let mi = 0; mi < m; mi++) {
      const g = Math.floor(mi / mg);
      for (let z = 0; z < od; z++)
        for (let y = 0; y < oh; y++)
          for (let xo = 0; xo < ow; xo++) {
            let acc = b ? b.data[mi] : 0;
            for (let ci = 0; ci < cg; ci++)
              for (let kz = 0; kz < kd; kz++) {
                const iz = z * op.depth.stride - op.depth.padBegin + kz * op.depth.dilation;
                if (iz < 0 || iz >= d) continue;
                for (let ky = 0; ky < kh; ky++) {
                  const iy = y * op.strides[0] - op.pads[0] + ky * op.dilations[0];
                  if (iy < 0 || iy >= h) continue;
                  for (let kx = 0; kx < kw; kx++) {
                    const ix = xo * op.strides[1] - op.pads[1] + kx * op.dilations[1];
                    if (ix < 0 || ix >= wd) continue;
                    acc += x.data[(((ni * c + g * cg + ci) * d + iz) * h + iy) * wd + ix] * w.data[(((mi * cg + ci) * kd + kz) * kh + ky) * kw + kx];
                  }
                }
              }
            out[o++] = acc;
          }
    }
  return out;
}

function gemm(op: { alpha: number; beta: number; transA: boolean; transB: boolean }, inputs: FloatTensor[], outShape: number[], out: Float64Array) {
  const [a, b, c] = inputs;
  const [m, n] = outShape;
  const k = op.transA ? a.dims[0] : a.dims[1];
  const cmap = c ? broadcastSources(outShape, c.dims) : undefined;
  for (let i = 0; i < m; i++)
    for (let j = 0; j < n; j++) {
      let acc = 0;
      for (let p = 0; p < k; p++) {
        const av = op.transA ? a.data[p * m + i] : a.data[i * k + p];
        const bv = op.transB ? b.data[j * k + p] : b.data[p * n + j];
        acc += av * bv;
      }
      out[i * n + j] = op.alpha * acc + (c && cmap ? op.beta * c.data[cmap[i * n + j]] : 0);
    }
  return out;
}

function fc(x: FloatTensor, w: FloatTensor, b: FloatTensor | undefined, out: Float64Array) {
  const [n, k] = w.dims;
  for (let r = 0; r < out.length / n; r++)
    for (let j = 0; j < n; j++) {
      let acc = b ? b.data[j] : 0;
      for (let p = 0; p < k; p++) acc += x.data[r * k + p] * w.data[j * k + p];
      out[r * n + j] = acc;
    }
  return out;
}

function matmul(alpha: number, a: FloatTensor, b: FloatTensor, outShape: number[], out: Float64Array) {
  const m = a.dims[a.dims.length - 2];
  const k = a.dims[a.dims.length - 1];
  const n = b.dims[b.dims.length - 1];
  const batch = outShape.slice(0, -2);
  const amap = broadcastSources(batch, a.dims.slice(0, -2));
  const bmap = broadcastSources(batch, b.dims.slice(0, -2));
  for (let bi = 0; bi < amap.length; bi++) {
    const ao = amap[bi] * m * k;
    const bo = bmap[bi] * k * n;
    for (let i = 0; i < m; i++)
      for (let j = 0; j < n; j++) {
        let acc = 0;
        for (let p = 0; p < k; p++) acc += a.data[ao + i * k + p] * b.data[bo + p * n + j];
        out[bi * m * n + i * n + j] = alpha * acc;
      }
  }
  return out;
}

function softmax(op: { outer: number; n: number; inner: number }, x: FloatTensor, out: Float64Array) {
  for (let o = 0; o < op.outer; o++)
    for (let i = 0; i < op.inner; i++) {
      const base = o * op.n * op.inner + i;
      let max = -Infinity;
      for (let j = 0; j < op.n; j++) max = Math.max(max, x.data[base + j * op.inner]);
      let sum = 0;
      for (let j = 0; j < op.n; j++) sum += out[base + j * op.inner] = Math.exp(x.data[base + j * op.inner] - max);
      for (let j = 0; j < op.n; j++) out[base + j * op.inner] /= sum;
    }
  return out;
}

function pool(op: Window2d, x: FloatTensor, outShape: number[], out: Float64Array, mode: 'max' | 'avg', includePad: boolean) {
  const [n, c, d, h, w] = ncdhw(x.dims);
  const [, , od, oh, ow] = ncdhw(outShape);
  const [kh, kw] = op.kernel;
  const dep = op.depth;
  let o = 0;
  for (let p = 0; p < n * c; p++)
    for (let z = 0; z < od; z++)
      for (let y = 0; y < oh; y++)
        for (let xo = 0; xo < ow; xo++) {
          let acc = mode === 'max' ? -Infinity : 0;
          let count = 0;
          for (let kz = 0; kz < dep.kernel; kz++) {
            const iz = z * dep.stride - dep.padBegin + kz * dep.dilation;
            for (let ky = 0; ky < kh; ky++) {
              const iy = y * op.strides[0] - op.pads[0] + ky * op.dilations[0];
              for (let kx = 0; kx < kw; kx++) {
                const ix = xo * op.strides[1] - op.pads[1] + kx * op.dilations[1];
                const inside = iz >= 0 && iz < d && iy >= 0 && iy < h && ix >= 0 && ix < w;
                const inPadded = iz < d + dep.padEnd && iy < h + op.pads[2] && ix < w + op.pads[3];
                if (inside) {
                  const v = x.data[((p * d + iz) * h + iy) * w + ix];
                  acc = mode === 'max' ? Math.max(acc, v) : acc + v;
                  count++;
                } else if (includePad && inPadded) count++;
              }
            }
          }
          out[o++] = mode === 'max' ? acc : acc / count;
        }
  return out;
}

function batchNorm(epsilon: number, [x, scale, bias, mean, variance]: FloatTensor[], out: Float64Array) {
  const c = x.dims[1];
  const inner = x.dims.slice(2).reduce((a, b) => a * b, 1);
  for (let i = 0; i < out.length; i++) {
    const ch = Math.floor(i / inner) % c;
    out[i] = ((x.data[i] - mean.data[ch]) / Math.sqrt(variance.data[ch] + epsilon)) * scale.data[ch] + bias.data[ch];
  }
  return out;
}

function transpose(perm: number[], x: FloatTensor, outShape: number[], out: Float64Array) {
  const rank = perm.length;
  const inStrides = new Array<number>(rank);
  let s = 1;
  for (let i = rank - 1; i >= 0; i--) {
    inStrides[i] = s;
    s *= x.dims[i];
  }
  const idx = new Array<number>(rank).fill(0);
  for (let o = 0; o < out.length; o++) {
    let off = 0;
    for (let d = 0; d < rank; d++) off += idx[d] * inStrides[perm[d]];
    out[o] = x.data[off];
    for (let d = rank - 1; d >= 0; d--) {
      if (++idx[d] < outShape[d]) break;
      idx[d] = 0;
    }
  }
  return out;
}
