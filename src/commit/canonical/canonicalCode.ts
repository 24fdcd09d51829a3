import { CANONICAL_KIND_IDS, CANONICAL_KIND_NAMES, type CanonicalSpec } from './constants.ts';
import { CanonicalSpecError } from './errors.ts';
import { roundSpec } from './parseCanonicalSpec.ts';

/** The spec as two bytes: [kind id, parameter] (round: k; others: 0). */
export function canonicalSpecBytes(spec: CanonicalSpec): [kind: number, param: number] {
  const id = CANONICAL_KIND_IDS[spec.kind];
  if (id === undefined) throw new CanonicalSpecError(`unknown canonicalisation kind '${(spec as { kind: string }).kind}'`);
  return [id, spec.kind === 'round' ? roundSpec(spec.decimals).decimals : 0];
}

/** The spec as one uint16 (kind id << 8 | parameter), as a contract stores it: exact 0x0100, top1 0x0200, round:4 0x0304, text 0x0400. */
export function canonicalCode(spec: CanonicalSpec): number {
  const [kind, param] = canonicalSpecBytes(spec);
  return (kind << 8) | param;
}

/** The spec a uint16 code stands for; 0 and unknown kinds or parameters are refused. */
export function canonicalSpecFromCode(code: number): CanonicalSpec {
  if (!Number.isInteger(code) || code < 0 || code > 0xffff) throw new CanonicalSpecError(`canonicalisation code ${code} is not a uint16`);
  const name = CANONICAL_KIND_NAMES[code >> 8];
  const param = code & 0xff;
  if (!name) throw new CanonicalSpecError(`canonicalisation code 0x${code.toString(16).padStart(4, '0')} names no kind`);
  if (name === 'round') return roundSpec(param);
  if (param !== 0) throw new CanonicalSpecError(`canonicalisation ${name} takes no parameter, code 0x${code.toString(16).padStart(4, '0')} has ${param}`);
  return { kind: name };
}
