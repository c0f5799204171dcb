import { randomUUID } from 'node:crypto';
import { Router, type RequestHandler } from 'express';
import type { Logger } from '../../ingest/embedder-settings.js';
import type { Assistant } from '../assistant.js';
import { methodNotAllowed, notFound } from '../error-middleware.js';
import type { LoadedIndex } from '../index-store.js';
import { jsonBody } from '../json-body.js';
import { openAiErrorHandler, OpenAiParamError } from '../openai-errors.js';
import { chatCompletionRequestSchema, conversationOf } from '../openai-request.js';
import { completionBody, modelObject, usageOf, type ModelObject } from '../openai-response.js';
import { streamCompletion } from '../openai-stream.js';
import { apiKeyIdOf } from '../api-keys.js';

/** The model id served when the app is given none; `MODEL_ID` in `server/config.ts` has the same default. */
export { DEFAULT_MODEL_ID } from '../config.js';

export interface OpenAiRouteDeps {
  assistant: Assistant;
  index: Pick<LoadedIndex, 'manifest'>;
  /** The one model id listed and accepted (`Config.modelId`). */
  modelId: string;
  bodyLimit: string | number;
  logger: Logger;
  /** Run before every /v1 route (API key, rate limit), so their errors come in OpenAI's shape too. */
  guards?: RequestHandler[];
}

/**
 * An OpenAI-compatible API (`/v1/models`, `/v1/chat/completions`) over the same assistant as
 * `/api/chat`, so OpenAI's SDKs and chat front-ends work pointed at `http://host:port/v1`.
 * Everything under `/v1` — unknown paths, wrong methods and unparseable bodies included —
 * fails in OpenAI's error shape (`server/openai-errors.ts`).
 *
 * The router is mounted at the root and spells out `/v1` in each path so that `req.path`, which
 * the shared 404 and 405 messages quote, is the full path the client asked for.
 *
 * @example
 * const openai = new OpenAI({ baseURL: 'http://127.0.0.1:3000/v1', apiKey: 'unused' });
 * const completion = await openai.chat.completions.create({
 *   model: 'article-assistant',
 *   messages: [{ role: 'user', content: 'When was the first Russia-ASEAN summit held?' }],
 * });
 */
export function openAiRoutes(deps: OpenAiRouteDeps): Router {
  const model = modelObject(deps.modelId, deps.index.manifest.createdAt);
  const router = Router();
  if (deps.guards?.length) router.use('/v1', ...deps.guards);
  router
    .route('/v1/models')
    .get((_req, res) => {
      res.json({ object: 'list', data: [model] });
    })
    .all(methodNotAllowed(['GET']));
  router.route('/v1/models/:id').get(modelHandler(model)).all(methodNotAllowed(['GET']));
  router
    .route('/v1/chat/completions')
    .post(...jsonBody(deps.bodyLimit), chatCompletionsHandler(deps))
    .all(methodNotAllowed(['POST']));
  router.all('/v1{/*rest}', notFound);
  router.use('/v1', openAiErrorHandler(deps.logger));
  return router;
}

function modelNotFound(asked: string, served: string): OpenAiParamError {
  return new OpenAiParamError(404, 'model_not_found', `The model "${asked}" does not exist; this server serves "${served}"`, 'model');
}

/** `GET /v1/models/:id`: the model, or OpenAI's 404 for any other id. */
function modelHandler(model: ModelObject): RequestHandler<{ id: string }> {
  return (req, res) => {
    if (req.params.id !== model.id) throw modelNotFound(req.params.id, model.id);
    res.json(model);
  };
}

/**
 * `POST /v1/chat/completions`: the last user message is the question, earlier user and assistant
 * messages its history. Answers a `chat.completion`, or with `stream: true` a stream of
 * `chat.completion.chunk`s (`server/openai-stream.ts`).
 */
function chatCompletionsHandler(deps: OpenAiRouteDeps): RequestHandler {
  return async (req, res) => {
    const body = chatCompletionRequestSchema.parse(req.body ?? {});
    if (body.model !== deps.modelId) throw modelNotFound(body.model, deps.modelId);
    const { question, history, promptChars } = conversationOf(body.messages);
    const created = Math.floor(Date.now() / 1000);
    if (!body.stream) {
      const record = await deps.assistant.ask({ question, history, origin: 'v1/chat/completions', apiKeyId: apiKeyIdOf(res) });
      res.json(completionBody(record, { id: `chatcmpl-${record.id}`, created, model: deps.modelId }, usageOf(promptChars, record.answer)));
      return;
    }
    await streamCompletion(res, (events, signal) => deps.assistant.ask({ question, history, origin: 'v1/chat/completions', apiKeyId: apiKeyIdOf(res) }, events, signal), {
      identity: { id: `chatcmpl-${randomUUID()}`, created, model: deps.modelId },
      promptChars,
      includeUsage: body.stream_options?.include_usage === true,
      logger: deps.logger,
    });
  };
}
