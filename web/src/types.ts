/** The records the server sends, defined once in server/api-types.ts (import-free, so shared). */
export type { AnswerRecord, Citation, PassageView } from '../../server/api-types';
import type { AnswerRecord, Citation } from '../../server/api-types';

export interface ArticleDocument {
  id: string;
  title: string;
  text: string;
  notes: Array<{ n: number; text: string }>;
}

/** One question and its answer, as the conversation keeps them. */
export interface Turn {
  id: string;
  question: string;
  state: 'streaming' | 'done' | 'error' | 'stopped';
  /** Answer text so far (while streaming) or in full. */
  text: string;
  citations: Citation[];
  record?: AnswerRecord;
  error?: string;
  /** The server asked for an API key (401); the UI offers a field for it. */
  needsKey?: boolean;
}
