import type { SourceDocument } from '../ingest/documents.js';
export type { Citation } from './api-types.js';
import type { Citation } from './api-types.js';


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
