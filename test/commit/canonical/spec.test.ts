import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import * as canonical from '../../../src/commit/canonical/index.ts';
import { canonicalize } from '../../../src/commit/canonical/canonicalize.ts';
import { canonicalCode, canonicalSpecFromCode } from '../../../src/commit/canonical/canonicalCode.ts';
import { CANONICAL_KIND_IDS, CANONICAL_KIND_NAMES } from '../../../src/commit/canonical/constants.ts';
import { CanonicalSpecError } from '../../../src/commit/canonical/errors.ts';
import { formatCanonicalSpec, parseCanonicalSpec } from '../../../src/commit/canonical/parseCanonicalSpec.ts';
import { resultOf, VECTOR_INPUTS, type Vector } from './vectorInputs.ts';

const hex = (b: Uint8Array) => `0x${Buffer.from(b).toString('hex')}`;

describe('canonicalisation specs', () => {
  it('has fixed small-integer ids (wire and chain values: never renumber)', () => {
    assert.deepEqual(CANONICAL_KIND_IDS, { exact: 1, top1: 2, round: 3, text: 4 });
    assert.deepEqual(CANONICAL_KIND_NAMES, { 1: 'exact', 2: 'top1', 3: 'round', 4: 'text' });
  });

  it('parses and formats exact, top1, round:k and text', () => {
    for (const text of ['exact', 'top1', 'text', 'round:0', 'round:4', 'round:22']) assert.equal(formatCanonicalSpec(parseCanonicalSpec(text)), text);
    assert.deepEqual(parseCanonicalSpec('round:3'), { kind: 'round', decimals: 3 });
    for (const bad of ['', 'EXACT', 'round', 'round:', 'round:23', 'round:-1', 'round:03', 'round:1.5', 'round: 2', 'top2', 'nfc']) {
      assert.throws(() => parseCanonicalSpec(bad), CanonicalSpecError, JSON.stringify(bad));
    }
  });

  it('packs a spec into a uint16 (kind << 8 | parameter) and back', () => {
    assert.equal(canonicalCode({ kind: 'exact' }), 0x0100);
    assert.equal(canonicalCode({ kind: 'top1' }), 0x0200);
    assert.equal(canonicalCode({ kind: 'round', decimals: 4 }), 0x0304);
    assert.equal(canonicalCode({ kind: 'text' }), 0x0400);
    for (const text of ['exact', 'top1', 'text', 'round:0', 'round:7', 'round:22']) {
      const spec = parseCanonicalSpec(text);
      assert.deepEqual(canonicalSpecFromCode(canonicalCode(spec)), spec);
    }
    for (const bad of [0, 0x0001, 0x0101, 0x0201, 0x0317, 0x0401, 0x0500, 0x10000, -1, 1.5]) {
      assert.throws(() => canonicalSpecFromCode(bad), CanonicalSpecError, `0x${bad.toString(16)}`);
    }
    assert.throws(() => canonicalCode({ kind: 'round', decimals: 23 }), CanonicalSpecError);
  });

  it('src/commit/canonical exports (changing the API must be deliberate)', () => {
    assert.deepEqual(Object.keys(canonical).sort(), [
      'CANONICAL_KIND_IDS', 'CANONICAL_KIND_NAMES', 'CanonicalInputError', 'CanonicalSpecError', 'EXACT_FORM', 'MAX_ROUND_DECIMALS',
      'ONNX_DTYPE_CODE', 'RESULT_DOMAIN', 'canonicalBytes', 'canonicalCode', 'canonicalSpecBytes', 'canonicalSpecFromCode',
      'canonicalize', 'exactBytes', 'formatCanonicalSpec', 'normalizeText', 'parseCanonicalSpec', 'resultHash', 'roundBytes',
      'roundHalfAwayFromZero', 'roundSpec', 'textBytes', 'top1Bytes',
    ]);
  });
});

describe('test vectors (test/commit/canonical/vectors.json)', () => {
  const file = JSON.parse(readFileSync(new URL('vectors.json', import.meta.url), 'utf8')) as { vectors: (Vector & { code: number })[] };

  it('cover every kind and match the vector inputs', () => {
    assert.deepEqual(file.vectors.map((v) => ({ spec: v.spec, result: v.result })), VECTOR_INPUTS);
    assert.deepEqual(new Set(file.vectors.map((v) => v.spec.split(':')[0])), new Set(Object.keys(CANONICAL_KIND_IDS)));
  });

  for (const [i, v] of file.vectors.entries()) {
    it(`vector ${i} (${v.spec}): canonical bytes, code and result hash`, () => {
      const c = canonicalize(parseCanonicalSpec(v.spec), resultOf(v.result));
      assert.equal(c.code, v.code);
      assert.equal(hex(c.bytes), v.bytes);
      assert.equal(hex(c.hash), v.hash);
    });
  }
});
