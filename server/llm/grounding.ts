import type { Citation } from '../citations.js';

/**
 * How much of a model's answer its verified quotes back up. A model can quote one sentence
 * correctly and then add claims of its own; counting grounded sentences, rather than asking
 * whether any citation holds, is what catches that.
 */

/** How well an answer is supported, for the client to show next to it. */
export type Support = 'supported' | 'partial' | 'unsupported' | 'abstained';

/**
 * A sentence ends at `.`, `!`, `?` or `…`, with any closing quote marks or brackets and any `[n]`
 * markers after it, followed by whitespace or the end; a line break always ends one.
 */
const SENTENCE_END = /[.!?\u2026]+["'\u201D\u2019)\]]*(?:[ \t]*\[\s*\d+(?:\s*,\s*\d+)*\s*\])*(?=\s|$)|\n+/g;
const MARKER = /\[\s*\d+(?:\s*,\s*\d+)*\s*\]/g;
const PUNCTUATION = /^[.!?\u2026]+["'\u201D\u2019)\]]*/;
const CONTENT = /[\p{L}\p{N}]/u;

interface AnswerSentence {
  start: number;
  end: number;
  text: string;
}

/**
 * The share of the answer's sentences that hold at least one verified citation: its quote
 * overlaps the sentence, or its `[n]` marker stands in it. Empty fragments and fragments that are
 * only markers are not sentences. Sentence ends inside a quotation do not split the sentence, so a
 * quoted passage of three sentences counts once. 0 when the answer has no sentences.
 */
export function groundedness(answer: string, citations: readonly Citation[]): number {
  const sentences = sentencesOf(answer, citations);
  if (sentences.length === 0) return 0;
  const verified = citations.filter((c) => c.verified);
  const grounded = sentences.filter((s) => {
    const cited = markerNumbersIn(s.text);
    return verified.some((c) => (c.answerStart < s.end && s.start < c.answerEnd) || (c.n > 0 && cited.has(c.n)));
  });
  return grounded.length / sentences.length;
}

/**
 * Labels an answer from its groundedness and citations:
 * - `abstained` when the assistant declined to answer, whatever else holds;
 * - `unsupported` when no citation is verified or no sentence is grounded;
 * - `supported` when every sentence is grounded and every citation is verified;
 * - `partial` otherwise: something holds, but a sentence goes unbacked or a quote failed its check.
 */
export function supportOf({
  abstained,
  groundedness,
  citations,
}: {
  abstained: boolean;
  groundedness: number;
  citations: readonly Citation[];
}): Support {
  if (abstained) return 'abstained';
  if (groundedness <= 0 || !citations.some((c) => c.verified)) return 'unsupported';
  if (groundedness >= 1 && citations.every((c) => c.verified)) return 'supported';
  return 'partial';
}

function sentencesOf(answer: string, citations: readonly Citation[]): AnswerSentence[] {
  // A boundary is inside a quotation when the quoted text goes on after its punctuation.
  const insideQuote = (at: number, punctEnd: number): boolean =>
    citations.some((c) => c.answerStart <= at && punctEnd < c.answerEnd);
  const out: AnswerSentence[] = [];
  let start = 0;
  const push = (end: number): void => {
    const text = answer.slice(start, end);
    if (CONTENT.test(text.replace(MARKER, ''))) out.push({ start, end, text });
    start = end;
  };
  for (const m of answer.matchAll(SENTENCE_END)) {
    const punct = PUNCTUATION.exec(m[0])?.[0] ?? '';
    if (punct && insideQuote(m.index, m.index + punct.length)) continue;
    push(m.index + m[0].length);
  }
  push(answer.length);
  return out;
}

function markerNumbersIn(text: string): Set<number> {
  return new Set((text.match(MARKER) ?? []).flatMap((m) => (m.match(/\d+/g) ?? []).map(Number)));
}
