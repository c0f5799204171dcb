/**
 * An error that already knows how it should look to an HTTP client. Route handlers throw it;
 * the one error middleware (`server/error-middleware.ts`) turns it into
 * `{ error: { code, message } }` with this status, so no handler shapes an error body itself.
 *
 * @example
 * throw new HttpError(404, 'document_not_found', `no document with id "${id}"`);
 */
export class HttpError extends Error {
  /** Extra response headers the status calls for, e.g. `Allow` on a 405. */
  readonly headers: Readonly<Record<string, string>>;

  constructor(
    readonly status: number,
    /** Stable, machine-readable: clients branch on it, so it never changes wording. */
    readonly code: string,
    message: string,
    options: { headers?: Record<string, string>; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'HttpError';
    this.headers = options.headers ?? {};
  }
}

/** The body every error response has. */
export interface ErrorBody {
  error: { code: string; message: string };
}

/**
 * Messages quote what the client sent (zod's "received '…'" included), which may hold an unpaired
 * surrogate; JSON would carry it as `\ud800`, which strict decoders (Rust's serde_json, Python's
 * UTF-8 encoders) reject, so it becomes U+FFFD and the client can always read why it was refused.
 */
export function errorBody(code: string, message: string): ErrorBody {
  return { error: { code, message: (message as string & { toWellFormed(): string }).toWellFormed() } };
}
