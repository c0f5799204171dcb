import { randomUUID } from 'node:crypto';
import type { RequestHandler } from 'express';
import type { Logger } from '../ingest/embedder-settings.js';

/**
 * Accepted incoming ids: short and free of anything that could split a log line or a header.
 * A proxy's id is kept so one request can be followed across services; anything else is replaced.
 */
const SANE_ID = /^[A-Za-z0-9._:-]{1,128}$/;

export const REQUEST_ID_HEADER = 'X-Request-Id';

/**
 * Gives every response an `X-Request-Id` (the caller's when it is sane, else a random UUID) and
 * keeps it in `res.locals.requestId`, so a 500's log line and the client's report can be matched.
 */
export function requestId(logger?: Logger): RequestHandler {
  return (req, res, next) => {
    const incoming = req.get(REQUEST_ID_HEADER);
    const id = incoming !== undefined && SANE_ID.test(incoming) ? incoming : randomUUID();
    res.locals.requestId = id;
    res.set(REQUEST_ID_HEADER, id);
    if (logger?.child) {
      // With a structured logger, every line logged for this request carries its id, and one
      // line records how it ended.
      const log = logger.child({ reqId: id });
      res.locals.log = log;
      const started = performance.now();
      res.on('finish', () => {
        log.info(`${req.method} ${req.originalUrl.split('?')[0]} ${res.statusCode} ${(performance.now() - started).toFixed(1)} ms`);
      });
    }
    next();
  };
}
