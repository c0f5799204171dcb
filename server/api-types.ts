/**
 * The shapes clients receive: answer records, citations, passages, audit entries. Kept free of
 * imports so the browser build (web/) type-checks against the very same definitions.
 */

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

/**
 * A passage as an audit entry keeps it: as clients saw it, without its paragraph numbers.
 * `windows` and `meaning` are absent in entries recorded before those lists were scored.
 */
export type AuditPassage = Omit<PassageView, 'paragraphs' | 'windows' | 'meaning'> & Partial<Pick<PassageView, 'windows' | 'meaning'>>;

/** A passage as clients see it. */
export interface PassageView {
  id: string;
  documentId: string;
  rank: number;
  score: number;
  dense: number | null;
  lexical: number | null;
  /** BM25 score of its best window of two adjacent sentences; null when that list did not rank it. */
  windows: number | null;
  /** Score of its best window with question words matched by meaning (word vectors); null when that list did not rank it. */
  meaning: number | null;
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
  /**
   * True when an identical earlier question (same wording after resolving follow-ups, same topK)
   * was answered extractively from the same index and this answer reuses it; then retrieveMs and
   * answerMs are 0.
   */
  cached: boolean;
  timings: { retrieveMs: number; answerMs: number; totalMs: number };
}

export interface Turn {
  role: 'user' | 'assistant';
  content: string;
}

/** Which door an answer went out of. */
export type Origin = 'api/ask' | 'api/chat' | 'v1/chat/completions' | 'cli' | 'eval' | 'bench';

/** Feedback on a whole answer. */
export interface AnswerFeedback {
  rating: 'up' | 'down';
  comment?: string;
  at: string;
}

/** Feedback on one citation: does its quote support the claim it is attached to? */
export interface CitationFeedback {
  n: number;
  supports: boolean;
  comment?: string;
  at: string;
}

/**
 * Everything an answer was based on, kept so it can be audited later: what was asked (and the
 * conversation before it), what was searched, what came back and with which scores, what was
 * answered and quoted, and which index and documents (by checksum) it all came from.
 */
export interface AuditEntry {
  id: string;
  createdAt: string;
  origin: Origin;
  /** Id of the API key the client used, never the key itself; null without keys. */
  apiKeyId: string | null;
  question: string;
  history: Turn[];
  standaloneQuestion: string;
  answer: string;
  abstained: boolean;
  support: Support;
  groundedness: number;
  mode: 'extractive' | 'llm';
  model: string | null;
  fallbackReason: string | null;
  embedder: string;
  manifestChecksum: string;
  documentChecksums: Record<string, string>;
  passages: AuditPassage[];
  citations: Citation[];
  /** Whether the answer reused an identical earlier question's (absent in entries recorded before answers were reused). */
  cached?: boolean;
  timings: { retrieveMs: number; answerMs: number; totalMs: number };
  feedback: AnswerFeedback | null;
  citationFeedback: CitationFeedback[];
}

/** A row of the audit list: enough to choose what to open. */
export interface AuditSummary {
  id: string;
  createdAt: string;
  origin: Origin;
  question: string;
  answer: string;
  abstained: boolean;
  support: Support;
  mode: AuditEntry['mode'];
  citations: number;
  unverifiedCitations: number;
  rating: AnswerFeedback['rating'] | null;
}

export interface AuditPage {
  items: AuditSummary[];
  nextCursor: string | null;
}
