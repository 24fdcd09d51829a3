import { VouchError } from '../../errors.ts';

/** A canonicalisation spec or code is not one of the declared kinds (or its parameter is out of range). */
export class CanonicalSpecError extends VouchError {
  override name = 'CanonicalSpecError';
}

/** A result cannot be canonicalised under the spec (NaN, infinite value, wrong result form, unsupported dtype, bad text). */
export class CanonicalInputError extends VouchError {
  override name = 'CanonicalInputError';
}
