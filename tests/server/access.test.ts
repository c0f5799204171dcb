import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingest } from '../../ingest/ingest.js';
import { keyId } from '../../server/api-keys.js';
import { createApp, type AppConfig } from '../../server/app.js';
import type { Assistant } from '../../server/assistant.js';
import type { LoadedIndex } from '../../server/index-store.js';
import { loadAssistant } from '../../server/load-assistant.js';
import { buildWebAssets, type WebAssets } from '../../server/web-assets.js';
import { ingestArticle } from '../fixtures/article-index.js';

const quiet = { info() {}, warn() {}, error() {} };
let dir: string;
let assistant: Assistant;
let index: LoadedIndex;
let web: WebAssets;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'access-'));
  const { vectorsDir, embeddings } = await ingestArticle(dir);
  ({ assistant, index } = await loadAssistant({ vectorsDir, embeddings }));
  web = await buildWebAssets();
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function appWith(access: Partial<AppConfig['access']>) {
  return createApp({
    assistant,
    index,
    web,
    logger: quiet,
    config: { access: { apiKeys: [], auditApiKeys: [], rateLimitPerMinute: 0, corsOrigins: [], ...access } },
  });
}

const question = { question: 'When was the first Russia-ASEAN summit held?' };

describe('API keys', () => {
  const app = () => appWith({ apiKeys: ['alpha-key', 'beta-key'], auditApiKeys: ['audit-key'] });

  it('refuses /api without a key with 401 and a Bearer challenge', async () => {
    const res = await request(app()).post('/api/ask').send(question);
    expect(res.status).toBe(401);
    expect(res.headers['www-authenticate']).toMatch(/^Bearer realm="article-assistant"/);
    expect(res.body.error).toEqual({ code: 'unauthorized', message: expect.stringContaining('Authorization: Bearer') });
  });

  it('refuses a wrong key, and a key that is only a prefix of a right one', async () => {
    for (const key of ['nope', 'alpha', 'alpha-key-and-more']) {
      const res = await request(app()).post('/api/ask').set('Authorization', `Bearer ${key}`).send(question);
      expect(res.status).toBe(401);
      expect(res.headers['www-authenticate']).toContain('error="invalid_token"');
    }
  });

  it('accepts any of the configured keys', async () => {
    for (const key of ['alpha-key', 'beta-key']) {
      const res = await request(app()).post('/api/ask').set('Authorization', `Bearer ${key}`).send(question);
      expect(res.status).toBe(200);
    }
  });

  it('answers /v1 without a key in OpenAI’s error shape', async () => {
    const res = await request(app()).get('/v1/models');
    expect(res.status).toBe(401);
    expect(res.body.error).toMatchObject({ code: 'unauthorized', type: expect.any(String) });
    expect(res.body.error).toHaveProperty('param');
  });

  it('keeps the audit trail behind its own key when one is set', async () => {
    expect((await request(app()).get('/api/audit').set('Authorization', 'Bearer alpha-key')).status).toBe(401);
    // With a valid audit key the request gets through the guard (no store here: 404 audit_disabled).
    const res = await request(app()).get('/api/audit').set('Authorization', 'Bearer audit-key');
    expect(res.status).toBe(404);
    expect(res.body.error.code).toBe('audit_disabled');
  });

  it('leaves health checks and the UI open', async () => {
    expect((await request(app()).get('/healthz')).status).toBe(200);
    expect((await request(app()).get('/readyz')).status).toBe(200);
    expect((await request(app()).get('/')).status).toBe(200);
  });

  it('names a key by a short digest, never the key itself', () => {
    expect(keyId('alpha-key')).toMatch(/^[0-9a-f]{12}$/);
    expect(keyId('alpha-key')).not.toContain('alpha');
  });
});

describe('rate limiting', () => {
  it('answers 429 with Retry-After once a client exceeds its requests per minute', async () => {
    const app = appWith({ rateLimitPerMinute: 3 });
    for (let i = 0; i < 3; i++) expect((await request(app).get('/api/documents/article')).status).toBe(200);
    const res = await request(app).get('/api/documents/article');
    expect(res.status).toBe(429);
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    expect(res.body.error.code).toBe('rate_limited');
  });

  it('counts clients with different API keys separately', async () => {
    const app = appWith({ rateLimitPerMinute: 2, apiKeys: ['k1', 'k2'] });
    for (const key of ['k1', 'k1', 'k2', 'k2']) {
      expect((await request(app).get('/api/documents/article').set('Authorization', `Bearer ${key}`)).status).toBe(200);
    }
    expect((await request(app).get('/api/documents/article').set('Authorization', 'Bearer k1')).status).toBe(429);
  });

  it('does not limit health checks', async () => {
    const app = appWith({ rateLimitPerMinute: 1 });
    for (let i = 0; i < 5; i++) expect((await request(app).get('/healthz')).status).toBe(200);
  });
});

describe('security headers and CORS', () => {
  it('serves the UI under a strict Content-Security-Policy', async () => {
    const res = await request(appWith({})).get('/');
    const csp = res.headers['content-security-policy'] as string;
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).toContain("frame-ancestors 'none'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });

  it('sends no CORS headers unless origins are allowed', async () => {
    const res = await request(appWith({})).get('/api/documents/article').set('Origin', 'https://elsewhere.example');
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('allows listed origins, including preflight with Authorization', async () => {
    const app = appWith({ corsOrigins: ['https://app.example'], apiKeys: ['k'] });
    const preflight = await request(app)
      .options('/api/ask')
      .set('Origin', 'https://app.example')
      .set('Access-Control-Request-Method', 'POST')
      .set('Access-Control-Request-Headers', 'authorization,content-type');
    expect(preflight.status).toBe(204);
    expect(preflight.headers['access-control-allow-origin']).toBe('https://app.example');
    expect(preflight.headers['access-control-allow-headers']).toMatch(/authorization/i);
    const other = await request(app).get('/healthz').set('Origin', 'https://evil.example');
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
  });
});
