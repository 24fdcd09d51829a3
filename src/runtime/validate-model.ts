import { ModelFormatError } from './errors.ts';
import { ncdhw, product } from './kernels/operands.ts';
import { NO_DEPTH, type QModel, type QOp, type Ref, type Window } from './model.ts';

const OP_KINDS = new Set(['conv', 'fc', 'matmul', 'add', 'mul', 'lut', 'softmax', 'maxPool', 'avgPool', 'reshape', 'transpose']);

/**
 * Checks that a model (e.g. one read from a file) is internally consistent, so that kernels
 * never index outside a tensor or overflow: refs point backwards, constants have the dtype
 * and size their role needs, quantization parameters lie in range.
 */
export function validateModel(model: QModel): void {
  const fail = (where: string, problem: string): never => {
    throw new ModelFormatError(`invalid model: ${where}: ${problem}`);
  };
  const int = (v: unknown, lo: number, hi: number, where: string, what: string) => {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < lo || v > hi) fail(where, `${what} must be an integer in [${lo}, ${hi}], got ${String(v)}`);
  };
  if (model.version !== 1) fail('header', `unknown model version ${String(model.version)}`);
  if (!Array.isArray(model.values) || !Array.isArray(model.ops) || !Array.isArray(model.constants)) fail('header', 'values, ops and constants must be lists');
  if (model.values.length !== model.inputs.length + model.ops.length) fail('header', 'there must be one value per input and per op');
  model.values.forEach((v, i) => {
    if (!Array.isArray(v.shape) || v.shape.length < 1) fail(`value ${i}`, 'shape must be a non-empty list');
    v.shape.forEach((d) => int(d, 1, 2 ** 31 - 1, `value ${i}`, 'dimension'));
  });
  model.inputs.forEach((b, i) => {
    if (b.value !== i) fail(`input ${i}`, 'inputs must be the first values');
  });
  for (const b of [...model.inputs, ...model.outputs]) {
    int(b.value, 0, model.values.length - 1, `boundary '${b.name}'`, 'value');
    int(b.quant.zeroPoint, -128, 127, `boundary '${b.name}'`, 'zero point');
  }
  model.ops.forEach((op, j) => validateOp(op, j));

  function validateOp(op: QOp, j: number) {
    const where = `op ${j} (${String(op.kind)})`;
    if (!OP_KINDS.has(op.kind)) fail(where, 'unknown op kind');
    const own = model.inputs.length + j;
    const outShape = model.values[own].shape;
    const ref = (r: Ref, what: string) => {
      if (r && 'value' in r) {
        int(r.value, 0, own - 1, where, `${what} value`);
        return model.values[r.value].shape;
      }
      if (r && 'constant' in r) {
        int(r.constant, 0, model.constants.length - 1, where, `${what} constant`);
        return model.constants[r.constant].tensor.shape;
      }
      return fail(where, `${what} is not a value or constant reference`);
    };
    const constant = (c: number, dtype: 'int8' | 'int32', size: number | undefined, what: string) => {
      int(c, 0, model.constants.length - 1, where, what);
      const t = model.constants[c].tensor;
      if (t.dtype !== dtype) fail(where, `${what} must be ${dtype}, got ${t.dtype}`);
      if (t.data.length !== product(t.shape)) fail(where, `${what} data does not match its shape`);
      if (size !== undefined && t.data.length !== size) fail(where, `${what} must hold ${size} values, got ${t.data.length}`);
      return t;
    };
    const zp = (v: number, what: string) => int(v, -128, 127, where, what);
    const requant = (m: number, s: number) => {
      int(m, 0, 2 ** 31 - 1, where, 'multiplier');
      int(s, -31, 30, where, 'shift');
    };
    const act = (o: { actMin: number; actMax: number }) => {
      zp(o.actMin, 'actMin');
      zp(o.actMax, 'actMax');
      if (o.actMin > o.actMax) fail(where, 'actMin exceeds actMax');
    };
    const window = (o: Window) => {
      if (o.kernel?.length !== 2 || o.strides?.length !== 2 || o.dilations?.length !== 2 || o.pads?.length !== 4) fail(where, 'malformed window');
      const d = o.depth ?? NO_DEPTH;
      [...o.kernel, ...o.strides, ...o.dilations, d.kernel, d.stride, d.dilation].forEach((v) => int(v, 1, 65535, where, 'window size'));
      [...o.pads, d.padBegin, d.padEnd].forEach((v) => int(v, 0, 65535, where, 'pad'));
    };
    switch (op.kind) {
      case 'conv':
      case 'fc': {
        const inShape = ref(op.input, 'input');
        zp(op.inputZp, 'inputZp');
        zp(op.outputZp, 'outputZp');
        act(op);
        const w = constant(op.weights, 'int8', undefined, 'weights');
        const channels = w.shape[0];
        const bias = constant(op.bias, 'int32', channels, 'bias');
        const mults = constant(op.multipliers, 'int32', channels, 'multipliers');
        const shifts = constant(op.shifts, 'int32', channels, 'shifts');
        for (let m = 0; m < channels; m++) requant(mults.data[m], shifts.data[m]);
        const k = w.data.length / channels;
        let maxBias = 0;
        for (const b of bias.data) maxBias = Math.max(maxBias, Math.abs(b));
        if (k * 255 * 127 + maxBias > 2 ** 31 - 1) fail(where, 'the int32 accumulator could overflow');
        if (op.kind === 'conv') {
          window(op);
          const [n, c] = ncdhw(inShape);
          const [on, om] = ncdhw(outShape);
          int(op.group, 1, c, where, 'group');
          if (c % op.group !== 0 || om % op.group !== 0 || on !== n || om !== channels) fail(where, 'weights, group and shapes disagree');
          // Weights are [M, C/group, (kD,) kH, kW]: the row-major layout is the same with or without kD = 1.
          if (w.shape[1] * op.group !== c || product(w.shape) !== channels * w.shape[1] * (op.depth ?? NO_DEPTH).kernel * op.kernel[0] * op.kernel[1]) {
            fail(where, 'weight shape does not match channels and kernel');
          }
        } else if (w.shape.length !== 2 || inShape.at(-1) !== w.shape[1] || outShape.at(-1) !== channels || product(inShape) / w.shape[1] !== product(outShape) / channels) {
          fail(where, 'weights and shapes disagree');
        }
        return;
      }
      case 'matmul': {
        const as = ref(op.a, 'a');
        const bs = ref(op.b, 'b');
        [op.aZp, op.bZp, op.outputZp].forEach((v) => zp(v, 'zero point'));
        requant(op.multiplier, op.shift);
        act(op);
        if (as.length < 2 || bs.length < 2 || as.at(-1) !== bs.at(-2) || outShape.at(-1) !== bs.at(-1) || outShape.at(-2) !== as.at(-2)) fail(where, 'shapes disagree');
        if (as.at(-1)! * 65025 > 2 ** 31 - 1) fail(where, 'the int32 accumulator could overflow');
        return;
      }
      case 'add':
      case 'mul': {
        for (const s of [ref(op.a, 'a'), ref(op.b, 'b')]) {
          const offset = outShape.length - s.length;
          if (offset < 0 || s.some((d, i) => d !== 1 && d !== outShape[offset + i])) fail(where, `operand shape [${s}] does not broadcast to [${outShape}]`);
        }
        [op.aZp, op.bZp, op.outputZp].forEach((v) => zp(v, 'zero point'));
        act(op);
        if (op.kind === 'add') {
          requant(op.aMultiplier, op.aShift);
          requant(op.bMultiplier, op.bShift);
          requant(op.outMultiplier, op.outShift);
        } else requant(op.multiplier, op.shift);
        return;
      }
      case 'lut':
        ref(op.input, 'input');
        constant(op.table, 'int8', 256, 'table');
        return;
      case 'softmax': {
        const s = ref(op.input, 'input');
        const table = constant(op.expTable, 'int32', 256, 'expTable');
        for (const e of table.data) int(e, 0, 65536, where, 'exp table entry');
        // INVARIANT: the row maximum reads entry 0, so a sum of entries is never 0.
        if (table.data[0] !== 65536) fail(where, `exp table entry 0 must be 65536 (exp(0) = 1), got ${table.data[0]}`);
        int(op.n, 1, 32767, where, 'n');
        if (op.outer * op.n * op.inner !== product(s) || product(outShape) !== product(s)) fail(where, 'outer * n * inner must equal the input size');
        return;
      }
      case 'maxPool':
      case 'avgPool':
        ref(op.input, 'input');
        window(op);
        if (op.kind === 'avgPool') {
          zp(op.inputZp, 'inputZp');
          zp(op.outputZp, 'outputZp');
          requant(op.multiplier, op.shift);
          if ((op.depth ?? NO_DEPTH).kernel * op.kernel[0] * op.kernel[1] * 255 * 2 ** Math.max(op.shift, 0) > 2 ** 31 - 1) fail(where, 'the scaled window sum could saturate');
        }
        return;
      case 'reshape':
        if (product(ref(op.input, 'input')) !== product(outShape)) fail(where, 'reshape must keep the element count');
        return;
      case 'transpose': {
        const s = ref(op.input, 'input');
        if (op.perm.length !== s.length || [...op.perm].sort((a, b) => a - b).some((p, i) => p !== i)) fail(where, 'perm is not a permutation');
        if (op.perm.some((p, d) => s[p] !== outShape[d])) fail(where, 'output shape does not match perm');
        return;
      }
    }
  }
}
