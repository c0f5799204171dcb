import { h } from '../dom';
import { score } from './format';
import type { AuditEntry } from './types';

/** What retrieval returned for the searched question, with each score, and which passages were quoted. */
export function passagesTable(entry: AuditEntry): HTMLElement {
  const citedBy = new Map<string, number[]>();
  for (const c of entry.citations) citedBy.set(c.passageId, [...(citedBy.get(c.passageId) ?? []), c.n]);
  const head = ['Rank', 'Passage', 'Score', 'Dense', 'Lexical', 'Window', 'Meaning', 'Quoted as'];
  return h(
    'div',
    { class: 'audit-table-wrap', attrs: { role: 'region', 'aria-label': 'Retrieved passages', tabindex: '0' } },
    h(
      'table',
      { class: 'passages-table', testid: 'record-passages' },
      h('thead', {}, h('tr', {}, ...head.map((t) => h('th', { attrs: { scope: 'col' } }, t)))),
      h(
        'tbody',
        {},
        ...entry.passages.map((p) =>
          h(
            'tr',
            { testid: 'record-passage', attrs: { 'data-id': p.id } },
            h('td', { class: 'num' }, String(p.rank)),
            h('td', { attrs: { title: p.text } }, p.id),
            h('td', { class: 'num' }, score(p.score)),
            h('td', { class: 'num' }, score(p.dense)),
            h('td', { class: 'num' }, score(p.lexical)),
            h('td', { class: 'num' }, score(p.windows ?? null)),
            h('td', { class: 'num' }, score(p.meaning ?? null)),
            h('td', {}, (citedBy.get(p.id) ?? []).map((n) => `[${n}]`).join(' ') || '—'),
          ),
        ),
      ),
    ),
  );
}
