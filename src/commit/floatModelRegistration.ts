import type { FloatModel, FloatValueInfo } from '../runtime/float/types.ts';
import { canonicalCode, canonicalSpecBytes } from './canonical/canonicalCode.ts';
import type { CanonicalKind, CanonicalSpec } from './canonical/constants.ts';
import { formatCanonicalSpec, parseCanonicalSpec } from './canonical/parseCanonicalSpec.ts';
import { CanonicalSpecError } from './canonical/errors.ts';
import { floatModelId } from './floatModelId.ts';

/** Verification modes a float model can be sold under: never `optimistic` (it needs bit-exact re-execution). */
export type FloatVerificationMode = 'quorum' | 'sampled';

export type FloatModelRegistrationParameters = {
  /** 1..64 bytes of UTF-8, no control characters. */
  name: string;
  /** The canonicalisation quorums compare this model's results under: a spec or its text (`round:4`). */
  canonical: CanonicalSpec | string;
  /** Default: both. */
  modes?: readonly FloatVerificationMode[];
};

/** What a node posts to register a float model (JSON-safe: hex strings and numbers). */
export type FloatModelRegistration = {
  format: 'onnx-float';
  /** floatModelId(file bytes), 0x-prefixed hex. */
  modelId: `0x${string}`;
  name: string;
  canonical: {
    /** `exact`, `top1`, `round:4`, `text`. */
    name: string;
    kind: CanonicalKind;
    /** Kind id (docs/quorum-canonical.md). */
    id: number;
    /** round: k; others 0. */
    param: number;
    /** id << 8 | param: the uint16 a contract stores. */
    code: number;
  };
  modes: FloatVerificationMode[];
  byteLength: number;
  inputs: FloatValueInfo[];
  outputs: FloatValueInfo[];
};

const NUMERIC = new Set(['float32', 'float64', 'int8', 'uint8', 'int16', 'uint16', 'int32', 'uint32', 'int64', 'uint64']);

/**
 * The registration record of a loaded float model: its id, name, canonicalisation and I/O.
 * Refuses a canonicalisation the model's outputs cannot take (text for tensor outputs, top1 on
 * a non-numeric or scalar first output, round on a float16/bool output).
 */
export function floatModelRegistration(model: Pick<FloatModel, 'bytes' | 'inputs' | 'outputs'>, params: FloatModelRegistrationParameters): FloatModelRegistration {
  const name = checkName(params.name);
  const spec = typeof params.canonical === 'string' ? parseCanonicalSpec(params.canonical) : params.canonical;
  const [id, param] = canonicalSpecBytes(spec);
  checkFits(spec, model.outputs);
  const modes: FloatVerificationMode[] = [...new Set(params.modes ?? (['quorum', 'sampled'] as const))];
  for (const m of modes) if (m !== 'quorum' && m !== 'sampled') throw new CanonicalSpecError(`a float model cannot be served in mode '${m}': only quorum and sampled`);
  if (modes.length === 0) throw new CanonicalSpecError('a float model needs at least one verification mode');
  return {
    format: 'onnx-float',
    modelId: `0x${Buffer.from(floatModelId(model.bytes)).toString('hex')}`,
    name,
    canonical: { name: formatCanonicalSpec(spec), kind: spec.kind, id, param, code: canonicalCode(spec) },
    modes,
    byteLength: model.bytes.length,
    inputs: model.inputs.map((i) => ({ ...i, shape: i.shape && [...i.shape] })),
    outputs: model.outputs.map((o) => ({ ...o, shape: o.shape && [...o.shape] })),
  };
}

function checkName(name: string): string {
  if (typeof name !== 'string' || name.trim() === '') throw new CanonicalSpecError('a model name is required');
  if (/\p{Cc}/u.test(name)) throw new CanonicalSpecError(`model name ${JSON.stringify(name)} has a control character`);
  if (Buffer.byteLength(name, 'utf8') > 64) throw new CanonicalSpecError(`model name is ${Buffer.byteLength(name, 'utf8')} bytes; at most 64`);
  return name;
}

function checkFits(spec: CanonicalSpec, outputs: readonly FloatValueInfo[]): void {
  const label = formatCanonicalSpec(spec);
  if (outputs.length === 0) throw new CanonicalSpecError('the model declares no outputs');
  if (spec.kind === 'text') throw new CanonicalSpecError('text compares text results; an ONNX model returns tensors (use exact, top1 or round:k)');
  if (spec.kind === 'top1') {
    const first = outputs[0];
    if (!NUMERIC.has(first.dtype)) throw new CanonicalSpecError(`top1 ranks the first output, '${first.name}', whose dtype ${first.dtype} it cannot rank`);
    if (first.shape && first.shape.length === 0) throw new CanonicalSpecError(`top1 needs a first output of rank >= 1; '${first.name}' is a scalar`);
  }
  if (spec.kind === 'round') {
    for (const o of outputs) if (!NUMERIC.has(o.dtype)) throw new CanonicalSpecError(`${label} cannot round output '${o.name}' of dtype ${o.dtype}`);
  }
}
