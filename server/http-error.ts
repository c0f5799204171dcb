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

export function errorBody(code: string, message: string): ErrorBody {
  return { error: { code, message } };
}
