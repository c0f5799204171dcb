import { h } from './dom';
import type { Citation, Turn } from './types';

export interface AnswerActions {
  openCitation(citation: Citation, chip: HTMLElement): void;
  retry(turn: Turn): void;
  /** Stores an API key for this tab and retries the turn. */
  useKey(turn: Turn, key: string): void;
  copy(turn: Turn): void;
}

const SUPPORT_LABEL: Record<string, string> = {
  supported: 'Every sentence is backed by a verified quote',
  partial: 'Some sentences are not backed by a verified quote',
  unsupported: 'No sentence is backed by a verified quote',
};

function preview(c: Citation): string {
  const text = c.quote.length > 220 ? `${c.quote.slice(0, 220)}…` : c.quote;
  return c.verified ? `¶ ${c.paragraph}: “${text}”` : `Unverified quote (not found in the article): “${text}”`;
}

function chip(c: Citation, actions: AnswerActions): HTMLButtonElement {
  const button = h(
    'button',
    {
      class: `chip${c.verified ? '' : ' unverified'}`,
      testid: 'citation',
      attrs: { type: 'button', title: preview(c), 'aria-label': `Source ${c.n}${c.verified ? '' : ' (unverified)'}`, 'data-n': String(c.n) },
    },
    String(c.n),
  );
  button.addEventListener('click', () => actions.openCitation(c, button));
  return button;
}

/** Answer text with each `[n]` that has a citation turned into a chip; everything else stays text. */
function body(turn: Turn, actions: AnswerActions): HTMLElement {
  const p = h('p', { class: 'answer-text' });
  const byN = new Map(turn.citations.map((c) => [c.n, c]));
  let last = 0;
  for (const m of turn.text.matchAll(/\[(\d+)\]/g)) {
    const c = byN.get(Number(m[1]));
    if (!c) continue;
    p.append(turn.text.slice(last, m.index), chip(c, actions));
    last = (m.index ?? 0) + m[0].length;
  }
  p.append(turn.text.slice(last));
  return p;
}

function sources(turn: Turn): HTMLElement | null {
  const cited = turn.citations.filter((c, i, all) => all.findIndex((x) => x.n === c.n) === i);
  if (cited.length === 0) return null;
  return h(
    'ol',
    { class: 'sources', testid: 'sources', attrs: { 'aria-label': 'Sources' } },
    ...cited.map((c) =>
      h(
        'li',
        { class: c.verified ? '' : 'unverified' },
        h('span', { class: 'source-n' }, `[${c.n}]`),
        ' ',
        h('q', {}, c.quote),
        ' ',
        c.verified ? h('span', { class: 'para' }, `¶ ${c.paragraph}`) : h('span', { class: 'flag' }, 'unverified: not found in the article'),
      ),
    ),
  );
}

function footer(turn: Turn, actions: AnswerActions): HTMLElement | null {
  const record = turn.record;
  if (!record) return null;
  const parts: Array<HTMLElement | null> = [];
  if (record.mode === 'llm' && !record.abstained) {
    parts.push(h('span', { class: `badge support-${record.support}`, attrs: { title: SUPPORT_LABEL[record.support] ?? '' } }, `${record.support} · ${Math.round(record.groundedness * 100)}% grounded`));
  }
  if (record.fallbackReason) parts.push(h('span', { class: 'badge' }, `Quoted directly: ${record.fallbackReason}`));
  if (record.standaloneQuestion !== record.question) parts.push(h('span', { class: 'searched' }, `Searched: ${record.standaloneQuestion}`));
  parts.push(h('button', { class: 'link', testid: 'copy-answer', attrs: { type: 'button' }, on: { click: () => actions.copy(turn) } }, 'Copy'));
  // What this answer was based on (question searched, passages, scores, quote checks), for review.
  parts.push(h('a', { class: 'link', testid: 'audit-link', attrs: { href: `/audit/${encodeURIComponent(record.id)}`, title: 'What this answer was based on' } }, 'Audit'));
  return h('div', { class: 'answer-footer' }, ...parts);
}

/** The user's question bubble. */
export function questionView(turn: Turn): HTMLElement {
  return h('div', { class: 'question', testid: 'question' }, turn.question);
}

/** One answer in whatever state it is in: streaming text, the finished answer, or an error. */
export function answerView(turn: Turn, actions: AnswerActions): HTMLElement {
  const abstained = turn.record?.abstained === true;
  const el = h('article', {
    class: `answer ${turn.state}${abstained ? ' abstained' : ''}`,
    testid: 'answer',
    attrs: { 'data-state': turn.state, 'data-abstained': String(abstained), 'aria-live': turn.state === 'streaming' ? 'polite' : 'off' },
  });
  if (turn.record) {
    el.dataset.mode = turn.record.mode;
    el.dataset.support = turn.record.support;
  }
  if (abstained) el.append(h('div', { class: 'abstained-label' }, 'Not in the article'));
  if (turn.text) el.append(body(turn, actions));
  else if (turn.state === 'streaming') el.append(h('p', { class: 'thinking' }, 'Searching the article…'));
  if (turn.state === 'stopped') el.append(h('p', { class: 'note' }, 'Stopped.'));
  if (turn.state === 'error' && turn.needsKey) {
    const field = h('input', { testid: 'api-key', attrs: { type: 'password', autocomplete: 'off', 'aria-label': 'API key' } });
    const form = h('form', { class: 'key-form', testid: 'key-form' },
      h('span', {}, turn.error ?? 'This server needs an API key.'),
      ' ',
      field,
      h('button', { attrs: { type: 'submit' } }, 'Use key'),
    );
    form.addEventListener('submit', (e) => {
      e.preventDefault();
      if (field.value.trim()) actions.useKey(turn, field.value.trim());
    });
    el.append(h('div', { class: 'error', testid: 'error', attrs: { role: 'alert' } }, form));
  } else if (turn.state === 'error') {
    el.append(
      h('div', { class: 'error', testid: 'error', attrs: { role: 'alert' } },
        h('span', {}, turn.error ?? 'Something went wrong.'),
        ' ',
        h('button', { testid: 'retry', attrs: { type: 'button' }, on: { click: () => actions.retry(turn) } }, 'Retry'),
      ),
    );
  }
  if (turn.state === 'done') el.append(sources(turn) ?? '', footer(turn, actions) ?? '');
  return el;
}

/** The answer as plain text with its sources, for the clipboard. */
export function answerAsText(turn: Turn): string {
  const lines = [turn.text.trim()];
  const cited = turn.citations.filter((c, i, all) => all.findIndex((x) => x.n === c.n) === i);
  if (cited.length > 0) {
    lines.push('', 'Sources:');
    for (const c of cited) {
      const where = c.verified ? `${c.documentId}, ¶ ${c.paragraph}, characters ${c.start}–${c.end}` : 'unverified';
      lines.push(`[${c.n}] “${c.quote}” (${where})`);
    }
  }
  return lines.join('\n');
}
