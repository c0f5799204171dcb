import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { RawRequest, RawResponse } from './raw-http.js';

/**
 * What every response must honour, whatever was sent: the promises a client and an operator rely
 * on when the input is garbage. Each check returns what is wrong, so a failing fuzz run reports
 * every broken promise of the shrunk request at once.
 */

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

/** A V8 stack frame: "\n    at fn (/path/file.ts:12:3)" or "\n    at file:///…:1:2". */
const STACK_FRAME = /\n\s+at .*(:\d+:\d+\)?$|\(native\)|\(node:)/m;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const OPENAI_ERROR_TYPES = new Set(['invalid_request_error', 'not_found_error', 'server_error']);
const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Error bodies under `/v1` follow OpenAI; everything else (`/api`, `/healthz`, a stray 404) is ours. */
export function errorFamily(requestPath: string): 'openai' | 'api' {
  return /^\/v1(?:[/?]|$)/i.test(requestPath) ? 'openai' : 'api';
}

/** Every string in a parsed JSON value, keys included. */
export function stringsIn(value: unknown, out: string[] = []): string[] {
  if (typeof value === 'string') out.push(value);
  else if (Array.isArray(value)) for (const v of value) stringsIn(v, out);
  else if (value !== null && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      out.push(k);
      stringsIn(v, out);
    }
  }
  return out;
}

export function hasLoneSurrogate(text: string): boolean {
  return LONE_SURROGATE.test(text);
}

function apiErrorProblem(body: unknown): string | undefined {
  const error = (body as { error?: Record<string, unknown> } | null)?.error;
  if (!error || Object.keys(body as object).join() !== 'error') return 'body is not { error: … }';
  if (Object.keys(error).sort().join() !== 'code,message') return `error has keys ${Object.keys(error).join(', ')}, not code and message`;
  if (typeof error.code !== 'string' || error.code === '') return 'error.code is not a non-empty string';
  if (typeof error.message !== 'string' || error.message === '') return 'error.message is not a non-empty string';
  return undefined;
}

function openAiErrorProblem(body: unknown): string | undefined {
  const error = (body as { error?: Record<string, unknown> } | null)?.error;
  if (!error || Object.keys(body as object).join() !== 'error') return 'body is not { error: … }';
  if (Object.keys(error).sort().join() !== 'code,message,param,type') return `error has keys ${Object.keys(error).join(', ')}, not OpenAI's four`;
  if (typeof error.message !== 'string' || error.message === '') return 'error.message is not a non-empty string';
  if (typeof error.type !== 'string' || !OPENAI_ERROR_TYPES.has(error.type)) return `error.type ${JSON.stringify(error.type)} is not an OpenAI type`;
  if (error.param !== null && typeof error.param !== 'string') return 'error.param is neither a string nor null';
  if (error.code !== null && typeof error.code !== 'string') return 'error.code is neither a string nor null';
  return undefined;
}

/** Server-Sent Events as `{ event, data }`, `data` parsed unless it is OpenAI's `[DONE]`. */
export function sseEvents(text: string): Array<{ event: string | undefined; data: unknown }> {
  return text
    .split('\n\n')
    .filter((block) => block.trim() !== '')
    .map((block) => {
      // Split on SSE's own line ends only: a regex's `^`/`$` would also break at U+2028, which JSON leaves raw.
      const lines = block.split(/\r\n|\r|\n/);
      const event = lines.find((l) => l.startsWith('event: '))?.slice('event: '.length);
      const raw = lines.find((l) => l.startsWith('data: '))?.slice('data: '.length) ?? '';
      return { event, data: raw === '[DONE]' ? raw : (JSON.parse(raw) as unknown) };
    });
}

/** Everything wrong with `res` as an answer to `req`; empty when it is well behaved. */
export function problemsOf(req: RawRequest, res: RawResponse): string[] {
  const problems: string[] = [];
  if (res.status >= 500) problems.push(`status ${res.status}`);
  let text = '';
  try {
    text = utf8.decode(res.bytes);
  } catch {
    problems.push('body is not valid UTF-8');
    text = res.bytes.toString('utf8');
  }
  if (STACK_FRAME.test(text)) problems.push('body contains a stack trace');
  if (text.includes(REPO_ROOT) || text.includes('node_modules')) problems.push('body contains a file path of the server');

  const type = String(res.headers['content-type'] ?? '');
  const hasBody = req.method !== 'HEAD' && res.bytes.length > 0;
  const isError = res.status >= 400;
  if (isError && req.method !== 'HEAD') {
    if (!type.startsWith('application/json')) problems.push(`error answered as ${type || 'no content type'}, not JSON`);
  }
  if (hasBody && type.startsWith('application/json')) {
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      problems.push('JSON body does not parse');
    }
    if (body !== undefined) {
      const strings = stringsIn(body);
      if (strings.some(hasLoneSurrogate)) problems.push('JSON body holds an unpaired surrogate');
      if (strings.some((s) => STACK_FRAME.test(s))) problems.push('a JSON string holds a stack trace');
      if (isError) {
        const shape = errorFamily(req.path) === 'openai' ? openAiErrorProblem(body) : apiErrorProblem(body);
        if (shape) problems.push(`error shape: ${shape}`);
        if (res.status === 405 && !res.headers.allow) problems.push('405 without an Allow header');
      }
    }
  }
  if (hasBody && type.startsWith('text/event-stream')) {
    try {
      for (const { event, data } of sseEvents(text)) {
        if (event === 'error' || (typeof data === 'object' && data !== null && 'error' in data)) problems.push(`stream carried an error: ${JSON.stringify(data)}`);
        if (stringsIn(data).some(hasLoneSurrogate)) problems.push('stream event holds an unpaired surrogate');
      }
    } catch {
      problems.push('stream event data does not parse as JSON');
    }
  }
  return problems;
}

/** Throws, naming the request and what went wrong, unless the response is well behaved. */
export function assertWellBehaved(req: RawRequest, res: RawResponse): void {
  const problems = problemsOf(req, res);
  if (problems.length === 0) return;
  const sent = typeof req.body === 'string' ? req.body : req.body?.toString('utf8');
  throw new Error(
    [
      `${req.method} ${req.path.slice(0, 300)} → ${res.status}: ${problems.join('; ')}`,
      `  headers sent: ${JSON.stringify(req.headers ?? {}).slice(0, 500)}`,
      `  body sent: ${JSON.stringify(sent?.slice(0, 500) ?? null)}`,
      `  body received: ${res.bytes.toString('utf8').slice(0, 800)}`,
    ].join('\n'),
  );
}
