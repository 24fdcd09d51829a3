import { VouchError } from '../errors.ts';

/** A step proof or move argument cannot be built from the given model, trace and position. */
export class DisputeProofError extends VouchError {
  override name = 'DisputeProofError';
}
