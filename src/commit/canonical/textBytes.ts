import type { CanonicalResult } from './constants.ts';
import { CanonicalInputError } from './errors.ts';

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const WHITE_SPACE_RUN = /\p{White_Space}+/gu;
const encoder = new TextEncoder();

/**
 * The `text` normal form: NFC, Unicode default lower case (String.prototype.toLowerCase:
 * locale-independent, SpecialCasing included), NFC again (lower-casing can leave a string
 * unnormalised), every run of White_Space code points replaced by one U+0020, then leading and
 * trailing U+0020 removed. A string with an unpaired surrogate is refused.
 */
export function normalizeText(text: string): string {
  checkWellFormed(text);
  return text.normalize('NFC').toLowerCase().normalize('NFC').replace(WHITE_SPACE_RUN, ' ').replace(/^ | $/g, '');
}

/** `text`: the UTF-8 bytes of normalizeText. */
export function textBytes(result: CanonicalResult): Uint8Array {
  if (!('text' in result)) throw new CanonicalInputError('text canonicalisation needs a text result, got tensors');
  return encoder.encode(normalizeText(result.text));
}

/** UTF-8 of a string that is valid Unicode (TextEncoder would silently turn a lone surrogate into U+FFFD). */
export function utf8WellFormed(text: string): Uint8Array {
  checkWellFormed(text);
  return encoder.encode(text);
}

function checkWellFormed(text: string): void {
  if (typeof text !== 'string') throw new CanonicalInputError(`text result is a ${typeof text}, not a string`);
  const bad = LONE_SURROGATE.exec(text);
  if (bad) throw new CanonicalInputError(`text has an unpaired surrogate U+${bad[0].charCodeAt(0).toString(16).toUpperCase()} at index ${bad.index}: not valid Unicode`);
}
