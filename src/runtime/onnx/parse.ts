import { OnnxParseError } from '../errors.ts';
import { fromTensorProto, type FloatTensor } from './float-tensor.ts';
import { onnx, toNumber, type AttributeProto, type ModelProto, type ValueInfoProto } from './proto.ts';

export type AttributeValue = number | number[] | string | string[] | FloatTensor;

/** A node as written in the file: op type, value names and decoded attributes. */
export type RawNode = {
  name: string;
  opType: string;
  domain: string;
  inputs: string[];
  outputs: string[];
  attributes: Map<string, AttributeValue>;
};

/** A graph input: its name and dims, where a symbolic dim keeps its name (e.g. 'N'). */
export type RawInput = { name: string; dims: (number | string)[] };

export type RawModel = {
  /** Version of the default ONNX domain the model was written for. */
  opset: number;
  inputs: RawInput[];
  outputs: string[];
  initializers: Map<string, FloatTensor>;
  nodes: RawNode[];
};

const A = onnx.AttributeProto.AttributeType;

/** Decodes ONNX bytes into a RawModel. Attribute values are decoded; op semantics are not checked here. */
export function parseOnnx(bytes: Uint8Array): RawModel {
  let model: ModelProto;
  try {
    model = onnx.ModelProto.decode(bytes);
  } catch (cause) {
    throw new OnnxParseError('not a valid ONNX model file (protobuf decoding failed)', { cause });
  }
  const graph = model.graph;
  if (!graph) throw new OnnxParseError('the ONNX model has no graph');
  if ((graph.node ?? []).length === 0) throw new OnnxParseError('the ONNX graph has no nodes');

  const opsetEntry = (model.opsetImport ?? []).find((o) => !o.domain || o.domain === 'ai.onnx');
  // Models written before opset_import existed (IR version < 3) use opset 1.
  const opset = opsetEntry ? toNumber(opsetEntry.version) : 1;

  const initializers = new Map<string, FloatTensor>();
  for (const t of graph.initializer ?? []) {
    if (!t.name) throw new OnnxParseError('an initializer has no name');
    initializers.set(t.name, fromTensorProto(t, `initializer '${t.name}'`));
  }
  // Before IR version 4 every initializer is also listed as a graph input: those are weights, not inputs.
  const inputs = (graph.input ?? []).filter((i) => !initializers.has(i.name ?? '')).map(rawInput);
  const outputs = (graph.output ?? []).map((o) => o.name ?? '');
  const nodes = (graph.node ?? []).map((n, i): RawNode => {
    const opType = n.opType ?? '';
    const name = n.name || `${opType}_${i}`;
    const attributes = new Map<string, AttributeValue>();
    for (const a of n.attribute ?? []) attributes.set(a.name ?? '', attributeValue(a, name));
    return { name, opType, domain: n.domain ?? '', inputs: [...(n.input ?? [])], outputs: [...(n.output ?? [])], attributes };
  });
  return { opset, inputs, outputs, initializers, nodes };
}

function rawInput(v: ValueInfoProto): RawInput {
  const dims = v.type?.tensorType?.shape?.dim ?? [];
  return {
    name: v.name ?? '',
    dims: dims.map((d, i) => {
      if (d.dimValue !== undefined && d.dimValue !== null && toNumber(d.dimValue) > 0) return toNumber(d.dimValue);
      return d.dimParam || `dim${i}`;
    }),
  };
}

function attributeValue(a: AttributeProto, node: string): AttributeValue {
  const what = `attribute '${a.name}' of node '${node}'`;
  // Files written by old exporters may leave `type` unset: infer it from the populated field.
  const type = a.type || inferType(a);
  switch (type) {
    case A.FLOAT: return a.f ?? 0;
    case A.INT: return toNumber(a.i ?? 0);
    case A.STRING: return new TextDecoder().decode(a.s ?? new Uint8Array());
    case A.FLOATS: return [...(a.floats ?? [])];
    case A.INTS: return (a.ints ?? []).map(toNumber);
    case A.STRINGS: return (a.strings ?? []).map((s) => new TextDecoder().decode(s));
    case A.TENSOR:
      if (!a.t) throw new OnnxParseError(`${what} has no tensor`);
      return fromTensorProto(a.t, what);
    default:
      throw new OnnxParseError(`${what} has unsupported type ${A[type] ?? type}`);
  }
}

function inferType(a: AttributeProto): number {
  if (a.ints?.length) return A.INTS;
  if (a.floats?.length) return A.FLOATS;
  if (a.strings?.length) return A.STRINGS;
  if (a.t) return A.TENSOR;
  if (a.s?.length) return A.STRING;
  if (a.f) return A.FLOAT;
  return A.INT;
}
