import type { Citation } from './citations.js';
import type { RankedPassage } from './retrieve.js';

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

/** How well the answer's sentences are backed by verified quotes. */
export type Support = 'supported' | 'partial' | 'unsupported' | 'abstained';

/** One answer with everything it was based on; the shape of `POST /api/ask` and `/api/chat`. */
export interface AnswerRecord {
  id: string;
  question: string;
  /** The question actually searched, after resolving a follow-up against the history. */
  standaloneQuestion: string;
  answer: string;
  abstained: boolean;
  citations: Citation[];
  passages: PassageView[];
  /** `llm` when a language model wrote the answer, `extractive` when it quotes sentences directly. */
  mode: 'extractive' | 'llm';
  /** The language model that wrote the answer, or null. */
  model: string | null;
  /** Why a configured language model was not used for this answer (timeout, error). */
  fallbackReason?: string;
  /** Share of the answer's sentences backed by at least one verified quote (0–1). */
  groundedness: number;
  support: Support;
  timings: { retrieveMs: number; answerMs: number; totalMs: number };
}

export function round(x: number): number {
  return Math.round(x * 1e6) / 1e6;
}

export function passageView(hit: RankedPassage): PassageView {
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
