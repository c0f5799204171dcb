import { clear, h } from '../dom';
import { AuditApiError, listAnswers, needsKey } from './api';
import { apiQuery, isFiltered, NO_FILTERS, pageQuery, readFilters } from './filters';
import { localTime, shorten, SUPPORT_TEXT } from './format';
import { keyPrompt } from './key-form';
import type { AuditFilters, AuditSummary } from './types';

const PAGE_SIZE = 25;

function field(label: string, control: HTMLElement): HTMLElement {
  return h('label', { class: 'audit-field' }, h('span', {}, label), control);
}

function select(name: keyof AuditFilters, value: string, options: Array<[string, string]>): HTMLSelectElement {
  const el = h('select', { attrs: { name } }, ...options.map(([v, text]) => h('option', { attrs: { value: v } }, text)));
  el.value = value;
  return el;
}

function input(name: keyof AuditFilters, type: string, value: string, extra: Record<string, string> = {}): HTMLInputElement {
  const el = h('input', { attrs: { name, type, ...extra } });
  el.value = value;
  return el;
}

/** The filter form; every control is a labelled native control, so it works from the keyboard as is. */
function filterForm(filters: AuditFilters): HTMLFormElement {
  return h(
    'form',
    { class: 'audit-filters', testid: 'audit-filters', attrs: { role: 'search', 'aria-label': 'Filter recorded answers' } },
    field('Text in question or answer', input('q', 'search', filters.q, { maxlength: '200', placeholder: 'e.g. summit' })),
    field('From', input('from', 'datetime-local', filters.from)),
    field('To', input('to', 'datetime-local', filters.to)),
    field('Abstained', select('abstained', filters.abstained, [['', 'All'], ['true', 'Abstained'], ['false', 'Answered']])),
    field('Support', select('support', filters.support, [['', 'All'], ['supported', 'Supported'], ['partial', 'Partly supported'], ['unsupported', 'Unsupported'], ['abstained', 'Abstained']])),
    field('Quotes', select('unverified', filters.unverified, [['', 'All'], ['true', 'Some unverified'], ['false', 'All verified']])),
    field('Feedback', select('feedback', filters.feedback, [['', 'All'], ['up', '👍 Good'], ['down', '👎 Bad'], ['any', 'Any feedback'], ['none', 'No feedback']])),
    h('div', { class: 'audit-filter-actions' },
      h('button', { class: 'primary', testid: 'apply-filters', attrs: { type: 'submit' } }, 'Apply'),
      h('button', { testid: 'clear-filters', attrs: { type: 'reset' } }, 'Clear'),
    ),
  );
}

function row(item: AuditSummary): HTMLTableRowElement {
  const cell = (label: string, ...children: Array<Node | string>) => h('td', { attrs: { 'data-label': label } }, ...children);
  const quotes = h('span', {}, String(item.citations));
  if (item.unverifiedCitations > 0) quotes.append(' ', h('span', { class: 'flag' }, `(${item.unverifiedCitations} unverified)`));
  return h(
    'tr',
    { testid: 'audit-row', attrs: { 'data-id': item.id } },
    cell('When', h('time', { attrs: { datetime: item.createdAt } }, localTime(item.createdAt))),
    cell('Question', h('a', { attrs: { href: `/audit/${encodeURIComponent(item.id)}` } }, shorten(item.question, 160) || '(empty question)')),
    cell('Answer', item.abstained ? h('span', { class: 'muted' }, 'Not in the article') : shorten(item.answer, 200)),
    cell('Support', h('span', { class: `badge support-${item.support}` }, SUPPORT_TEXT[item.support] ?? item.support)),
    cell('Quotes', quotes),
    cell('Feedback', item.rating ? h('span', { class: `rating-${item.rating}` }, item.rating === 'up' ? '👍 good' : '👎 bad') : h('span', { class: 'muted' }, '—')),
  );
}

/**
 * The audit table: recorded answers newest first, filtered by the form and paged with the
 * server's cursor. The filters live in the page's query string, so a filtered view can be
 * bookmarked, shared, and survives the back button from a record.
 */
export function renderList(root: HTMLElement): void {
  let filters = readFilters(new URLSearchParams(location.search));
  let cursor: string | null = null;
  let shown = 0;
  // A response that arrives after the filters changed again belongs to an old question.
  let generation = 0;

  const form = filterForm(filters);
  const status = h('div', { class: 'audit-status', testid: 'audit-status', attrs: { role: 'status' } });
  const body = h('tbody');
  const table = h(
    'table',
    { class: 'audit-table', testid: 'audit-table' },
    h('caption', { class: 'visually-hidden' }, 'Recorded answers, newest first'),
    h('thead', {}, h('tr', {}, ...['When', 'Question', 'Answer', 'Support', 'Quotes', 'Feedback'].map((t) => h('th', { attrs: { scope: 'col' } }, t)))),
    body,
  );
  const more = h('button', { testid: 'load-more', attrs: { type: 'button' } }, 'Load more');
  more.hidden = true;

  async function load(reset: boolean): Promise<void> {
    const mine = ++generation;
    if (reset) {
      cursor = null;
      shown = 0;
      clear(body);
    }
    more.disabled = true;
    status.textContent = 'Loading…';
    try {
      const page = await listAnswers(apiQuery(filters, cursor, PAGE_SIZE));
      if (mine !== generation) return;
      body.append(...page.items.map(row));
      shown += page.items.length;
      cursor = page.nextCursor;
      more.hidden = cursor === null;
      status.textContent =
        shown === 0
          ? isFiltered(filters) ? 'No recorded answers match these filters.' : 'No answers have been recorded yet.'
          : `${shown} answer${shown === 1 ? '' : 's'} shown${cursor ? '; there are more' : ''}.`;
    } catch (error) {
      if (mine !== generation) return;
      status.textContent = '';
      if (needsKey(error)) {
        const prompt = keyPrompt('audit', () => void load(cursor === null));
        status.append(prompt);
        prompt.querySelector('input')?.focus();
        return;
      }
      status.append(
        h('span', { class: 'error', attrs: { role: 'alert' } },
          error instanceof AuditApiError && error.code === 'audit_disabled'
            ? 'The audit trail is off on this server, so no answers are recorded.'
            : error instanceof Error ? error.message : 'The audit trail could not be loaded.'),
      );
    } finally {
      if (mine === generation) more.disabled = false;
    }
  }

  function apply(next: AuditFilters): void {
    filters = next;
    const query = pageQuery(filters).toString();
    history.replaceState(null, '', query ? `/audit?${query}` : '/audit');
    void load(true);
  }

  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const entries = new URLSearchParams();
    for (const [name, value] of new FormData(form)) if (typeof value === 'string') entries.append(name, value);
    apply(readFilters(entries));
  });
  // A native reset empties the fields but not the results; follow it with the unfiltered list.
  form.addEventListener('reset', () => setTimeout(() => apply({ ...NO_FILTERS })));
  more.addEventListener('click', () => void load(false));

  root.append(
    h('h2', {}, 'Recorded answers'),
    form,
    status,
    h('div', { class: 'audit-table-wrap' }, table),
    more,
  );
  void load(true);
}
