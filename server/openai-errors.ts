import type { ErrorRequestHandler, Response } from 'express';
import { ZodError } from 'zod';
import type { Logger } from '../ingest/embedder-settings.js';
import { errorHandler, formatPath } from './error-middleware.js';
import { HttpError, type ErrorBody } from './http-error.js';

/**
 * Errors on `/v1/*` in the shape OpenAI's clients parse. The official SDKs pick their exception
 * class from the status and read `error.message`, `error.param` and `error.code`; chat front-ends
 * show `error.message`. Which errors are the client's fault, their status and the log line for
 * ours are still decided by the one shared error middleware: only the body's shape differs here.
 */

export type OpenAiErrorType = 'invalid_request_error' | 'not_found_error' | 'server_error';

export interface OpenAiErrorBody {
  error: { message: string; type: OpenAiErrorType; param: string | null; code: string | null };
}

/**
 * An HttpError that also names the request field at fault, which OpenAI reports as `param`.
 *
 * @example
 * throw new OpenAiParamError(404, 'model_not_found', 'The model "gpt-4o" does not exist', 'model');
 */
export class OpenAiParamError extends HttpError {
  constructor(
    status: number,
    code: string,
    message: string,
    readonly param: string,
  ) {
    super(status, code, message);
    this.name = 'OpenAiParamError';
  }
}

export function openAiErrorType(status: number): OpenAiErrorType {
  if (status === 404) return 'not_found_error';
  return status >= 500 ? 'server_error' : 'invalid_request_error';
}

export function openAiErrorBody(status: number, code: string | null, message: string, param: string | null = null): OpenAiErrorBody {
  return { error: { message, type: openAiErrorType(status), param, code } };
}

/** A zod path written the way the messages in `describeZodError` write it: `messages[0].role`. */
function paramPath(path: ReadonlyArray<string | number>): string | null {
  return path.length === 0 ? null : formatPath(path);
}

function paramOf(err: unknown): string | null {
  if (err instanceof OpenAiParamError) return err.param;
  if (err instanceof ZodError) return paramPath(err.issues[0]?.path ?? []);
  return null;
}

function isErrorBody(body: unknown): body is ErrorBody {
  const error = (body as Partial<ErrorBody> | null)?.error;
  return typeof error?.code === 'string' && typeof error.message === 'string';
}

/**
 * Error middleware for `/v1`, mounted before the global one. It hands the error to the shared
 * handler (so 400/404/405/413/415 and the generic, logged 500 are classified exactly as on
 * `/api`) and rewrites only the `{ error: { code, message } }` body that handler writes.
 */
export function openAiErrorHandler(logger: Logger): ErrorRequestHandler {
  const shared = errorHandler(logger);
  return (err, req, res, next) => {
    if (res.headersSent) {
      next(err);
      return;
    }
    const param = paramOf(err);
    const json = res.json.bind(res);
    res.json = ((body: unknown) =>
      json(isErrorBody(body) ? openAiErrorBody(res.statusCode, body.error.code, body.error.message, param) : body)) as Response['json'];
    shared(err, req, res, next);
  };
}
