import type { AuditFilters } from './types';

export const NO_FILTERS: AuditFilters = { from: '', to: '', q: '', abstained: '', support: '', unverified: '', feedback: '' };

const YES_NO = ['true', 'false'] as const;
const SUPPORT = ['supported', 'partial', 'unsupported', 'abstained'] as const;
const FEEDBACK = ['up', 'down', 'any', 'none'] as const;

/** `value` when it is one of `choices`, else no filter. */
function oneOf<T extends string>(value: string | null, choices: readonly T[]): T | '' {
  return choices.find((c) => c === value) ?? '';
}

/** A `datetime-local` value: `2026-11-27T10:05`, seconds optional. */
const LOCAL_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?$/;

/**
 * Filters read from the page's query string (or a form's entries), keeping only values the
 * API accepts, so a hand-edited URL cannot make every request a 400.
 */
export function readFilters(params: URLSearchParams): AuditFilters {
  const time = (key: string) => {
    const value = params.get(key) ?? '';
    return LOCAL_TIME.test(value) ? value : '';
  };
  return {
    from: time('from'),
    to: time('to'),
    q: (params.get('q') ?? '').trim().slice(0, 200),
    abstained: oneOf(params.get('abstained'), YES_NO),
    support: oneOf(params.get('support'), SUPPORT),
    unverified: oneOf(params.get('unverified'), YES_NO),
    feedback: oneOf(params.get('feedback'), FEEDBACK),
  };
}

/** The filters as the page's own query string: only those set, local times as typed. */
export function pageQuery(filters: AuditFilters): URLSearchParams {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(filters)) if (value) params.set(key, value);
  return params;
}

/**
 * The filters as `GET /api/audit` parameters. Times typed in the browser's zone become ISO 8601
 * instants; "to" covers its whole minute, since the field shows no seconds and a reader who
 * types 10:05 means "up to and including 10:05".
 */
export function apiQuery(filters: AuditFilters, cursor: string | null, limit: number): URLSearchParams {
  const params = new URLSearchParams({ limit: String(limit) });
  if (cursor) params.set('cursor', cursor);
  const from = instant(filters.from, 0);
  const to = instant(filters.to, filters.to.length <= 16 ? 59_999 : 0);
  if (from) params.set('from', from);
  if (to) params.set('to', to);
  if (filters.q) params.set('q', filters.q);
  if (filters.abstained) params.set('abstained', filters.abstained);
  if (filters.support) params.set('support', filters.support);
  if (filters.unverified) params.set('unverified', filters.unverified);
  if (filters.feedback) params.set('feedback', filters.feedback);
  return params;
}

function instant(local: string, extraMs: number): string | null {
  if (!local) return null;
  const time = new Date(local).getTime();
  return Number.isNaN(time) ? null : new Date(time + extraMs).toISOString();
}

/** Whether any filter is set. */
export function isFiltered(filters: AuditFilters): boolean {
  return Object.values(filters).some((v) => v !== '');
}
