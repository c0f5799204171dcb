import type { Support, VerifyReason } from './types';

/** `2026-11-27 10:05:31` in the reader's zone; the ISO instant goes in a `<time datetime>` beside it. */
export function localTime(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/** A score as stored (six decimals at most), or a dash for a retriever that did not score it. */
export function score(value: number | null): string {
  return value === null ? '—' : String(value);
}

export function milliseconds(value: number): string {
  return `${value < 10 ? value.toFixed(1) : Math.round(value)} ms`;
}

export function percent(share: number): string {
  return `${Math.round(share * 100)}%`;
}

/** Text cut to `max` characters on a word boundary where one is near. */
export function shorten(text: string, max: number): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  if (flat.length <= max) return flat;
  const cut = flat.lastIndexOf(' ', max);
  return `${flat.slice(0, cut > max * 0.6 ? cut : max)}…`;
}

export const SUPPORT_TEXT: Record<Support, string> = {
  supported: 'supported',
  partial: 'partly supported',
  unsupported: 'unsupported',
  abstained: 'abstained',
};

/** The re-verification verdicts in an auditor's words: a quote is where it was, moved, or gone. */
export const VERIFY_TEXT: Record<VerifyReason, string> = {
  verbatim: 'verbatim',
  moved: 'moved',
  'not-in-document': 'gone: not in the document',
  'unknown-document': 'gone: unknown document',
};

/** Why the assistant marked a stored quote unverified (server/citations.ts `reason`). */
export const STORED_REASON_TEXT: Record<string, string> = {
  'not-found': 'not found in its passage',
  'no-such-passage': 'names a passage that does not exist',
  'other-passage': 'found in another passage',
};
