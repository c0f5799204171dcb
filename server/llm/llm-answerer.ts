import type { SourceDocument } from '../../ingest/documents.js';
import type { Passage } from '../../ingest/passages.js';
import type { Citation } from '../citations.js';
import { complete, type LlmClient } from './client.js';
import { answerMessages, condenseMessages, NOT_IN_ARTICLE, revealsInstructions } from './prompt.js';
import { verifyQuotes } from './quotes.js';
import type { Turn } from '../followup.js';

export interface DraftAnswer {
  answer: string;
  abstained: boolean;
  citations: Citation[];
}

/** Callbacks for answers produced piece by piece. */
export interface AnswerEvents {
  /** More answer text; `replace` means: discard what was sent so far, this is the answer now. */
  delta?(text: string, replace?: boolean): void;
  /** A citation, sent as soon as its quote has been checked. */
  citation?(citation: Citation): void;
}

/** The model did not answer in time or failed; the message says which, for `fallbackReason`. */
export class LlmUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'LlmUnavailableError';
  }
}

function withheld(): LlmUnavailableError {
  return new LlmUnavailableError('the model’s answer repeated its instructions or configuration; it was withheld');
}

/**
 * Runs `call` with a deadline; a timeout or a model failure becomes an LlmUnavailableError naming
 * it, while the caller's own abort (a client that went away) propagates as is.
 */
async function withDeadline<T>(timeoutMs: number, signal: AbortSignal | undefined, call: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const deadline = AbortSignal.timeout(timeoutMs);
  const combined = signal ? AbortSignal.any([signal, deadline]) : deadline;
  try {
    return await call(combined);
  } catch (error) {
    if (signal?.aborted || error instanceof LlmUnavailableError) throw error;
    if (deadline.aborted) throw new LlmUnavailableError(`the model did not finish within LLM_TIMEOUT_MS (${timeoutMs} ms)`, { cause: error });
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new LlmUnavailableError(`the model failed: ${reason}`, { cause: error });
  }
}

/**
 * Writes answers with a language model from the retrieved passages only, and checks every quote
 * it makes against the source: quotes are located in their passage and returned as citations,
 * verified or not. Text and citations are passed on while the model is still writing.
 */
export class LlmAnswerer {
  constructor(
    private readonly client: LlmClient,
    private readonly documents: ReadonlyMap<string, SourceDocument>,
    private readonly timeoutMs: number,
    /** Configuration values an answer must never contain (API key, base URL). */
    private readonly secrets: readonly string[] = [],
  ) {}

  get model(): string {
    return this.client.model;
  }

  async answer(question: string, passages: readonly Passage[], events: AnswerEvents = {}, signal?: AbortSignal): Promise<DraftAnswer> {
    const messages = answerMessages(question, passages);
    const sent = new Set<string>();
    // Each citation is sent once, as soon as it is known.
    const send = (citation: Citation) => {
      const key = `${citation.answerStart}:${citation.n}`;
      if (sent.has(key)) return;
      sent.add(key);
      events.citation?.(citation);
    };
    const text = await withDeadline(this.timeoutMs, signal, async (combined) => {
      let soFar = '';
      for await (const raw of this.client.stream(messages, { signal: combined })) {
        // Leading whitespace is dropped so offsets sent while streaming match the final answer.
        const piece = soFar === '' ? raw.trimStart() : raw;
        if (piece === '') continue;
        soFar += piece;
        // Checked as it streams, so a recital of the instructions is cut off within a few words.
        if (revealsInstructions(soFar, this.secrets)) throw withheld();
        events.delta?.(piece);
        // A quote counts once its marker has arrived (a quote without one may still get it).
        for (const citation of verifyQuotes(soFar, passages, this.documents)) {
          if (citation.n > 0) send(citation);
        }
      }
      return soFar;
    });
    const answer = text.trimEnd();
    if (answer === '') throw new LlmUnavailableError('the model returned an empty answer');
    if (revealsInstructions(answer, this.secrets)) throw withheld();
    if (answer.startsWith(NOT_IN_ARTICLE.slice(0, -1))) return { answer, abstained: true, citations: [] };
    const citations = verifyQuotes(answer, passages, this.documents);
    for (const citation of citations) send(citation);
    return { answer, abstained: false, citations };
  }

  /** Asks the model for a standalone version of a follow-up question. */
  async condense(question: string, history: readonly Turn[], signal?: AbortSignal): Promise<string> {
    const text = await withDeadline(this.timeoutMs, signal, (combined) => complete(this.client, condenseMessages(question, history), combined));
    const standalone = text.trim().replace(/^["“]|["”]$/g, '').trim();
    if (standalone === '' || standalone.length > 2000) throw new LlmUnavailableError('the model did not return a usable standalone question');
    return standalone;
  }
}
