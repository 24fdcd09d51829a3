import { VouchError } from '../errors.ts';
import type { ApiErrorBody } from './types.ts';

/** The one HTTP error of the API: mapped to its status and an ApiErrorBody by createApiApp. */
export class ApiError extends VouchError {
  override name = 'ApiError';
  readonly status: 400 | 404 | 405 | 500 | 503;
  readonly code: string;
  constructor(status: ApiError['status'], code: string, message: string) {
    super(message);
    this.status = status;
    this.code = code;
  }

  body(): ApiErrorBody {
    return { error: { code: this.code, message: this.shortMessage } };
  }
}
