import type { RequestHandler } from 'express';
import { ipKeyGenerator, rateLimit } from 'express-rate-limit';
import { HttpError } from './http-error.js';

/**
 * Limits requests per client per minute: by API key when one was used (so clients behind one
 * proxy address are told apart), else by address. Over the limit is a 429 with `Retry-After`.
 * `perMinute` 0 turns the limit off (benchmarks, trusted networks).
 */
export function rateLimiter(perMinute: number): RequestHandler {
  if (perMinute <= 0) return (_req, _res, next) => next();
  return rateLimit({
    windowMs: 60_000,
    limit: perMinute,
    standardHeaders: 'draft-7',
    legacyHeaders: false,
    keyGenerator: (req, res) => (typeof res.locals.apiKeyId === 'string' ? `key:${res.locals.apiKeyId}` : `ip:${ipKeyGenerator(req.ip ?? 'unknown')}`),
    handler: (_req, res, next, options) => {
      const retryAfter = String(Math.ceil(options.windowMs / 1000));
      const reset = res.getHeader('RateLimit')?.toString().match(/reset=(\d+)/)?.[1];
      next(
        new HttpError(429, 'rate_limited', `more than ${perMinute} requests in a minute from this client: wait and retry`, {
          headers: { 'Retry-After': reset ?? retryAfter },
        }),
      );
    },
  });
}
