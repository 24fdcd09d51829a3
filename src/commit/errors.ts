import { VouchError } from '../errors.ts';

/** A tensor or trace cannot be committed (shape, dtype or size outside the format). */
export class CommitFormatError extends VouchError {
  override name = 'CommitFormatError';
}

/** A leaf, element, node or tensor position lies outside the committed tree. */
export class CommitIndexError extends VouchError {
  override name = 'CommitIndexError';
  constructor(what: string, index: number, bound: number, hint?: string) {
    super(`${what} ${index} is out of range: must be an integer in [0, ${bound})`, { details: hint });
  }
}

/** A proof is malformed (wrong sibling count, leaf length, hash length). Invalid but well-formed proofs make verify* return false instead. */
export class CommitProofShapeError extends VouchError {
  override name = 'CommitProofShapeError';
}
