/** The parts of the server's answer record the UI reads (see server/answer-record.ts). */
export interface Citation {
  n: number;
  documentId: string;
  passageId: string;
  quote: string;
  start: number;
  end: number;
  answerStart: number;
  answerEnd: number;
  paragraph: number;
  notes: Array<{ n: number; text: string }>;
  verified: boolean;
  reason?: string;
}

export interface PassageView {
  id: string;
  documentId: string;
  rank: number;
  text: string;
  start: number;
  end: number;
  paragraphs: [number, number];
}

export interface AnswerRecord {
  id: string;
  question: string;
  standaloneQuestion: string;
  answer: string;
  abstained: boolean;
  citations: Citation[];
  passages: PassageView[];
  mode: 'extractive' | 'llm';
  model: string | null;
  fallbackReason?: string;
  groundedness: number;
  support: 'supported' | 'partial' | 'unsupported' | 'abstained';
}

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
