import { createHash, timingSafeEqual } from 'node:crypto';
import type { RequestHandler, Response } from 'express';
import { HttpError } from './http-error.js';

const REALM = 'article-assistant';

function digest(text: string): Buffer {
  return createHash('sha256').update(text).digest();
}

/** A short, stable, non-reversible name for a key, recorded in the audit trail instead of the key. */
export function keyId(key: string): string {
  return digest(key).toString('hex').slice(0, 12);
}

/**
 * Requires `Authorization: Bearer <key>` with one of `keys`. Keys are compared as SHA-256 digests
 * with `timingSafeEqual`, so neither a key's length nor its prefix leaks through timing, and every
 * key is checked so the time does not say which one nearly matched. With no keys configured the
 * guard lets everything through. `res.locals.apiKeyId` names the key that was used.
 */
export function requireApiKey(keys: readonly string[], what = 'this API'): RequestHandler {
  const expected = keys.map((k) => ({ id: keyId(k), digest: digest(k) }));
  return (req, res, next) => {
    if (expected.length === 0) return next();
    const header = req.get('authorization') ?? '';
    const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header);
    const challenge = { 'WWW-Authenticate': `Bearer realm="${REALM}"` };
    if (!match) {
      throw new HttpError(401, 'unauthorized', `${what} needs an API key: send the header "Authorization: Bearer <key>"`, { headers: challenge });
    }
    const offered = digest(match[1]!);
    let found: string | undefined;
    for (const key of expected) if (timingSafeEqual(offered, key.digest) && !found) found = key.id;
    if (!found) throw new HttpError(401, 'unauthorized', `the API key is not accepted for ${what}`, { headers: { ...challenge, 'WWW-Authenticate': `Bearer realm="${REALM}", error="invalid_token"` } });
    res.locals.apiKeyId = found;
    next();
  };
}

/** The id of the key this request was let in with, or null on an open server. */
export function apiKeyIdOf(res: Response): string | null {
  return typeof res.locals.apiKeyId === 'string' ? res.locals.apiKeyId : null;
}
