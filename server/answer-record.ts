import type { RankedPassage } from './retrieve.js';
export type { AnswerRecord, PassageView, Support } from './api-types.js';
import type { PassageView } from './api-types.js';




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
    windows: hit.windows === undefined ? null : round(hit.windows),
    meaning: hit.meaning === undefined ? null : round(hit.meaning),
    text: p.text,
    start: p.start,
    end: p.end,
    paragraphs: p.paragraphs,
  };
}
