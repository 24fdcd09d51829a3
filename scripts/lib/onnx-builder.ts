/**
 * A small, general ONNX model encoder over onnx-proto.
 *
 * The caller describes a model as plain data (`OnnxModelSpec`: inputs, outputs, initializers, nodes,
 * opset, IR version) and gets the encoded ModelProto bytes back. Attribute kinds are explicit
 * (`attr.int(1)` vs `attr.float(1)`) because a JS number cannot tell ONNX which one it is.
 */
import onnxProto from 'onnx-proto';

const { onnx } = onnxProto;

export type OnnxElementType = 'float32' | 'uint8' | 'int8' | 'int32' | 'int64';

/** A dimension: a fixed size, or a symbolic name such as 'N' (dim_param). */
export type OnnxDim = number | string;

export type OnnxValueInfo = {
  name: string;
  type: OnnxElementType;
  /** Omit for a tensor of unknown rank. */
  shape?: readonly OnnxDim[];
};

export type OnnxTensorData = Float32Array | Uint8Array | Int8Array | Int32Array | BigInt64Array;

export type OnnxInitializer = {
  name: string;
  dims: readonly number[];
  data: OnnxTensorData;
};

export type OnnxAttribute =
  | { kind: 'int'; value: number }
  | { kind: 'ints'; value: readonly number[] }
  | { kind: 'float'; value: number }
  | { kind: 'floats'; value: readonly number[] }
  | { kind: 'string'; value: string }
  | { kind: 'tensor'; value: Omit<OnnxInitializer, 'name'> };

/** Typed attribute constructors: `{ pads: attr.ints([1, 1, 1, 1]), alpha: attr.float(0.1) }`. */
export const attr = {
  int: (value: number): OnnxAttribute => ({ kind: 'int', value }),
  ints: (value: readonly number[]): OnnxAttribute => ({ kind: 'ints', value }),
  float: (value: number): OnnxAttribute => ({ kind: 'float', value }),
  floats: (value: readonly number[]): OnnxAttribute => ({ kind: 'floats', value }),
  string: (value: string): OnnxAttribute => ({ kind: 'string', value }),
  tensor: (value: Omit<OnnxInitializer, 'name'>): OnnxAttribute => ({ kind: 'tensor', value }),
};

export type OnnxNode = {
  opType: string;
  /** Use '' for an omitted optional input. */
  inputs: readonly string[];
  outputs: readonly string[];
  attributes?: Readonly<Record<string, OnnxAttribute>>;
  name?: string;
  /** Operator domain; '' (default) is the standard ai.onnx domain. */
  domain?: string;
};

export type OnnxModelSpec = {
  opsetVersion: number;
  /** ONNX IR version, e.g. 7 for opset 12-14, 8 for opset 15-18. */
  irVersion: number;
  graphName?: string;
  producerName?: string;
  docString?: string;
  inputs: readonly OnnxValueInfo[];
  outputs: readonly OnnxValueInfo[];
  initializers?: readonly OnnxInitializer[];
  nodes: readonly OnnxNode[];
};

const ELEMENT_TYPE_CODES: Record<OnnxElementType, number> = {
  float32: onnx.TensorProto.DataType.FLOAT,
  uint8: onnx.TensorProto.DataType.UINT8,
  int8: onnx.TensorProto.DataType.INT8,
  int32: onnx.TensorProto.DataType.INT32,
  int64: onnx.TensorProto.DataType.INT64,
};

function elementTypeOf(data: OnnxTensorData): OnnxElementType {
  if (data instanceof Float32Array) return 'float32';
  if (data instanceof Uint8Array) return 'uint8';
  if (data instanceof Int8Array) return 'int8';
  if (data instanceof Int32Array) return 'int32';
  return 'int64';
}

function tensorProto(name: string, dims: readonly number[], data: OnnxTensorData): InstanceType<typeof onnx.TensorProto> {
  const count = dims.reduce((a, b) => a * b, 1);
  if (data.length !== count) throw new RangeError(`tensor '${name}' of dims [${dims}] needs ${count} elements, got ${data.length}`);
  // raw_data is little-endian by the ONNX spec; typed arrays are little-endian on every platform Node supports.
  const rawData = new Uint8Array(data.buffer, data.byteOffset, data.byteLength).slice();
  return onnx.TensorProto.create({ name, dims: [...dims], dataType: ELEMENT_TYPE_CODES[elementTypeOf(data)], rawData });
}

function valueInfoProto(info: OnnxValueInfo): InstanceType<typeof onnx.ValueInfoProto> {
  const shape = info.shape && {
    dim: info.shape.map((d) => (typeof d === 'number' ? { dimValue: d } : { dimParam: d })),
  };
  return onnx.ValueInfoProto.create({
    name: info.name,
    type: { tensorType: { elemType: ELEMENT_TYPE_CODES[info.type], shape } },
  });
}

function attributeProto(name: string, a: OnnxAttribute): InstanceType<typeof onnx.AttributeProto> {
  const T = onnx.AttributeProto.AttributeType;
  switch (a.kind) {
    case 'int':
      if (!Number.isInteger(a.value)) throw new TypeError(`int attribute '${name}' got ${a.value}`);
      return onnx.AttributeProto.create({ name, type: T.INT, i: a.value });
    case 'ints':
      if (!a.value.every(Number.isInteger)) throw new TypeError(`ints attribute '${name}' got [${a.value}]`);
      return onnx.AttributeProto.create({ name, type: T.INTS, ints: [...a.value] });
    case 'float':
      return onnx.AttributeProto.create({ name, type: T.FLOAT, f: a.value });
    case 'floats':
      return onnx.AttributeProto.create({ name, type: T.FLOATS, floats: [...a.value] });
    case 'string':
      return onnx.AttributeProto.create({ name, type: T.STRING, s: new TextEncoder().encode(a.value) });
    case 'tensor':
      return onnx.AttributeProto.create({ name, type: T.TENSOR, t: tensorProto('', a.value.dims, a.value.data) });
  }
}

function nodeProto(node: OnnxNode, index: number): InstanceType<typeof onnx.NodeProto> {
  return onnx.NodeProto.create({
    opType: node.opType,
    domain: node.domain ?? '',
    name: node.name ?? `${node.opType}_${index}`,
    input: [...node.inputs],
    output: [...node.outputs],
    attribute: Object.entries(node.attributes ?? {}).map(([name, a]) => attributeProto(name, a)),
  });
}

/** Encodes a model spec as ONNX ModelProto bytes. */
export function buildOnnxModel(spec: OnnxModelSpec): Uint8Array {
  const model = onnx.ModelProto.create({
    irVersion: spec.irVersion,
    producerName: spec.producerName ?? 'vouch',
    docString: spec.docString ?? '',
    opsetImport: [{ domain: '', version: spec.opsetVersion }],
    graph: {
      name: spec.graphName ?? 'graph',
      input: spec.inputs.map(valueInfoProto),
      output: spec.outputs.map(valueInfoProto),
      initializer: (spec.initializers ?? []).map((t) => tensorProto(t.name, t.dims, t.data)),
      node: spec.nodes.map(nodeProto),
    },
  });
  const encoded = onnx.ModelProto.encode(model).finish();
  return new Uint8Array(encoded.buffer, encoded.byteOffset, encoded.byteLength).slice();
}

/** Decodes model bytes (for inspection in tests: op list, initializer names). */
export function decodeOnnxModel(bytes: Uint8Array): InstanceType<typeof onnx.ModelProto> {
  return onnx.ModelProto.decode(bytes);
}
