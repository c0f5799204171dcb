import { fetchDocument } from '../api';
import { clear, h } from '../dom';
import type { Citation } from '../types';
import { AuditApiError, getAnswer, needsKey } from './api';
import { placeable, quotedParagraphs } from './article-quotes';
import { answerFeedback, citationFeedback } from './feedback';
import { localTime, milliseconds, percent, shorten, STORED_REASON_TEXT, SUPPORT_TEXT } from './format';
import { keyPrompt } from './key-form';
import { passagesTable } from './passages-table';
import { reverifySection } from './reverify';
import type { AuditEntry } from './types';

function section(id: string, title: string, ...children: Array<Node | string | null>): HTMLElement {
  return h('section', { class: 'audit-section', attrs: { 'aria-labelledby': id } }, h('h3', { attrs: { id } }, title), ...children);
}

function facts(rows: Array<[string, Node | string]>): HTMLElement {
  return h('dl', { class: 'facts' }, ...rows.flatMap(([term, value]) => [h('dt', {}, term), h('dd', {}, value)]));
}

function questionSection(entry: AuditEntry): HTMLElement {
  const before = entry.history.length === 0
    ? null
    : h('div', {},
        h('h4', {}, 'Conversation before it'),
        h('ol', { class: 'history', testid: 'record-history' },
          ...entry.history.map((t) => h('li', { class: `history-${t.role}` }, h('span', { class: 'role' }, t.role === 'user' ? 'Asked: ' : 'Answered: '), t.content)),
        ),
      );
  const same = entry.standaloneQuestion === entry.question;
  return section('question-heading', 'Question',
    before,
    h('p', { class: 'question record-question', testid: 'record-question' }, entry.question),
    h('p', { class: 'searched', testid: 'record-standalone' },
      h('span', { class: 'muted' }, 'Searched as: '), entry.standaloneQuestion, same ? h('span', { class: 'muted' }, ' (as asked)') : null),
  );
}

/** The answer text with each `[n]` that has a citation as a link to that citation below. */
function answerText(entry: AuditEntry): HTMLElement {
  const p = h('p', { class: 'answer-text' });
  const cited = new Set(entry.citations.map((c) => c.n));
  let last = 0;
  for (const m of entry.answer.matchAll(/\[(\d+)\]/g)) {
    if (!cited.has(Number(m[1]))) continue;
    p.append(entry.answer.slice(last, m.index), h('a', { class: 'chip', attrs: { href: `#citation-${m[1]}`, 'aria-label': `Citation ${m[1]}` } }, m[1] ?? ''));
    last = (m.index ?? 0) + m[0].length;
  }
  p.append(entry.answer.slice(last));
  return p;
}

function answerSection(entry: AuditEntry): HTMLElement {
  const badges = h('div', { class: 'answer-footer' },
    h('span', { class: `badge support-${entry.support}`, testid: 'record-support' }, SUPPORT_TEXT[entry.support] ?? entry.support),
    h('span', { class: 'badge', testid: 'record-groundedness' }, `${percent(entry.groundedness)} grounded`),
    h('span', { class: 'badge' }, entry.mode === 'llm' ? `written by ${entry.model ?? 'a language model'}` : 'quoted directly (extractive)'),
    entry.fallbackReason ? h('span', { class: 'badge flag' }, `model not used: ${entry.fallbackReason}`) : null,
  );
  return section('answer-heading', 'Answer',
    h('article', { class: `answer done${entry.abstained ? ' abstained' : ''}`, testid: 'record-answer', attrs: { 'data-abstained': String(entry.abstained), 'data-support': entry.support } },
      entry.abstained ? h('div', { class: 'abstained-label' }, 'Not in the article') : null,
      answerText(entry),
      badges,
    ),
    answerFeedback(entry.id, entry.feedback),
  );
}

function citationItem(entry: AuditEntry, c: Citation): HTMLElement {
  const stored = c.verified
    ? h('span', { class: 'badge', testid: 'citation-verification' }, c.reason === 'other-passage' ? 'verified (found in another passage)' : 'verified')
    : h('span', { class: 'badge flag', testid: 'citation-verification' }, `unverified: ${STORED_REASON_TEXT[c.reason ?? ''] ?? c.reason ?? 'not found'}`);
  return h(
    'li',
    { class: c.verified ? '' : 'unverified', testid: 'record-citation', attrs: { id: `citation-${c.n}`, 'data-n': String(c.n), tabindex: '-1' } },
    h('div', {}, h('span', { class: 'source-n' }, `[${c.n}]`), ' ', h('q', {}, c.quote)),
    h('div', { class: 'citation-meta' },
      stored,
      ' ',
      c.start >= 0 ? `${c.documentId} · ¶ ${c.paragraph} · characters ${c.start}–${c.end}` : `${c.documentId || 'no document'} · not located`,
      ` · passage ${c.passageId || '—'}`,
    ),
    c.notes.length > 0 ? h('ol', { class: 'notes' }, ...c.notes.map((note) => h('li', { attrs: { value: String(note.n) } }, note.text))) : null,
    citationFeedback(entry.id, c, entry.citationFeedback.find((f) => f.n === c.n)),
  );
}

function citationsSection(entry: AuditEntry): HTMLElement {
  return section('citations-heading', 'Citations',
    entry.citations.length === 0
      ? h('p', { class: 'muted' }, 'The answer quotes nothing.')
      : h('ol', { class: 'record-citations' }, ...entry.citations.map((c) => citationItem(entry, c))),
  );
}

/** One document's quoted paragraphs in `block`, or why they cannot be shown. */
async function showDocument(block: HTMLElement, documentId: string, located: readonly Citation[]): Promise<void> {
  clear(block);
  block.append(h('p', { class: 'muted' }, `Loading ${documentId}…`));
  try {
    const doc = await fetchDocument(documentId);
    const { spans, misplaced } = placeable(doc, located);
    clear(block);
    block.append(h('h4', {}, doc.title));
    if (spans.length > 0) block.append(quotedParagraphs(doc, spans));
    for (const c of misplaced) {
      block.append(h('p', { class: 'flag' }, `[${c.n}] is no longer at characters ${c.start}–${c.end} of ${doc.id}: the document has changed since. Re-verify to find where it is now.`));
    }
  } catch (error) {
    clear(block);
    if (needsKey(error)) block.append(keyPrompt('api', () => void showDocument(block, documentId, located)));
    else block.append(h('p', { class: 'error', attrs: { role: 'alert' } }, error instanceof Error ? error.message : `${documentId} could not be loaded.`));
  }
}

/** Each cited document's quoted paragraphs, loaded from `/api/documents/:id`, quotes marked in place. */
function articleSection(entry: AuditEntry): HTMLElement {
  const body = h('div', {});
  const located = entry.citations.filter((c) => c.start >= 0 && c.documentId);
  const unlocated = entry.citations.filter((c) => !(c.start >= 0 && c.documentId));
  const documentIds = [...new Set(located.map((c) => c.documentId))];
  if (located.length === 0) body.append(h('p', { class: 'muted' }, 'No quote of this answer was located in the article.'));
  for (const documentId of documentIds) {
    const block = h('div', { class: 'audit-document' });
    body.append(block);
    void showDocument(block, documentId, located);
  }
  if (unlocated.length > 0) {
    body.append(h('p', { class: 'flag' }, `Not located in the article when answered: ${unlocated.map((c) => `[${c.n}]`).join(', ')}.`));
  }
  return section('article-heading', 'Quotes in the article', body);
}

function provenanceSection(entry: AuditEntry): HTMLElement {
  const checksums = h('ul', { class: 'checksums', testid: 'record-checksums' },
    ...Object.entries(entry.documentChecksums).map(([doc, sum]) => h('li', {}, h('span', {}, `${doc}: `), h('code', {}, sum))));
  return section('provenance-heading', 'How it was made',
    facts([
      ['Mode', entry.mode],
      ['Model', entry.model ?? 'none (extractive)'],
      ['Model not used because', entry.fallbackReason ?? '—'],
      ['Embedder', entry.embedder],
      ['Asked through', entry.origin],
      ['API key', entry.apiKeyId ?? '—'],
      ['Timings', `retrieve ${milliseconds(entry.timings.retrieveMs)} · answer ${milliseconds(entry.timings.answerMs)} · total ${milliseconds(entry.timings.totalMs)}`],
      ['Index checksum', h('code', {}, entry.manifestChecksum)],
      ['Document checksums', checksums],
    ]),
  );
}

/** The record is written just after the answer is sent, so a link followed at once may beat it by a moment. */
async function loadEntry(id: string): Promise<AuditEntry> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await getAnswer(id);
    } catch (error) {
      if (!(error instanceof AuditApiError && error.code === 'answer_not_found') || attempt >= 4) throw error;
      await new Promise((resolve) => setTimeout(resolve, 250 * attempt));
    }
  }
}

/** Back to the list as it was filtered when the reader came from it. */
function listHref(): string {
  try {
    const from = new URL(document.referrer);
    if (from.origin === location.origin && from.pathname === '/audit') return `/audit${from.search}`;
  } catch {
    // No referrer, or not a URL.
  }
  return '/audit';
}

/** The audit record of one answer: what was asked and searched, answered and quoted, and how. */
export async function renderRecord(root: HTMLElement, id: string): Promise<void> {
  const status = h('div', { class: 'audit-status', attrs: { role: 'status' } }, 'Loading the recorded answer…');
  root.append(h('p', {}, h('a', { class: 'back', testid: 'back-to-list', attrs: { href: listHref() } }, '← All recorded answers')), status);
  let entry: AuditEntry;
  try {
    entry = await loadEntry(id);
  } catch (error) {
    status.textContent = '';
    if (needsKey(error)) {
      const prompt = keyPrompt('audit', () => {
        clear(root);
        void renderRecord(root, id);
      });
      status.append(prompt);
      prompt.querySelector('input')?.focus();
      return;
    }
    status.append(h('span', { class: 'error', attrs: { role: 'alert' } },
      error instanceof AuditApiError && error.code === 'audit_disabled'
        ? 'The audit trail is off on this server, so answers are not recorded.'
        : error instanceof Error ? error.message : 'The recorded answer could not be loaded.'));
    return;
  }
  status.remove();
  document.title = `Audit · ${shorten(entry.question, 60)}`;
  root.append(
    h('div', { class: 'audit-record', testid: 'audit-record', attrs: { 'data-id': entry.id } },
      h('h2', {}, 'Recorded answer'),
      h('p', { class: 'muted record-meta' },
        h('time', { attrs: { datetime: entry.createdAt } }, localTime(entry.createdAt)), ` · via ${entry.origin} · `, h('code', {}, entry.id)),
      questionSection(entry),
      answerSection(entry),
      articleSection(entry),
      citationsSection(entry),
      reverifySection(entry),
      section('retrieval-heading', 'Retrieval', h('p', { class: 'muted' }, `Passages found for “${entry.standaloneQuestion}”, best first.`), passagesTable(entry)),
      provenanceSection(entry),
    ),
  );
}
