import { randomUUID } from 'node:crypto';
import type { AnswerTrace, ExtractiveAnswerer } from './answer.js';
import type { AnswerCache, CachedAnswer } from './answer-cache.js';
import { passageView, round, type AnswerRecord, type PassageView } from './answer-record.js';
import { isFollowUp, resolveQuestion, type ResolvedQuestion, type Turn } from './followup.js';
import type { LoadedIndex } from './index-store.js';
import { groundedness, supportOf } from './llm/grounding.js';
import { LlmUnavailableError, type AnswerEvents, type DraftAnswer, type LlmAnswerer } from './llm/llm-answerer.js';
import { analyzeQuery } from './query.js';
import type { Retriever } from './retrieve.js';
import { cleanText } from './clean-text.js';
import type { Origin } from './audit/audit-record.js';

export type { AnswerRecord, PassageView } from './answer-record.js';

export interface AskInput {
  question: string;
  history?: Turn[];
  topK?: number;
  /** Which door the question came through; recorded in the audit trail. */
  origin: Origin;
  /** Id of the API key the client used (never the key); recorded in the audit trail. */
  apiKeyId?: string | null;
}

/** Everything an answer reports while it is being made; all optional. */
export interface AskEvents extends AnswerEvents {
  /** The retrieved passages, before any answer text. */
  passages?(passages: PassageView[]): void;
  /** How an extractive answer made afresh was reached (for --explain); not sent for a reused answer. */
  trace?(trace: AnswerTrace): void;
}

export interface Assistant {
  /** Question in, checked answer out; `events` see it happen, `signal` stops it (client gone). */
  ask(input: AskInput, events?: AskEvents, signal?: AbortSignal): Promise<AnswerRecord>;
  /** The language model that writes answers, or null in extractive mode. */
  readonly model: string | null;
}

export const DEFAULT_TOP_K = 5;

export interface AssistantDeps {
  index: LoadedIndex;
  retriever: Retriever;
  answerer: ExtractiveAnswerer;
  /** Present when a language model is configured. */
  llm?: LlmAnswerer;
  /** Receives why the model was not used, for the logs. */
  onFallback?(reason: string): void;
  /**
   * Identical questions reuse the extractive answer (ANSWER_CACHE_SIZE entries; 0 turns it off).
   * Answers written by a language model are never reused.
   */
  answerCache?: AnswerCache;
}

/** An answer before it gets its id: made afresh, or reused (with zero retrieve and answer times). */
interface Made extends CachedAnswer {
  mode: AnswerRecord['mode'];
  model: string | null;
  fallbackReason?: string;
  retrieveMs: number;
  answerMs: number;
}

/**
 * The one path from question to checked answer, shared by the HTTP API and the CLI: resolve a
 * follow-up, retrieve, answer (with the model when configured, falling back to extractive
 * quotes when it fails or is slow), and grade how well the answer is backed by its quotes.
 */
export function createAssistant(deps: AssistantDeps): Assistant {
  const { index, retriever, answerer, llm } = deps;
  const cache = llm ? undefined : deps.answerCache;

  async function resolve(question: string, history: readonly Turn[], signal?: AbortSignal): Promise<ResolvedQuestion> {
    const heuristic = resolveQuestion(question, history);
    if (!llm || !history.some((t) => t.role === 'user') || !isFollowUp(question)) return heuristic;
    try {
      const standalone = await llm.condense(question, history, signal);
      return { standalone, focus: standalone, context: '' };
    } catch (error) {
      if (!(error instanceof LlmUnavailableError)) throw error;
      deps.onFallback?.(`condensing the follow-up: ${error.message}`);
      return heuristic;
    }
  }

  function extractive(draft: DraftAnswer, events: AskEvents): DraftAnswer {
    let sent = 0;
    for (const c of draft.citations) {
      // Each quote with its marker is one piece of text, followed by its (already checked) citation.
      const upTo = draft.answer.indexOf(']', c.answerEnd) + 1;
      events.delta?.(draft.answer.slice(sent, upTo));
      sent = upTo;
      events.citation?.(c);
    }
    if (sent < draft.answer.length) events.delta?.(draft.answer.slice(sent));
    return draft;
  }

  /**
   * Retrieves and answers (the model when configured, extractive quotes otherwise or on failure);
   * `t0` is when the question arrived, so retrieveMs includes resolving a follow-up.
   */
  async function answerAfresh(resolved: ResolvedQuestion, topK: number, events: AskEvents, t0: number, signal?: AbortSignal): Promise<Made> {
    const query = analyzeQuery(resolved, index);
    const ranked = await retriever.retrieve(query, { topK });
    const passages = ranked.map(passageView);
    events.passages?.(passages);
    const t1 = performance.now();

    let draft: DraftAnswer | undefined;
    let fallbackReason: string | undefined;
    let streamed = false;
    if (llm) {
      try {
        draft = await llm.answer(resolved.standalone, ranked.map((r) => r.passage), {
          delta: (text) => {
            streamed = true;
            events.delta?.(text);
          },
          citation: (c) => events.citation?.(c),
        }, signal);
      } catch (error) {
        if (!(error instanceof LlmUnavailableError)) throw error;
        fallbackReason = error.message;
        deps.onFallback?.(error.message);
      }
    }
    if (!draft) {
      const plain = await answerer.answer(query, ranked, events.trace && ((trace) => events.trace?.(trace)));
      if (streamed) events.delta?.('', true);
      draft = extractive(plain, events);
    }
    const t2 = performance.now();

    const score = draft.abstained ? 0 : groundedness(draft.answer, draft.citations);
    const byModel = llm !== undefined && fallbackReason === undefined;
    return {
      passages,
      draft,
      groundedness: round(score),
      support: supportOf({ abstained: draft.abstained, groundedness: score, citations: draft.citations }),
      mode: byModel ? 'llm' : 'extractive',
      model: byModel ? llm.model : null,
      ...(fallbackReason ? { fallbackReason } : {}),
      retrieveMs: round(t1 - t0),
      answerMs: round(t2 - t1),
    };
  }

  return {
    model: llm?.model ?? null,
    async ask(input, events = {}, signal) {
      const t0 = performance.now();
      // Client text is cleaned once here, so every route searches, records and echoes the same text.
      const question = cleanText(input.question);
      const history = (input.history ?? []).map((t) => ({ role: t.role, content: cleanText(t.content) }));
      const topK = input.topK ?? DEFAULT_TOP_K;
      const resolved = await resolve(question, history, signal);
      const key = { standalone: resolved.standalone, focus: resolved.focus, context: resolved.context, topK };
      const reused = cache?.get(key);
      let made: Made;
      if (reused) {
        events.passages?.([...reused.passages]);
        extractive(reused.draft, events);
        made = { ...reused, mode: 'extractive', model: null, retrieveMs: 0, answerMs: 0 };
      } else {
        made = await answerAfresh(resolved, topK, events, t0, signal);
        cache?.set(key, { passages: made.passages, draft: made.draft, groundedness: made.groundedness, support: made.support });
      }
      const { draft } = made;
      return {
        id: randomUUID(),
        question,
        standaloneQuestion: resolved.standalone,
        answer: draft.answer,
        abstained: draft.abstained,
        citations: draft.citations,
        passages: made.passages as PassageView[],
        mode: made.mode,
        model: made.model,
        ...(made.fallbackReason ? { fallbackReason: made.fallbackReason } : {}),
        groundedness: made.groundedness,
        support: made.support,
        cached: reused !== undefined,
        timings: { retrieveMs: made.retrieveMs, answerMs: made.answerMs, totalMs: round(performance.now() - t0) },
      };
    },
  };
}
