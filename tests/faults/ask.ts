import type { AnswerRecord } from '../../server/answer-record.js';
import { QUESTION } from './workspace.js';

export interface Asked {
  status: number;
  record: AnswerRecord;
  ms: number;
}

/** `POST /api/ask` over loopback, with a bound on how long the answer may take. */
export async function ask(port: number, question = QUESTION, timeoutMs = 20_000): Promise<Asked> {
  const started = Date.now();
  const res = await fetch(`http://127.0.0.1:${port}/api/ask`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify({ question }),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const record = (await res.json()) as AnswerRecord;
  return { status: res.status, record, ms: Date.now() - started };
}
