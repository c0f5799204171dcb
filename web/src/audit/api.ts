import { ApiError, apiKey, authHeaders } from '../api';
import { bearer, tabSecret } from '../tab-secret';
import type { AnswerFeedback, AuditEntry, AuditPage, CitationFeedback, VerifyResult } from './types';

const storedKey = tabSecret('article-assistant.audit-key');

/** The audit key this tab was given, when the server guards the audit trail with its own keys. */
export function auditKey(): string | null {
  return storedKey.get();
}

export function setAuditKey(key: string): void {
  storedKey.set(key);
}

/**
 * The audit routes take the audit keys, or the API keys when the server has no separate audit
 * keys; so the tab's API key (from the chat) is tried when no audit key was given.
 */
function auditHeaders(): Record<string, string> {
  return bearer(auditKey() ?? apiKey());
}

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

function postJson<T>(what: string, url: string, body: unknown, headers: Record<string, string>): Promise<T> {
  return request<T>(what, url, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });
}

/** One page of recorded answers, newest first; `query` holds the API's filter parameters. */
export function listAnswers(query: URLSearchParams): Promise<AuditPage> {
  return request('Loading the audit trail', `/api/audit?${query.toString()}`, { headers: auditHeaders() });
}

export function getAnswer(id: string): Promise<AuditEntry> {
  return request('Loading the recorded answer', `/api/audit/${encodeURIComponent(id)}`, { headers: auditHeaders() });
}

export function rateAnswer(id: string, rating: AnswerFeedback['rating'], comment: string): Promise<{ feedback: AnswerFeedback }> {
  const body = { rating, ...(comment ? { comment } : {}) };
  return postJson('Saving the feedback', `/api/audit/${encodeURIComponent(id)}/feedback`, body, auditHeaders());
}

export function rateCitation(id: string, n: number, supports: boolean, comment: string): Promise<{ feedback: CitationFeedback }> {
  const body = { supports, ...(comment ? { comment } : {}) };
  return postJson('Saving the feedback on the quote', `/api/audit/${encodeURIComponent(id)}/citations/${n}/feedback`, body, auditHeaders());
}

/** Checks the stored answer's citations against the documents as the server has them now (an API route: the API key). */
export function verifyAnswer(entry: Pick<AuditEntry, 'answer' | 'citations'>): Promise<VerifyResult> {
  const citations = entry.citations.map(({ n, documentId, quote, start, end }) => ({ n, documentId, quote, start, end }));
  return postJson('Re-verifying', '/api/verify', { answer: entry.answer, citations }, authHeaders());
}

/** Whether a failure is the server asking for a key (or refusing the one sent). */
export function needsKey(error: unknown): boolean {
  return error instanceof ApiError && error.status === 401;
}
