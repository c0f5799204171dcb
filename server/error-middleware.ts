import type { ErrorRequestHandler, RequestHandler } from 'express';
import { ZodError } from 'zod';
import type { Logger } from '../ingest/embedder-settings.js';
import { errorBody, HttpError } from './http-error.js';

/**
 * The one place errors become responses. Everything leaves as `{ error: { code, message } }`;
 * a client sees a message it can act on for its own mistakes (4xx) and a generic one for ours
 * (5xx), whose details go to the log instead — a stack trace never reaches a response.
 */

/** body-parser tags its errors with a `type`; these are the ones a client can cause and fix. */
const BODY_PARSER_ERRORS: Record<string, { status: number; code: string; message: (err: Error) => string }> = {
  'entity.parse.failed': { status: 400, code: 'invalid_json', message: (e) => `request body is not valid JSON: ${e.message}` },
  'entity.too.large': { status: 413, code: 'payload_too_large', message: (e) => `request body is too large: ${e.message}` },
  'charset.unsupported': { status: 415, code: 'unsupported_media_type', message: (e) => e.message },
  'encoding.unsupported': { status: 415, code: 'unsupported_media_type', message: (e) => e.message },
  'request.aborted': { status: 400, code: 'request_aborted', message: () => 'the request was aborted before its body was read' },
  'request.size.invalid': { status: 400, code: 'invalid_request', message: () => 'request body size did not match Content-Length' },
};

interface StatusCarrier {
  status?: unknown;
  statusCode?: unknown;
  type?: unknown;
}

/** Zod paths as a reader would write them: `history[0].role`; the whole body is `body`. */
export function formatPath(path: ReadonlyArray<string | number>): string {
  if (path.length === 0) return 'body';
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}

/** Describes a rejected request body field by field, e.g. "topK: Number must be less than or equal to 20". */
export function describeZodError(error: ZodError): string {
  return error.issues.map((issue) => `${formatPath(issue.path)}: ${issue.message}`).join('; ');
}

/** Turns anything thrown into an HttpError; `undefined` means "not the client's fault". */
function toHttpError(err: unknown): HttpError | undefined {
  if (err instanceof HttpError) return err;
  if (err instanceof ZodError) return new HttpError(400, 'invalid_request', describeZodError(err), { cause: err });
  if (!(err instanceof Error)) return undefined;
  const carrier = err as StatusCarrier;
  const known = typeof carrier.type === 'string' ? BODY_PARSER_ERRORS[carrier.type] : undefined;
  if (known) return new HttpError(known.status, known.code, known.message(err), { cause: err });
  // Other 4xx errors raised by Express itself (e.g. an undecodable %-escape in a path parameter).
  const status = typeof carrier.status === 'number' ? carrier.status : carrier.statusCode;
  if (typeof status === 'number' && status >= 400 && status < 500) {
    return new HttpError(status, 'bad_request', err.message, { cause: err });
  }
  return undefined;
}

/** The logger bound to this request (its lines carry the request id), or `fallback`. */
export function requestLogger(res: { locals: Record<string, unknown> }, fallback: Logger): Logger {
  return (res.locals.log as Logger | undefined) ?? fallback;
}

/** Express error handler: the last middleware of the app. */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (err, req, res, next) => {
    // Once a response has started it cannot be replaced; Express's default handler closes the socket.
    if (res.headersSent) {
      next(err);
      return;
    }
    const http = toHttpError(err);
    if (http) {
      res.set(http.headers).status(http.status).json(errorBody(http.code, http.message));
      return;
    }
    const requestId = String(res.locals.requestId ?? '-');
    const detail = err instanceof Error ? (err.stack ?? err.message) : String(err);
    requestLogger(res, logger).error(`${req.method} ${req.originalUrl} failed (request ${requestId}): ${detail}`);
    res
      .status(500)
      .json(errorBody('internal_error', `the server could not answer this request; quote request id ${requestId} when reporting it`));
  };
}

/** Answers any request no route claimed: a JSON 404 naming what was asked for. */
export const notFound: RequestHandler = (req) => {
  throw new HttpError(404, 'not_found', `no route for ${req.method} ${req.path}`);
};

/**
 * Mounted with `.all()` after a path's real handlers: the path exists, only the method is wrong,
 * so the client gets 405 and an `Allow` header listing what would work.
 */
export function methodNotAllowed(allowed: readonly string[]): RequestHandler {
  const allow = allowed.includes('GET') && !allowed.includes('HEAD') ? [...allowed, 'HEAD'] : [...allowed];
  return (req) => {
    throw new HttpError(405, 'method_not_allowed', `${req.method} is not allowed on ${req.path}; use ${allow.join(' or ')}`, {
      headers: { Allow: allow.join(', ') },
    });
  };
}
