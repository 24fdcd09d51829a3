import type { Operand } from '../../src/runtime/kernels/operands.ts';
import type { QOp, Ref } from '../../src/runtime/model.ts';
import { createPrng, type Prng } from '../../scripts/lib/prng.ts';

/** One random op with its operands: what a kernel, an element recomputation or a verifier needs. */
export type OpInstance = {
  op: QOp;
  values: Operand[];
  constants: Operand[];
  outShape: number[];
};

export const OP_KINDS = ['conv', 'fc', 'matmul', 'add', 'mul', 'lut', 'softmax', 'maxPool', 'avgPool', 'reshape', 'transpose'] as const;

const product = (s: number[]) => s.reduce((a, b) => a * b, 1);

class Gen {
  values: Operand[] = [];
  constants: Operand[] = [];
  constructor(readonly p: Prng) {}
  int(lo: number, hi: number) {
    return lo + this.p.int(hi - lo + 1);
  }
  pick<T>(xs: readonly T[]): T {
    return xs[this.p.int(xs.length)];
  }
  /** int8 data biased towards the edge values -128 and 127. */
  int8(n: number, lo = -128, hi = 127): Int8Array {
    const edge = this.p.uniform() < 0.2;
    return Int8Array.from({ length: n }, () => (edge && this.p.uniform() < 0.5 ? this.pick([lo, hi]) : this.int(lo, hi)));
  }
  value(shape: number[]): Ref {
    this.values.push({ shape, data: this.int8(product(shape)) });
    return { value: this.values.length - 1 };
  }
  constant8(shape: number[], lo = -128, hi = 127): number {
    this.constants.push({ shape, data: this.int8(product(shape), lo, hi) });
    return this.constants.length - 1;
  }
  constant32(data: number[]): number {
    this.constants.push({ shape: [data.length], data: Int32Array.from(data) });
    return this.constants.length - 1;
  }
  zp() {
    return this.p.uniform() < 0.2 ? this.pick([-128, 127, 0]) : this.int(-128, 127);
  }
  multiplier() {
    return this.p.uniform() < 0.1 ? this.pick([2 ** 30, 2 ** 31 - 1]) : this.int(2 ** 30, 2 ** 31 - 1);
  }
  shift() {
    return this.p.uniform() < 0.1 ? this.pick([-31, 0, 1, 2]) : this.int(-14, 0);
  }
  act() {
    const a = this.zp();
    const b = this.zp();
    return this.p.uniform() < 0.5 ? { actMin: -128, actMax: 127 } : { actMin: Math.min(a, b), actMax: Math.max(a, b) };
  }
  channels(outChannels: number, k: number) {
    const bound = 2 ** 31 - 1 - k * 255 * 127;
    return {
      bias: this.constant32(Array.from({ length: outChannels }, () => this.int(-Math.min(bound, 2 ** 24), Math.min(bound, 2 ** 24)))),
      multipliers: this.constant32(Array.from({ length: outChannels }, () => this.multiplier())),
      shifts: this.constant32(Array.from({ length: outChannels }, () => this.shift())),
    };
  }
  window() {
    const kernel: [number, number] = [this.int(1, 3), this.int(1, 3)];
    const strides: [number, number] = [this.int(1, 3), this.int(1, 3)];
    const dilations: [number, number] = [this.int(1, 2), this.int(1, 2)];
    const pads: [number, number, number, number] = [this.int(0, kernel[0] - 1), this.int(0, kernel[1] - 1), this.int(0, kernel[0] - 1), this.int(0, kernel[1] - 1)];
    return { kernel, strides, dilations, pads };
  }
  /** A depth axis: its input size, window and output size. */
  depth() {
    const window = { kernel: this.int(1, 3), stride: this.int(1, 2), dilation: this.int(1, 2), padBegin: 0, padEnd: 0 };
    window.padBegin = this.int(0, window.kernel - 1);
    window.padEnd = this.int(0, window.kernel - 1);
    const size = this.int(1, 5);
    const out = Math.floor((size + window.padBegin + window.padEnd - window.dilation * (window.kernel - 1) - 1) / window.stride) + 1;
    return { window, size, out };
  }
  spatialOut(h: number, w: number, win: ReturnType<Gen['window']>): [number, number] {
    const o = (i: number, d: number) => Math.floor((i + win.pads[d] + win.pads[d + 2] - win.dilations[d] * (win.kernel[d] - 1) - 1) / win.strides[d]) + 1;
    return [o(h, 0), o(w, 1)];
  }
  broadcastable(out: number[]): number[] {
    const rank = this.int(1, out.length);
    return out.slice(out.length - rank).map((d) => (this.p.uniform() < 0.4 ? 1 : d));
  }
}

/**
 * A random instance of `kind`; `large` asks for big reductions (K up to the int32 bound);
 * `threeD` makes conv and pool instances 3-D (a depth axis with its own window).
 */
export function randomOp(kind: (typeof OP_KINDS)[number], seed: number, large = false, threeD = false): OpInstance {
  const g = new Gen(createPrng(seed));
  const finish = (op: QOp, outShape: number[]): OpInstance => ({ op, values: g.values, constants: g.constants, outShape });
  switch (kind) {
    case 'conv': {
      for (;;) {
        const group = g.int(1, 3);
        const cg = g.int(1, large ? 16 : 3);
        const mg = g.int(1, 3);
        const win = g.window();
        const [n, h, w] = [g.int(1, 2), g.int(1, 8), g.int(1, 8)];
        const [oh, ow] = g.spatialOut(h, w, win);
        const dep = threeD ? g.depth() : undefined;
        if (oh < 1 || ow < 1 || (dep && dep.out < 1)) continue;
        const spatialIn = dep ? [dep.size, h, w] : [h, w];
        const spatialOut = dep ? [dep.out, oh, ow] : [oh, ow];
        const kernel = dep ? [dep.window.kernel, ...win.kernel] : win.kernel;
        const input = g.value([n, group * cg, ...spatialIn]);
        const weights = g.constant8([group * mg, cg, ...kernel], -127, 127);
        const ch = g.channels(group * mg, cg * kernel.reduce((a, b) => a * b, 1));
        const op: QOp = { kind: 'conv', input, inputZp: g.zp(), outputZp: g.zp(), group, weights, ...ch, ...win, ...g.act(), ...(dep ? { depth: dep.window } : {}) };
        return finish(op, [n, group * mg, ...spatialOut]);
      }
    }
    case 'fc': {
      const k = large ? g.int(1000, 66000) : g.int(1, 40);
      const nOut = g.int(1, large ? 2 : 6);
      const lead = large ? [1] : [g.int(1, 3), g.int(1, 2)];
      const input = g.value([...lead, k]);
      const weights = g.constant8([nOut, k], -127, 127);
      return finish({ kind: 'fc', input, inputZp: g.zp(), outputZp: g.zp(), weights, ...g.channels(nOut, k), ...g.act() }, [...lead, nOut]);
    }
    case 'matmul': {
      const [m, k, n] = [g.int(1, 4), large ? g.int(1000, 33000) : g.int(1, 8), g.int(1, 4)];
      const batch = [g.int(1, 3)];
      const a = g.value([...batch, m, k]);
      const b = g.value([g.pick([1, batch[0]]), k, n]);
      return finish({ kind: 'matmul', a, b, aZp: g.zp(), bZp: g.zp(), multiplier: g.multiplier(), shift: g.shift(), outputZp: g.zp(), ...g.act() }, [...batch, m, n]);
    }
    case 'add':
    case 'mul': {
      const out = Array.from({ length: g.int(1, 4) }, () => g.int(1, 4));
      const a = g.value(g.broadcastable(out));
      const bShape = g.broadcastable(out);
      const b = g.p.uniform() < 0.3 ? { constant: g.constant8(bShape) } : g.value(bShape);
      // Make sure `out` really is the broadcast shape: a full-shape operand pins it.
      const fullA = g.p.uniform() < 0.5 ? g.value(out) : a;
      const common = { a: fullA, b, aZp: g.zp(), bZp: g.zp(), outputZp: g.zp(), ...g.act() };
      if (kind === 'mul') return finish({ kind: 'mul', ...common, multiplier: g.multiplier(), shift: g.int(-31, 0) }, out);
      return finish({
        kind: 'add', ...common, subtract: g.p.uniform() < 0.5,
        aMultiplier: g.multiplier(), aShift: g.int(-12, -1), bMultiplier: g.multiplier(), bShift: g.int(-12, -1),
        outMultiplier: g.multiplier(), outShift: g.int(-30, 2),
      }, out);
    }
    case 'lut': {
      const shape = [g.int(1, 3), g.int(1, 20)];
      return finish({ kind: 'lut', input: g.value(shape), table: g.constant8([256]) }, shape);
    }
    case 'softmax': {
      const [outer, n, inner] = [g.int(1, 3), large ? g.int(1000, 32767) : g.int(1, 12), g.int(1, 3)];
      const input = g.value([outer, n, inner]);
      let e = 65536;
      const table = Array.from({ length: 256 }, () => (e = Math.max(0, e - g.int(0, 4000))));
      table[0] = 65536;
      return finish({ kind: 'softmax', input, outer, n, inner, expTable: g.constant32(table) }, [outer, n, inner]);
    }
    case 'maxPool':
    case 'avgPool': {
      for (;;) {
        const win = g.window();
        const [n, c, h, w] = [g.int(1, 2), g.int(1, 3), g.int(1, 8), g.int(1, 8)];
        const [oh, ow] = g.spatialOut(h, w, win);
        const dep = threeD ? g.depth() : undefined;
        if (oh < 1 || ow < 1 || (dep && dep.out < 1)) continue;
        const input = g.value(dep ? [n, c, dep.size, h, w] : [n, c, h, w]);
        const out = dep ? [n, c, dep.out, oh, ow] : [n, c, oh, ow];
        const full = { ...win, ...(dep ? { depth: dep.window } : {}) };
        if (kind === 'maxPool') return finish({ kind: 'maxPool', input, ...full }, out);
        return finish({ kind: 'avgPool', input, inputZp: g.zp(), outputZp: g.zp(), multiplier: g.multiplier(), shift: g.int(-8, 2), countIncludePad: g.p.uniform() < 0.5, ...full }, out);
      }
    }
    case 'reshape': {
      const shape = [g.int(1, 4), g.int(1, 4), g.int(1, 4)];
      return finish({ kind: 'reshape', input: g.value(shape) }, [product(shape)]);
    }
    case 'transpose': {
      const shape = Array.from({ length: g.int(1, 4) }, () => g.int(1, 4));
      const perm = shape.map((_, i) => i);
      for (let i = perm.length - 1; i > 0; i--) {
        const j = g.int(0, i);
        [perm[i], perm[j]] = [perm[j], perm[i]];
      }
      return finish({ kind: 'transpose', input: g.value(shape), perm }, perm.map((p) => shape[p]));
    }
  }
}

export function operandSource(inst: OpInstance) {
  return (ref: Ref): Operand => ('value' in ref ? inst.values[ref.value] : inst.constants[ref.constant]);
}
