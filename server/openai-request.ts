import { z } from 'zod';
import type { Turn } from './followup.js';
import { OpenAiParamError } from './openai-errors.js';
import { MAX_HISTORY_TURNS, MAX_QUESTION_CHARS, MAX_TURN_CHARS } from './routes/ask.js';
import { cleanText } from './clean-text.js';

/**
 * The body of `POST /v1/chat/completions` as OpenAI defines it, reduced to what this assistant
 * uses. Unknown fields are ignored (clients send `seed`, `stop`, `tools`, … freely) and every
 * optional field may be `null`, as the SDKs send it; a field of the wrong type is still a 400.
 * Sampling settings are checked but have no effect: the answer is quoted, not sampled.
 */

/**
 * A message's `content`: a string, `null` (an assistant turn that only called tools), or an array
 * of content parts of which only text is understood. Written as a transform rather than a union
 * so a bad part is named precisely ("messages[0].content[1].type") instead of "Invalid input".
 */
const contentSchema = z.unknown().transform((value, ctx): string => {
  if (value === undefined || value === null) return '';
  if (typeof value === 'string') return value;
  if (!Array.isArray(value)) {
    ctx.addIssue({ code: z.ZodIssueCode.custom, message: 'Expected a string, null or an array of text content parts' });
    return z.NEVER;
  }
  const texts: string[] = [];
  value.forEach((part: unknown, j) => {
    const { type, text } = (typeof part === 'object' && part !== null ? part : {}) as { type?: unknown; text?: unknown };
    if (type !== 'text') {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: [j, 'type'], message: `only "text" content parts are supported, got ${JSON.stringify(type ?? null)}` });
    } else if (typeof text !== 'string') {
      ctx.addIssue({ code: z.ZodIssueCode.custom, path: [j, 'text'], message: 'Expected string' });
    } else {
      texts.push(text);
    }
  });
  return texts.join('\n');
});

const messageSchema = z.object({
  role: z.enum(['system', 'developer', 'user', 'assistant', 'tool']),
  content: contentSchema,
});

export type ChatCompletionMessage = z.infer<typeof messageSchema>;

export const chatCompletionRequestSchema = z.object({
  model: z.string().min(1),
  messages: z.array(messageSchema).min(1),
  stream: z.boolean().nullish(),
  stream_options: z.object({ include_usage: z.boolean().nullish() }).nullish(),
  n: z
    .number()
    .int()
    .refine((n) => n === 1, 'only n = 1 is supported: the assistant gives one checked answer per question')
    .nullish(),
  temperature: z.number().min(0).max(2).nullish(),
  top_p: z.number().min(0).max(1).nullish(),
  max_tokens: z.number().int().min(1).nullish(),
  max_completion_tokens: z.number().int().min(1).nullish(),
  user: z.string().nullish(),
});

export type ChatCompletionRequest = z.infer<typeof chatCompletionRequestSchema>;

/** What the assistant is asked, plus the size of what the client sent (for usage estimates). */
export interface Conversation {
  question: string;
  history: Turn[];
  /** Characters of every message's text, system ones included: the client's idea of its prompt. */
  promptChars: number;
}

/**
 * Splits OpenAI messages into the question and its history. System and developer messages are
 * dropped (the assistant's instructions are its own), so are tool results and assistant turns
 * without text. The last message that is not a system or developer one must be the user's
 * question. Limits are those of `/api/chat`, and errors name the field by its index in the
 * request the client sent, not in the filtered list.
 */
export function conversationOf(messages: readonly ChatCompletionMessage[]): Conversation {
  const promptChars = messages.reduce((sum, m) => sum + m.content.length, 0);
  let last = messages.length - 1;
  while (last >= 0 && (messages[last]!.role === 'system' || messages[last]!.role === 'developer')) last--;
  if (last < 0) throw new OpenAiParamError(400, 'invalid_request', 'messages: there is no user message to answer', 'messages');
  const asked = messages[last]!;
  if (asked.role !== 'user') {
    throw new OpenAiParamError(
      400,
      'invalid_request',
      `messages[${last}].role: the last message must be from the user (the question), got "${asked.role}"`,
      `messages[${last}].role`,
    );
  }
  const question = cleanText(asked.content).trim();
  if (question === '') throw new OpenAiParamError(400, 'invalid_request', `messages[${last}].content: the question is empty`, `messages[${last}].content`);
  if (question.length > MAX_QUESTION_CHARS) {
    throw new OpenAiParamError(
      400,
      'invalid_request',
      `messages[${last}].content: the question is longer than ${MAX_QUESTION_CHARS} characters`,
      `messages[${last}].content`,
    );
  }

  const history: Turn[] = [];
  messages.slice(0, last).forEach((m, i) => {
    if (m.role !== 'user' && m.role !== 'assistant') return;
    if (m.role === 'assistant' && m.content.trim() === '') return;
    if (m.content.length > MAX_TURN_CHARS) {
      throw new OpenAiParamError(400, 'invalid_request', `messages[${i}].content: a message is longer than ${MAX_TURN_CHARS} characters`, `messages[${i}].content`);
    }
    history.push({ role: m.role, content: m.content });
  });
  // Chat front-ends send the whole conversation every time; only the latest turns matter for
  // resolving a follow-up, so older ones are dropped rather than refused.
  return { question, history: history.slice(-MAX_HISTORY_TURNS), promptChars };
}
