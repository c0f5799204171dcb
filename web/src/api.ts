import { SseParser } from './sse';
import { bearer, tabSecret } from './tab-secret';
import type { AnswerRecord, ArticleDocument, Citation, PassageView } from './types';

export interface ChatMessage {
  role: 'user' | 'assistant';
  content: string;
}

export interface StreamHandlers {
  passages(passages: PassageView[]): void;
  delta(text: string, replace: boolean): void;
  citation(citation: Citation): void;
  done(record: AnswerRecord): void;
}

const storedKey = tabSecret('article-assistant.api-key');

/** The API key this tab was given, if the server asked for one (kept for the tab only). */
export function apiKey(): string | null {
  return storedKey.get();
}

export function setApiKey(key: string | null): void {
  storedKey.set(key || null);
}

/** Headers for every API call: the key, when there is one. */
export function authHeaders(): Record<string, string> {
  return bearer(apiKey());
}

/** A failure to show the user: what happened, in words, and whether trying again may help. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

async function errorFrom(response: Response): Promise<ApiError> {
  let detail = '';
  try {
    const body = (await response.json()) as { error?: { message?: string } };
    detail = body.error?.message ?? '';
  } catch {
    // Not JSON (a proxy's error page, say): the status is all there is.
  }
  if (response.status === 401) {
    return new ApiError(apiKey() ? 'The server did not accept this API key.' : 'This server needs an API key.', 401);
  }
  const what = response.status >= 500 ? 'The server failed to answer' : 'The server refused the question';
  return new ApiError(`${what} (HTTP ${response.status})${detail ? `: ${detail}` : '.'}`, response.status);
}

/**
 * Asks `/api/chat` with `stream: true` and hands each event to `handlers` as it arrives.
 * Resolves after `done`; rejects with an ApiError on HTTP errors, a broken stream or a server
 * `error` event, and with an AbortError when `signal` is aborted (the stop button).
 */
export async function streamChat(messages: ChatMessage[], handlers: StreamHandlers, signal: AbortSignal): Promise<void> {
  let response: Response;
  try {
    response = await fetch('/api/chat', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'text/event-stream', ...authHeaders() },
      body: JSON.stringify({ messages, stream: true }),
      signal,
    });
  } catch (error) {
    if (signal.aborted) throw error;
    throw new ApiError('The server could not be reached. Check that it is running.', 0);
  }
  if (!response.ok || !response.body) throw await errorFrom(response);

  const reader = response.body.pipeThrough(new TextDecoderStream()).getReader();
  const parser = new SseParser();
  let finished = false;
  try {
    for (;;) {
      const { value, done } = await reader.read();
      if (done) break;
      for (const { event, data } of parser.push(value)) {
        const payload = JSON.parse(data) as Record<string, unknown>;
        if (event === 'passages') handlers.passages(payload.passages as PassageView[]);
        else if (event === 'delta') handlers.delta(String(payload.text ?? ''), payload.replace === true);
        else if (event === 'citation') handlers.citation(payload as unknown as Citation);
        else if (event === 'done') {
          finished = true;
          handlers.done(payload as unknown as AnswerRecord);
        } else if (event === 'error') {
          const message = (payload.error as { message?: string } | undefined)?.message ?? 'unknown error';
          throw new ApiError(`The answer failed: ${message}`, 500);
        }
      }
    }
  } catch (error) {
    if (signal.aborted || error instanceof ApiError) throw error;
    throw new ApiError('The connection broke while the answer was streaming.', 0);
  }
  if (!finished) throw new ApiError('The answer stream ended before the answer was complete.', 0);
}

const documents = new Map<string, Promise<ArticleDocument>>();

/** The document a citation points into; fetched once per page. */
export function fetchDocument(id: string): Promise<ArticleDocument> {
  let pending = documents.get(id);
  if (!pending) {
    pending = fetch(`/api/documents/${encodeURIComponent(id)}`, { headers: authHeaders() }).then(async (r) => {
      if (!r.ok) throw await errorFrom(r);
      return (await r.json()) as ArticleDocument;
    });
    pending.catch(() => documents.delete(id));
    documents.set(id, pending);
  }
  return pending;
}
