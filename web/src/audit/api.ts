import { ApiError } from '../api';
import type { AnswerFeedback, AuditEntry, AuditPage, CitationFeedback, VerifyResult } from './types';

/** An API failure with the server's error code (`answer_not_found`, `audit_disabled`, …) when it sent one. */
export class AuditApiError extends ApiError {
  constructor(
    message: string,
    status: number,
    readonly code: string,
  ) {
    super(message, status);
    this.name = 'AuditApiError';
  }
}

/** The server's `{ error: { code, message } }`, or just the status when the body is not ours. */
async function failure(response: Response, what: string): Promise<AuditApiError> {
  let code = '';
  let message = '';
  try {
    const body = (await response.json()) as { error?: { code?: string; message?: string } };
    code = body.error?.code ?? '';
    message = body.error?.message ?? '';
  } catch {
    // A proxy's error page, say: the status is all there is.
  }
  return new AuditApiError(`${what} failed (HTTP ${response.status})${message ? `: ${message}` : '.'}`, response.status, code);
}

async function request<T>(what: string, url: string, init?: RequestInit): Promise<T> {
  let response: Response;
  try {
    response = await fetch(url, init);
  } catch {
    throw new AuditApiError(`${what} failed: the server could not be reached.`, 0, 'unreachable');
  }
  if (!response.ok) throw await failure(response, what);
  return (await response.json()) as T;
}

function postJson<T>(what: string, url: string, body: unknown): Promise<T> {
  return request<T>(what, url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
}

/** One page of recorded answers, newest first; `query` holds the API's filter parameters. */
export function listAnswers(query: URLSearchParams): Promise<AuditPage> {
  return request('Loading the audit trail', `/api/audit?${query.toString()}`);
}

export function getAnswer(id: string): Promise<AuditEntry> {
  return request('Loading the recorded answer', `/api/audit/${encodeURIComponent(id)}`);
}

export function rateAnswer(id: string, rating: AnswerFeedback['rating'], comment: string): Promise<{ feedback: AnswerFeedback }> {
  return postJson('Saving the feedback', `/api/audit/${encodeURIComponent(id)}/feedback`, { rating, ...(comment ? { comment } : {}) });
}

export function rateCitation(id: string, n: number, supports: boolean, comment: string): Promise<{ feedback: CitationFeedback }> {
  return postJson('Saving the feedback on the quote', `/api/audit/${encodeURIComponent(id)}/citations/${n}/feedback`, {
    supports,
    ...(comment ? { comment } : {}),
  });
}

/** Checks the stored answer's citations against the documents as the server has them now. */
export function verifyAnswer(entry: Pick<AuditEntry, 'answer' | 'citations'>): Promise<VerifyResult> {
  const citations = entry.citations.map(({ n, documentId, quote, start, end }) => ({ n, documentId, quote, start, end }));
  return postJson('Re-verifying', '/api/verify', { answer: entry.answer, citations });
}
