import { randomUUID } from 'node:crypto';
import type { ExtractiveAnswerer } from './answer.js';
import type { Citation } from './citations.js';
import { resolveQuestion, type Turn } from './followup.js';
import type { LoadedIndex } from './index-store.js';
import { analyzeQuery } from './query.js';
import type { RankedPassage, Retriever } from './retrieve.js';

export interface AskInput {
  question: string;
  history?: Turn[];
  topK?: number;
}

/** A passage as clients see it. */
export interface PassageView {
  id: string;
  documentId: string;
  rank: number;
  score: number;
  dense: number | null;
  lexical: number | null;
  text: string;
  start: number;
  end: number;
  paragraphs: [number, number];
}

/** One answer with everything it was based on; the shape of `POST /api/ask`. */
export interface AnswerRecord {
  id: string;
  question: string;
  /** The question actually searched, after resolving a follow-up against the history. */
  standaloneQuestion: string;
  answer: string;
  abstained: boolean;
  citations: Citation[];
  passages: PassageView[];
  mode: 'extractive';
  timings: { retrieveMs: number; answerMs: number; totalMs: number };
}

export interface Assistant {
  ask(input: AskInput): Promise<AnswerRecord>;
}

export const DEFAULT_TOP_K = 5;

function view(hit: RankedPassage): PassageView {
  const p = hit.passage;
  return {
    id: p.id,
    documentId: p.documentId,
    rank: hit.rank,
    score: round(hit.score),
    dense: hit.dense === undefined ? null : round(hit.dense),
    lexical: hit.lexical === undefined ? null : round(hit.lexical),
    text: p.text,
    start: p.start,
    end: p.end,
    paragraphs: p.paragraphs,
  };
}

function round(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

/** Question in, checked answer out: the one path shared by the HTTP API and the CLI. */
export function createAssistant(deps: { index: LoadedIndex; retriever: Retriever; answerer: ExtractiveAnswerer }): Assistant {
  return {
    async ask({ question, history = [], topK = DEFAULT_TOP_K }) {
      const t0 = performance.now();
      const resolved = resolveQuestion(question, history);
      const standalone = resolved.standalone;
      const query = analyzeQuery(resolved, deps.index.lexical, deps.index.thesaurus);
      const ranked = await deps.retriever.retrieve(query, { topK });
      const t1 = performance.now();
      const result = await deps.answerer.answer(query, ranked);
      const t2 = performance.now();
      return {
        id: randomUUID(),
        question,
        standaloneQuestion: standalone,
        answer: result.answer,
        abstained: result.abstained,
        citations: result.citations,
        passages: ranked.map(view),
        mode: 'extractive',
        timings: { retrieveMs: round(t1 - t0), answerMs: round(t2 - t1), totalMs: round(t2 - t0) },
      };
    },
  };
}
