import express, { type RequestHandler } from 'express';
import { HttpError } from './http-error.js';

/** Large enough for a question and a long conversation, small enough that nobody can park megabytes on us. */
export const DEFAULT_BODY_LIMIT = '64kb';

/**
 * Middleware for routes that take a JSON body. `express.json()` quietly skips a body of another
 * type, which would surface later as a confusing "body: Required"; saying 415 names the real
 * problem. A request without a body passes through, and the schema reports what is missing.
 */
export function jsonBody(limit: string | number = DEFAULT_BODY_LIMIT): RequestHandler[] {
  const requireJson: RequestHandler = (req, _res, next) => {
    // `req.is` is null without a body and false for a body of another type. An explicitly empty
    // body (`Content-Length: 0`, what many clients send for a bare POST) counts as no body.
    const empty = req.get('Content-Length') === '0';
    if (!empty && req.is('application/json') === false) {
      const type = req.get('Content-Type') ?? 'none';
      throw new HttpError(415, 'unsupported_media_type', `request body must be application/json, got ${type}`);
    }
    next();
  };
  return [requireJson, express.json({ limit })];
}
