import express, { type Express } from 'express';
import type { Logger } from '../ingest/embedder-settings.js';
import type { Assistant } from './assistant.js';
import { errorHandler, methodNotAllowed, notFound } from './error-middleware.js';
import type { LoadedIndex } from './index-store.js';
import { DEFAULT_BODY_LIMIT, jsonBody } from './json-body.js';
import { createMetrics, withMetrics, type Metrics } from './metrics.js';
import { requestId } from './request-id.js';
import { webRoutes, type WebAssets } from './web-assets.js';
import type { AuditStore } from './audit/store.js';
import { requireApiKey } from './api-keys.js';
import type { HttpConfig } from './config.js';
import { rateLimiter } from './rate-limit.js';
import { corsFor, securityHeaders } from './security-headers.js';
import { askHandler } from './routes/ask.js';
import { auditEntryHandler, auditListHandler, citationFeedbackHandler, feedbackHandler } from './routes/audit.js';
import { chatHandler } from './routes/chat.js';
import { documentHandler, passageHandler } from './routes/documents.js';
import { healthHandler, readyHandler } from './routes/health.js';
import { DEFAULT_MODEL_ID, openAiRoutes } from './routes/openai.js';
import { verifyHandler } from './routes/verify.js';

/** HTTP-only settings; everything about the index is already decided by the time the app is built. */
export interface AppConfig {
  /** Largest accepted JSON body, in bytes or as `"64kb"`. */
  bodyLimit: string | number;
  /** The model id `/v1/models` lists and `/v1/chat/completions` accepts (`Config.modelId`). */
  modelId: string;
  /** API keys, audit keys, rate limit and CORS origins (`Config.http`); open by default. */
  access: Pick<HttpConfig, 'apiKeys' | 'auditApiKeys' | 'rateLimitPerMinute' | 'corsOrigins'>;
}

export interface AppDeps {
  assistant: Assistant;
  index: Pick<LoadedIndex, 'documents' | 'passagesById' | 'manifest'>;
  config?: Partial<AppConfig>;
  /** The audit trail; without it the audit routes answer 404 audit_disabled. */
  auditStore?: AuditStore;
  /** The chat UI, served at `/` when given. */
  web?: WebAssets;
  /** Where unexpected errors are reported; defaults to stderr. */
  logger?: Logger;
  /** Prometheus metrics served at `/metrics`; a fresh registry per app when not given. */
  metrics?: Metrics;
}

const stderrLogger: Logger = {
  info: (m) => process.stderr.write(`${m}\n`),
  warn: (m) => process.stderr.write(`warning: ${m}\n`),
  error: (m) => process.stderr.write(`error: ${m}\n`),
};

/**
 * Builds the HTTP API over a loaded index without listening, so tests hand it straight to
 * supertest and `server/main.ts` is left with loading and `listen`.
 *
 * Each path lists its methods once and ends with `.all(methodNotAllowed(…))`: a known path asked
 * with the wrong method gets 405 plus `Allow`, anything else falls through to the JSON 404.
 *
 * @example
 * const { index, assistant } = await loadAssistant(config);
 * createApp({ index, assistant }).listen(config.port, config.host);
 */
export function createApp(deps: AppDeps): Express {
  const logger = deps.logger ?? stderrLogger;
  const bodyLimit = deps.config?.bodyLimit ?? DEFAULT_BODY_LIMIT;
  const metrics = deps.metrics ?? createMetrics();
  // Every route answers through the counted assistant, so answer metrics need no hook in the assistant.
  deps = { ...deps, assistant: withMetrics(deps.assistant, metrics) };
  const app = express();
  app.disable('x-powered-by');
  // Express would hash every response body for an ETag; answers are never the same twice (each
  // has its own id), and hashing a 6 KB answer costs about as much as serializing it.
  app.set('etag', false);
  app.use(metrics.timing);
  app.use(requestId(logger));
  app.use(securityHeaders());
  const access = deps.config?.access ?? { apiKeys: [], auditApiKeys: [], rateLimitPerMinute: 0, corsOrigins: [] };
  app.use(corsFor(access.corsOrigins));
  if (deps.web) app.use(webRoutes(deps.web));

  // Audit routes take their own keys when AUDIT_API_KEY is set; everything else under /api the API keys.
  const apiGuard = requireApiKey(access.apiKeys, 'the API');
  const auditGuard = requireApiKey(access.auditApiKeys.length > 0 ? access.auditApiKeys : access.apiKeys, 'the audit trail');
  const limiter = rateLimiter(access.rateLimitPerMinute);
  app.use('/api', (req, res, next) => (req.path === '/audit' || req.path.startsWith('/audit/') ? auditGuard : apiGuard)(req, res, next), limiter);

  app.route('/api/ask').post(...jsonBody(bodyLimit), askHandler(deps.assistant)).all(methodNotAllowed(['POST']));
  app.route('/api/chat').post(...jsonBody(bodyLimit), chatHandler(deps.assistant, logger)).all(methodNotAllowed(['POST']));
  app.route('/api/audit').get(auditListHandler(deps.auditStore)).all(methodNotAllowed(['GET']));
  app.route('/api/audit/:id').get(auditEntryHandler(deps.auditStore)).all(methodNotAllowed(['GET']));
  app.route('/api/audit/:id/feedback').post(...jsonBody(bodyLimit), feedbackHandler(deps.auditStore)).all(methodNotAllowed(['POST']));
  app
    .route('/api/audit/:id/citations/:n/feedback')
    .post(...jsonBody(bodyLimit), citationFeedbackHandler(deps.auditStore))
    .all(methodNotAllowed(['POST']));
  app.route('/api/documents/:id').get(documentHandler(deps.index)).all(methodNotAllowed(['GET']));
  app.route('/api/passages/:id').get(passageHandler(deps.index)).all(methodNotAllowed(['GET']));
  app.route('/api/verify').post(...jsonBody(bodyLimit), verifyHandler(deps.index)).all(methodNotAllowed(['POST']));
  app.route('/healthz').get(healthHandler).all(methodNotAllowed(['GET']));
  app.route('/readyz').get(readyHandler(deps.index)).all(methodNotAllowed(['GET']));
  app.route('/metrics').get(metrics.handler).all(methodNotAllowed(['GET']));
  app.use(openAiRoutes({ assistant: deps.assistant, index: deps.index, modelId: deps.config?.modelId ?? DEFAULT_MODEL_ID, bodyLimit, logger, guards: [apiGuard, limiter] }));

  app.use(notFound);
  app.use(errorHandler(logger));
  return app;
}
