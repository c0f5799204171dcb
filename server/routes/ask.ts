import type { RequestHandler } from 'express';
import { z } from 'zod';
import { cleanText } from '../clean-text.js';
import { DEFAULT_TOP_K, type Assistant } from '../assistant.js';
import { apiKeyIdOf } from '../api-keys.js';

export const MAX_QUESTION_CHARS = 2000;
export const MAX_TOP_K = 20;
export const MAX_HISTORY_TURNS = 20;
// 20 turns of 3000 characters stay under the 64 KB body limit, so the schema, not the parser, names an overlong history.
export const MAX_TURN_CHARS = 3000;

/**
 * The body of `POST /api/ask`. Unknown fields are ignored so older and newer clients both work.
 * `topK` must be a JSON number: a string such as "5" is refused rather than coerced, so a client
 * bug shows up at once instead of as a silently different ranking.
 */
export const askRequestSchema = z.object({
  // Cleaned before the length check, so a question of nothing but control characters is empty (400).
  question: z.string().transform(cleanText).pipe(z.string().trim().min(1).max(MAX_QUESTION_CHARS)),
  topK: z.number().int().min(1).max(MAX_TOP_K).default(DEFAULT_TOP_K),
  history: z
    .array(
      z.object({
        role: z.enum(['user', 'assistant']),
        content: z.string().max(MAX_TURN_CHARS),
      }),
    )
    .max(MAX_HISTORY_TURNS)
    .default([]),
});

export type AskRequest = z.infer<typeof askRequestSchema>;

/** `POST /api/ask`: validate, ask, return the AnswerRecord as is. A ZodError becomes a 400 naming the field. */
export function askHandler(assistant: Assistant): RequestHandler {
  return async (req, res) => {
    // No body at all reads as an empty object, so the client hears "question: Required", the actual fix.
    const { question, topK, history } = askRequestSchema.parse(req.body ?? {});
    res.json(await assistant.ask({ question, topK, history, origin: 'api/ask', apiKeyId: apiKeyIdOf(res) }));
  };
}
