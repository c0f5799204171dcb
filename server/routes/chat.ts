import type { RequestHandler } from 'express';
import { z } from 'zod';
import { cleanText } from '../clean-text.js';
import type { Logger } from '../../ingest/embedder-settings.js';
import type { Assistant } from '../assistant.js';
import { HttpError } from '../http-error.js';
import { requestLogger } from '../error-middleware.js';
import { openSse } from '../sse.js';
import { MAX_HISTORY_TURNS, MAX_QUESTION_CHARS, MAX_TOP_K, MAX_TURN_CHARS } from './ask.js';
import { DEFAULT_TOP_K } from '../assistant.js';
import { apiKeyIdOf } from '../api-keys.js';

/** Messages a chat request may carry; the body size limit bounds them too. */
export const MAX_CHAT_MESSAGES = 200;

/**
 * The body of `POST /api/chat`: the conversation, whose last message is the question. System
 * messages are not accepted here: the assistant's instructions are its own.
 */
export const chatRequestSchema = z.object({
  messages: z
    .array(z.object({ role: z.enum(['user', 'assistant']), content: z.string().max(MAX_TURN_CHARS) }))
    .min(1)
    .max(MAX_CHAT_MESSAGES),
  stream: z.boolean().default(false),
  topK: z.number().int().min(1).max(MAX_TOP_K).default(DEFAULT_TOP_K),
});

/** Splits a conversation into the question (the last message, from the user) and its history. */
export function splitConversation(messages: ReadonlyArray<{ role: 'user' | 'assistant'; content: string }>) {
  const last = messages[messages.length - 1]!;
  if (last.role !== 'user') {
    throw new HttpError(400, 'invalid_request', `messages[${messages.length - 1}].role: the last message must be from the user (the question)`);
  }
  const question = cleanText(last.content).trim();
  if (question === '') throw new HttpError(400, 'invalid_request', `messages[${messages.length - 1}].content: the question is empty`);
  if (question.length > MAX_QUESTION_CHARS) {
    throw new HttpError(400, 'invalid_request', `messages[${messages.length - 1}].content: the question is longer than ${MAX_QUESTION_CHARS} characters`);
  }
  // Only the latest turns help resolve a follow-up; a long conversation is trimmed, not refused.
  return { question, history: messages.slice(0, -1).slice(-MAX_HISTORY_TURNS) };
}

/**
 * `POST /api/chat`: the same answer as `/api/ask`, or with `stream: true` as Server-Sent Events:
 * `passages`, then `delta` (text; `replace: true` means start over, e.g. after a model failure),
 * `citation` (each as soon as it is checked), and `done` with the full record, which always
 * carries every citation. A failure after the stream opened is an `error` event.
 */
export function chatHandler(assistant: Assistant, logger: Logger): RequestHandler {
  return async (req, res) => {
    const { messages, stream, topK } = chatRequestSchema.parse(req.body ?? {});
    const { question, history } = splitConversation(messages);
    if (!stream) {
      res.json(await assistant.ask({ question, history, topK, origin: 'api/chat', apiKeyId: apiKeyIdOf(res) }));
      return;
    }
    const sse = openSse(res);
    try {
      const record = await assistant.ask(
        { question, history, topK, origin: 'api/chat', apiKeyId: apiKeyIdOf(res) },
        {
          passages: (passages) => sse.send('passages', { passages }),
          delta: (text, replace) => sse.send('delta', replace ? { text, replace: true } : { text }),
          citation: (citation) => sse.send('citation', citation),
        },
        sse.signal,
      );
      sse.send('done', record);
    } catch (error) {
      if (!sse.signal.aborted) {
        const id = String(res.locals.requestId ?? '');
        requestLogger(res, logger).error(`request ${id}: streamed answer failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
        sse.send('error', { error: { code: 'internal_error', message: `the answer failed (request ${id})` } });
      }
    } finally {
      sse.end();
    }
  };
}
