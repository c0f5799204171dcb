import type { EvalQuestion } from './question-set.js';

/** A stretch of a document: `text.slice(start, end)`. */
export interface Span {
  documentId: string;
  start: number;
  end: number;
}

/** Where one evidence sentence of a question sits in the indexed text (every place it occurs). */
export interface LocatedEvidence {
  sentence: string;
  spans: Span[];
}

/** An evidence sentence of `eval/questions.json` that the indexed text does not contain. */
export class EvidenceNotFoundError extends Error {
  constructor(
    readonly questionId: string,
    readonly sentence: string,
    documentIds: readonly string[],
  ) {
    const short = sentence.length > 70 ? `${sentence.slice(0, 70)}…` : sentence;
    super(`evidence of ${questionId} is not in the indexed documents (${documentIds.join(', ') || 'none'}): "${short}"; run npx tsx eval/check-questions.ts`);
    this.name = 'EvidenceNotFoundError';
  }
}

function occurrences(text: string, sentence: string): number[] {
  const found: number[] = [];
  for (let at = text.indexOf(sentence); at >= 0; at = text.indexOf(sentence, at + 1)) found.push(at);
  return found;
}

/**
 * Finds every question's evidence sentences in the documents once, so citations can be judged by
 * character overlap instead of string matching on every answer.
 *
 * @example
 * const evidence = locateEvidence(questions, [{ id: 'article', text }]);
 * evidence.get('q01')?.[0]?.spans; // [{ documentId: 'article', start: 812, end: 951 }]
 */
export function locateEvidence(
  questions: readonly EvalQuestion[],
  documents: Iterable<{ id: string; text: string }>,
): Map<string, LocatedEvidence[]> {
  const docs = [...documents];
  const located = new Map<string, LocatedEvidence[]>();
  for (const q of questions) {
    located.set(
      q.id,
      q.evidence.map((sentence) => {
        const spans = docs.flatMap((d) => occurrences(d.text, sentence).map((start) => ({ documentId: d.id, start, end: start + sentence.length })));
        if (spans.length === 0) throw new EvidenceNotFoundError(q.id, sentence, docs.map((d) => d.id));
        return { sentence, spans };
      }),
    );
  }
  return located;
}

/**
 * Whether two spans share at least half of the shorter one. Half rather than any overlap, so a
 * quote that merely runs into the evidence sentence by a few characters does not count; half of
 * the *shorter*, so quoting a clause of a long sentence, or a sentence within a longer quote, does.
 */
export function spansOverlap(a: Span, b: Span): boolean {
  if (a.documentId !== b.documentId) return false;
  const shared = Math.min(a.end, b.end) - Math.max(a.start, b.start);
  const shorter = Math.min(a.end - a.start, b.end - b.start);
  return shorter > 0 && shared > 0 && shared >= shorter / 2;
}
