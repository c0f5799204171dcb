import type { SourceDocument } from '../ingest/documents.js';

/** A verbatim quote from a document, located both in the source and in the answer text. */
export interface Citation {
  /** The `[n]` marker number in the answer. */
  n: number;
  documentId: string;
  passageId: string;
  quote: string;
  /** `document.text.slice(start, end) === quote` */
  start: number;
  end: number;
  /** `answer.slice(answerStart, answerEnd) === quote` */
  answerStart: number;
  answerEnd: number;
  /** Paragraph number of the quote in its document. */
  paragraph: number;
  /** The notes the quoted sentence cites, with their text. */
  notes: Array<{ n: number; text: string }>;
  /**
   * Whether the quote was found in the source. Extractive quotes always are; a language model's
   * quote is located in its passage and comes back `false` when it is not there.
   */
  verified: boolean;
  /** Why a quote is unverified, or how it was found elsewhere than its marker said. */
  reason?: 'not-found' | 'no-such-passage' | 'other-passage';
}

/** Why a citation failed its check, or `undefined` when it holds. */
export function citationProblem(
  citation: Citation,
  answer: string,
  documents: ReadonlyMap<string, SourceDocument>,
): string | undefined {
  const doc = documents.get(citation.documentId);
  if (!doc) return `citation [${citation.n}] names unknown document ${citation.documentId}`;
  if (doc.text.slice(citation.start, citation.end) !== citation.quote) {
    return `citation [${citation.n}] quote is not at ${citation.documentId}[${citation.start}, ${citation.end})`;
  }
  if (!citation.verified) return `citation [${citation.n}] is not verified (${citation.reason ?? 'unknown'})`;
  if (answer.slice(citation.answerStart, citation.answerEnd) !== citation.quote) {
    return `citation [${citation.n}] quote is not at answer[${citation.answerStart}, ${citation.answerEnd})`;
  }
  if (!answer.includes(`[${citation.n}]`)) return `citation [${citation.n}] has no marker in the answer`;
  return undefined;
}

/** An answer was about to leave with a citation that does not hold: a bug, never shown to a client as verified. */
export class CitationCheckError extends Error {
  constructor(readonly problems: string[]) {
    super(`answer failed citation checks: ${problems.join('; ')}`);
    this.name = 'CitationCheckError';
  }
}

/** Checks every citation against the source and the answer; throws naming each that fails. */
export function assertCitations(answer: string, citations: readonly Citation[], documents: ReadonlyMap<string, SourceDocument>): void {
  const problems = citations.map((c) => citationProblem(c, answer, documents)).filter((p): p is string => !!p);
  if (problems.length > 0) throw new CitationCheckError(problems);
}
