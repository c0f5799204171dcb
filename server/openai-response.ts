import type { AnswerRecord, PassageView, Support } from './answer-record.js';
import type { Citation } from './citations.js';

/**
 * The bodies `/v1/*` answers with, shaped as OpenAI's clients expect them, plus the two additions
 * a citing assistant needs: a top-level `citations` array (the convention Perplexity's
 * OpenAI-compatible API made common, so front-ends that know it show sources) and an
 * `article_assistant` object with the rest of the answer record. Clients that know neither
 * ignore both.
 */

/** A model as `GET /v1/models` lists it. */
export interface ModelObject {
  id: string;
  object: 'model';
  /** Unix seconds; the index's build time, so it is the same on every call and every restart. */
  created: number;
  owned_by: 'article-assistant';
}

export function modelObject(id: string, createdAt: string): ModelObject {
  const ms = Date.parse(createdAt);
  return { id, object: 'model', created: Number.isNaN(ms) ? 0 : Math.floor(ms / 1000), owned_by: 'article-assistant' };
}

/** OpenAI's token counts, estimated at four characters a token: this assistant has no tokenizer. */
export interface Usage {
  prompt_tokens: number;
  completion_tokens: number;
  total_tokens: number;
}

export function usageOf(promptChars: number, answer: string): Usage {
  const prompt_tokens = Math.ceil(promptChars / 4);
  const completion_tokens = Math.ceil(answer.length / 4);
  return { prompt_tokens, completion_tokens, total_tokens: prompt_tokens + completion_tokens };
}

/**
 * `article_assistant`: what an answer record says beyond its text and citations.
 * - `answerId`: the AnswerRecord id (a streamed completion's own id is made before the answer is).
 * - `abstained`: true when the article does not answer the question; `citations` is then empty.
 * - `support`, `groundedness`: how much of the answer its verified quotes back (0–1).
 * - `mode`: `llm` when a language model wrote the answer, `extractive` when it quotes sentences.
 * - `passages`: the retrieved passages, with offsets into the document.
 * - `standaloneQuestion`: the question actually searched, after resolving a follow-up.
 * - `answerOffset`: where the answer starts in the content the client received; 0 except in a
 *   stream where the model failed mid-answer (see `server/openai-stream.ts`).
 */
export interface ArticleAssistantExtension {
  answerId: string;
  abstained: boolean;
  support: Support;
  groundedness: number;
  mode: AnswerRecord['mode'];
  passages: PassageView[];
  standaloneQuestion: string;
  answerOffset: number;
}

export function articleAssistantExtension(record: AnswerRecord, answerOffset = 0): ArticleAssistantExtension {
  return {
    answerId: record.id,
    abstained: record.abstained,
    support: record.support,
    groundedness: record.groundedness,
    mode: record.mode,
    passages: record.passages,
    standaloneQuestion: record.standaloneQuestion,
    answerOffset,
  };
}

/** Identity shared by a completion and all chunks of its stream. */
export interface CompletionIdentity {
  id: string;
  /** Unix seconds. */
  created: number;
  model: string;
}

/** The `chat.completion` body of a non-streamed answer: its content is the record's answer, `[n]` markers and all. */
export function completionBody(record: AnswerRecord, identity: CompletionIdentity, usage: Usage) {
  return {
    id: identity.id,
    object: 'chat.completion' as const,
    created: identity.created,
    model: identity.model,
    choices: [{ index: 0, message: { role: 'assistant' as const, content: record.answer }, finish_reason: 'stop' as const, logprobs: null }],
    usage,
    citations: record.citations,
    article_assistant: articleAssistantExtension(record),
  };
}

export type ChunkDelta = { role: 'assistant'; content: string } | { content: string } | Record<string, never>;

/** One `chat.completion.chunk`; `extra` carries the usage placeholder and the final chunk's additions. */
export function chunkBody(identity: CompletionIdentity, delta: ChunkDelta, finishReason: 'stop' | null, extra: Record<string, unknown> = {}) {
  return {
    id: identity.id,
    object: 'chat.completion.chunk' as const,
    created: identity.created,
    model: identity.model,
    choices: [{ index: 0, delta, finish_reason: finishReason, logprobs: null }],
    ...extra,
  };
}

/** The chunk OpenAI sends last when `stream_options.include_usage` is set: no choices, only usage. */
export function usageChunkBody(identity: CompletionIdentity, usage: Usage) {
  return { id: identity.id, object: 'chat.completion.chunk' as const, created: identity.created, model: identity.model, choices: [], usage };
}

/** Citations with their answer offsets moved by `offset`, so they index the content a client accumulated. */
export function shiftCitations(citations: readonly Citation[], offset: number): Citation[] {
  if (offset === 0) return [...citations];
  return citations.map((c) => ({ ...c, answerStart: c.answerStart + offset, answerEnd: c.answerEnd + offset }));
}
