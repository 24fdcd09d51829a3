import { constantInputs, fail, prod, type Handler } from './handler.ts';

// Constant nodes, and the shape arithmetic exporters emit around Reshape
// (Shape -> Gather -> Unsqueeze -> Concat): shapes are static, so all of it folds to constants
// at import. These ops are accepted on constants only.

export const constant: Handler = (node, attrs) => {
  const t = attrs.tensor('value');
  const f = attrs.has('value_float') ? attrs.float('value_float', 0) : undefined;
  const fs = attrs.has('value_floats') ? attrs.floats('value_floats', []) : undefined;
  const i = attrs.has('value_int') ? attrs.int('value_int', 0) : undefined;
  const is = attrs.has('value_ints') ? attrs.ints('value_ints', []) : undefined;
  attrs.rejectUnknown();
  if (t) return { kind: 'constant', value: t };
  if (f !== undefined || i !== undefined) return { kind: 'constant', value: { dims: [], data: Float64Array.of((f ?? i)!) } };
  const list = fs ?? is;
  if (list) return { kind: 'constant', value: { dims: [list.length], data: Float64Array.from(list) } };
  fail(node, 'no supported value attribute (value, value_float(s), value_int(s))');
};

export const shapeOp: Handler = (node, attrs, ctx) => {
  const dims = ctx.shapeOf(node.inputs[0]);
  const norm = (a: number) => (a < 0 ? a + dims.length : a);
  const start = norm(attrs.int('start', 0));
  const end = attrs.has('end') ? norm(attrs.int('end', dims.length)) : dims.length;
  attrs.rejectUnknown();
  const picked = dims.slice(Math.max(0, start), Math.min(dims.length, end));
  return { kind: 'constant', value: { dims: [picked.length], data: Float64Array.from(picked) } };
};

export const gather: Handler = (node, attrs, ctx) => {
  const axisAttr = attrs.int('axis', 0);
  attrs.rejectUnknown();
  const [data, indices] = constantInputs(node, ctx);
  const axis = axisAttr < 0 ? axisAttr + data.dims.length : axisAttr;
  const outer = prod(data.dims.slice(0, axis));
  const n = data.dims[axis];
  const inner = prod(data.dims.slice(axis + 1));
  const out = new Float64Array(outer * indices.data.length * inner);
  let o = 0;
  for (let a = 0; a < outer; a++)
    for (const raw of indices.data) {
      const i = raw < 0 ? raw + n : raw;
      if (i < 0 || i >= n) fail(node, `index ${raw} is out of range for axis of size ${n}`);
      for (let b = 0; b < inner; b++) out[o++] = data.data[(a * n + i) * inner + b];
    }
  return { kind: 'constant', value: { dims: [...data.dims.slice(0, axis), ...indices.dims, ...data.dims.slice(axis + 1)], data: out } };
};

export const concat: Handler = (node, attrs, ctx) => {
  const axisAttr = attrs.int('axis', 0);
  attrs.rejectUnknown();
  const parts = constantInputs(node, ctx);
  const rank = parts[0].dims.length;
  const axis = axisAttr < 0 ? axisAttr + rank : axisAttr;
  const outer = prod(parts[0].dims.slice(0, axis));
  const inner = prod(parts[0].dims.slice(axis + 1));
  const total = parts.reduce((a, p) => a + p.dims[axis], 0);
  const out = new Float64Array(outer * total * inner);
  let o = 0;
  for (let a = 0; a < outer; a++)
    for (const p of parts) {
      const len = p.dims[axis] * inner;
      out.set(p.data.subarray(a * len, (a + 1) * len), o);
      o += len;
    }
  const dims = [...parts[0].dims];
  dims[axis] = total;
  return { kind: 'constant', value: { dims, data: out } };
};

export const cast: Handler = (node, attrs, ctx) => {
  const to = attrs.int('to', 1);
  attrs.ignore('saturate');
  attrs.rejectUnknown();
  const [x] = constantInputs(node, ctx);
  // Constants are held as float64; casts to integer types truncate toward zero as ONNX does.
  const integer = to !== 1 && to !== 10 && to !== 11 && to !== 16;
  return { kind: 'constant', value: { dims: x.dims, data: integer ? x.data.map(Math.trunc) : x.data } };
};
