import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { canonicalize } from '../../../src/commit/canonical/canonicalize.ts';
import { CanonicalInputError } from '../../../src/commit/canonical/errors.ts';
import { normalizeText, textBytes } from '../../../src/commit/canonical/textBytes.ts';

const hash = (text: string) => Buffer.from(canonicalize({ kind: 'text' }, { text }).hash).toString('hex');

describe('text canonicalisation', () => {
  it('trims, collapses whitespace runs to one space and lower-cases', () => {
    assert.equal(normalizeText('  Hello   World \n'), 'hello world');
    assert.equal(normalizeText('The\tCAT\r\n\r\nsat'), 'the cat sat');
    assert.equal(normalizeText(''), '');
    assert.equal(normalizeText(' \t\n '), '');
  });

  it('treats every Unicode White_Space code point as whitespace, and nothing else', () => {
    // NBSP, NEL, ideographic space, line and paragraph separators, em space, vertical tab, form feed.
    assert.equal(normalizeText('a\u00A0b\u0085c\u3000d\u2028e\u2029f\u2003g\u000Bh\u000Ci'), 'a b c d e f g h i');
    // Zero-width space and the BOM are not White_Space: kept.
    assert.equal(normalizeText('a\u200Bb\uFEFFc'), 'a\u200Bb\uFEFFc');
  });

  it('normalises to NFC: composed and decomposed forms agree', () => {
    assert.equal(normalizeText('e\u0301'), '\u00E9');
    assert.equal(normalizeText('E\u0301'), '\u00E9');
    assert.equal(normalizeText('\u1100\u1161'), '\uAC00', 'Hangul jamo compose');
    assert.equal(hash('Caf\u00E9'), hash('CAFE\u0301'));
    // NFC, not NFKC: the fi ligature and full-width letters stay what they are.
    assert.equal(normalizeText('\uFB01'), '\uFB01');
    assert.equal(normalizeText('\uFF21'), '\uFF41', 'full-width A lower-cases to full-width a, not to a');
  });

  it('lower-cases with the locale-independent Unicode mappings (SpecialCasing included)', () => {
    assert.equal(normalizeText('\u0130'), 'i\u0307', 'capital I with dot above');
    assert.equal(normalizeText('ΟΔΟΣ'), 'οδος'.slice(0, 3) + '\u03C2', 'final sigma');
    assert.equal(normalizeText('ΣΑ'), '\u03C3\u03B1', 'non-final sigma');
    assert.equal(normalizeText('STRASSE Straße'), 'strasse straße', 'ß is already lower case; no case folding');
  });

  it('gives equal hashes for answers that differ only in case, spacing and normal form, different ones otherwise', () => {
    assert.equal(hash('  The answer is   42.\n'), hash('the ANSWER is 42.'));
    assert.notEqual(hash('the answer is 42.'), hash('the answer is 42'));
    assert.notEqual(hash('the answer is 42'), hash('the answer is 43'));
    assert.notEqual(hash('ab'), hash('a b'));
  });

  it('encodes the normal form as UTF-8, astral characters included', () => {
    assert.equal(Buffer.from(textBytes({ text: ' \u00C9t\u00E9 \uD83D\uDE00 ' })).toString('hex'), 'c3a974c3a920f09f9880');
  });

  it('is idempotent and yields NFC, lower-case text with single inner spaces only (property)', () => {
    const pieces = fc.constantFrom('A', 'e', '\u0301', ' ', '\u00A0', '\t', '\n', '\u3000', '\u0130', 'Σ', 'ß', '\u1100', '\u1161', 'Ǆ', 'ﬁ', '😀', 'x', '.');
    fc.assert(
      fc.property(fc.array(fc.oneof(pieces, fc.string({ unit: 'grapheme', maxLength: 3 })), { maxLength: 12 }), (parts) => {
        const n = normalizeText(parts.join(''));
        return normalizeText(n) === n && n === n.normalize('NFC') && n === n.toLowerCase() && !/^ | $|  /.test(n) && !/[\t\n\u00A0\u3000]/.test(n);
      }),
      { numRuns: 3000 },
    );
  });

  it('refuses unpaired surrogates and tensor results', () => {
    for (const bad of ['\uD800', 'a\uD83Db', '\uDE00x', 'x\uDE00']) {
      assert.throws(() => normalizeText(bad), (e: unknown) => e instanceof CanonicalInputError && /unpaired surrogate/.test(e.message), JSON.stringify(bad));
    }
    assert.throws(() => textBytes({ tensors: [] }), CanonicalInputError);
  });
});
