import { VouchError } from '../errors.ts';

/** Wrong command-line usage: printed with the command's help, exit code 2. */
export class UsageError extends VouchError {
  override name = 'UsageError';
}
