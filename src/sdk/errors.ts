import { VouchError } from '../errors.ts';

/** The API answered with an error (ApiErrorBody), or not at all. */
export class VouchApiError extends VouchError {
  override name = 'VouchApiError';
  /** HTTP status (0 when the request failed before an answer). */
  readonly status: number;
  /** The API's error code ('not_found', 'bad_id', ...), or 'network' / 'bad_response'. */
  readonly code: string;
  readonly url: string;
  constructor({ status, code, message, url, cause }: { status: number; code: string; message: string; url: string; cause?: unknown }) {
    super(`${message} (${status ? `HTTP ${status}` : 'no answer'} from ${url})`, { cause });
    this.status = status;
    this.code = code;
    this.url = url;
  }
}

/** waitForTask gave up before the task reached the wanted status. */
export class TaskWaitTimeoutError extends VouchError {
  override name = 'TaskWaitTimeoutError';
  readonly taskId: string;
  readonly status?: string;
  constructor({ taskId, status, timeoutMs }: { taskId: string; status?: string; timeoutMs: number }) {
    super(`Task ${taskId} is still ${status ?? 'not indexed'} after ${timeoutMs} ms.`, {
      details: 'A claimed task settles after its challenge window (or its dispute); pass a longer timeoutMs, or check that the indexer behind the API is running.',
    });
    this.taskId = taskId;
    this.status = status;
  }
}
