/**
 * The one error base class of Vouch (viem style): a short message a user can act on,
 * optional details, and the cause it wraps. Every layer derives its typed errors from it.
 */
export class VouchError extends Error {
  override name = 'VouchError';
  readonly shortMessage: string;
  readonly details?: string;

  constructor(shortMessage: string, options: { details?: string; cause?: unknown } = {}) {
    super(options.details ? `${shortMessage}\n\nDetails: ${options.details}` : shortMessage, { cause: options.cause });
    this.shortMessage = shortMessage;
    this.details = options.details;
  }

  /** Walks the cause chain, returning the first error `fn` accepts (or the deepest one). */
  walk(fn?: (err: unknown) => boolean): unknown {
    let err: unknown = this;
    while (err instanceof Error && err.cause !== undefined) {
      if (fn?.(err)) return err;
      err = err.cause;
    }
    return fn ? (fn(err) ? err : null) : err;
  }
}
