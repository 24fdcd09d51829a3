import { createHash } from 'node:crypto';
import { sha256 } from '../sha256.ts';
import { canonicalCode, canonicalSpecBytes } from './canonicalCode.ts';
import { type CanonicalResult, type CanonicalSpec, RESULT_DOMAIN } from './constants.ts';
import { exactBytes } from './exactBytes.ts';
import { roundBytes } from './roundBytes.ts';
import { textBytes } from './textBytes.ts';
import { top1Bytes } from './top1Bytes.ts';

export type Canonicalized = {
  spec: CanonicalSpec;
  /** kind id << 8 | parameter. */
  code: number;
  bytes: Uint8Array;
  /** resultHash(spec, bytes): what a quorum member commits to and reveals. */
  hash: Uint8Array;
};

/** The canonical bytes of a result under a spec (layouts in docs/quorum-canonical.md). */
export function canonicalBytes(spec: CanonicalSpec, result: CanonicalResult): Uint8Array {
  switch (spec.kind) {
    case 'exact':
      return exactBytes(result);
    case 'top1':
      return top1Bytes(result);
    case 'round':
      return roundBytes(result, spec.decimals);
    case 'text':
      return textBytes(result);
  }
}

/** resultHash = SHA-256(0x08 || u8 kind id || u8 parameter || canonical bytes). */
export function resultHash(spec: CanonicalSpec, bytes: Uint8Array): Uint8Array {
  const [kind, param] = canonicalSpecBytes(spec);
  // Large results: stream into node:crypto rather than copy into one preimage.
  if (bytes.length > 4096) return new Uint8Array(createHash('sha256').update(Uint8Array.of(RESULT_DOMAIN, kind, param)).update(bytes).digest());
  const pre = new Uint8Array(3 + bytes.length);
  pre[0] = RESULT_DOMAIN;
  pre[1] = kind;
  pre[2] = param;
  pre.set(bytes, 3);
  return sha256(pre);
}

/** Canonical bytes and result hash of a result under a spec. */
export function canonicalize(spec: CanonicalSpec, result: CanonicalResult): Canonicalized {
  const bytes = canonicalBytes(spec, result);
  return { spec, code: canonicalCode(spec), bytes, hash: resultHash(spec, bytes) };
}
