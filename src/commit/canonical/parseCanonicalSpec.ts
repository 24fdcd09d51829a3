import { CANONICAL_KIND_IDS, type CanonicalSpec, MAX_ROUND_DECIMALS } from './constants.ts';
import { CanonicalSpecError } from './errors.ts';

/** Reads `exact`, `top1`, `round:k` (k in 0..22, decimal, no sign or leading zero) or `text`. */
export function parseCanonicalSpec(text: string): CanonicalSpec {
  if (text === 'exact' || text === 'top1' || text === 'text') return { kind: text };
  const round = /^round:(0|[1-9][0-9]?)$/.exec(text);
  if (round) return roundSpec(Number(round[1]));
  throw new CanonicalSpecError(`unknown canonicalisation '${text}'`, { details: `one of: ${Object.keys(CANONICAL_KIND_IDS).map((k) => (k === 'round' ? 'round:k' : k)).join(', ')}` });
}

/** The spec as `parseCanonicalSpec` reads it. */
export function formatCanonicalSpec(spec: CanonicalSpec): string {
  return spec.kind === 'round' ? `round:${spec.decimals}` : spec.kind;
}

export function roundSpec(decimals: number): Extract<CanonicalSpec, { kind: 'round' }> {
  if (!Number.isInteger(decimals) || decimals < 0 || decimals > MAX_ROUND_DECIMALS) {
    throw new CanonicalSpecError(`round:k needs k in 0..${MAX_ROUND_DECIMALS}, got ${decimals}`);
  }
  return { kind: 'round', decimals };
}
