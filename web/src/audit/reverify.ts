import { h } from '../dom';
import type { Citation } from '../types';
import { needsKey, verifyAnswer } from './api';
import { localTime, VERIFY_TEXT } from './format';
import { keyPrompt } from './key-form';
import type { AuditEntry, VerifyResult } from './types';

type Check = VerifyResult['results'][number];

function where(check: Check, recorded: Citation | undefined): string {
  if (check.reason === 'verbatim') return `at characters ${check.start}–${check.end}`;
  if (check.reason === 'moved') return `now at characters ${check.start}–${check.end}${recorded ? ` (recorded at ${recorded.start}–${recorded.end})` : ''}`;
  return recorded && recorded.start >= 0 ? `(recorded at characters ${recorded.start}–${recorded.end})` : '';
}

function resultItem(check: Check, recorded: Citation | undefined): HTMLElement {
  const ok = check.reason === 'verbatim' || check.reason === 'moved';
  return h(
    'li',
    { class: ok ? '' : 'unverified', testid: 'verify-result', attrs: { 'data-n': String(check.n), 'data-reason': check.reason } },
    h('span', { class: 'source-n' }, `[${check.n}]`),
    ' ',
    h('strong', { class: `verdict verdict-${check.reason}` }, VERIFY_TEXT[check.reason] ?? check.reason),
    ' ',
    where(check, recorded),
    check.documentId ? h('span', { class: 'muted' }, ` · ${check.documentId}`) : null,
    check.hint ? h('span', { class: 'muted' }, ` · ${check.hint}`) : null,
  );
}

/** Whether each cited document is still the text the answer was made from, by checksum. */
function documentNotes(entry: AuditEntry, result: VerifyResult): HTMLElement[] {
  return Object.entries(result.documents ?? {}).map(([id, { checksum }]) => {
    const then = entry.documentChecksums[id];
    if (then === undefined) return h('p', { class: 'muted' }, `${id}: no checksum was recorded with the answer.`);
    return then === checksum
      ? h('p', { class: 'muted', testid: 'document-unchanged' }, `${id}: unchanged since the answer (same checksum).`)
      : h('p', { class: 'flag', testid: 'document-changed' }, `${id}: changed since the answer (checksum was ${then}, now ${checksum}).`);
  });
}

function markerNote(label: string, ns: number[]): HTMLElement | null {
  return ns.length === 0 ? null : h('p', { class: 'flag' }, `${label}: ${ns.map((n) => `[${n}]`).join(', ')}`);
}

/**
 * "Re-verify now": posts the stored answer and its citations to `/api/verify`, which checks every
 * quote against the documents as the server has them today, and lists each verdict with offsets.
 */
export function reverifySection(entry: AuditEntry): HTMLElement {
  const button = h('button', { class: 'primary', testid: 'reverify', attrs: { type: 'button' } }, 'Re-verify now');
  const output = h('div', { class: 'verify-output', testid: 'verify-output', attrs: { 'aria-live': 'polite' } });

  button.addEventListener('click', async () => {
    button.disabled = true;
    output.textContent = 'Checking the quotes against the article…';
    try {
      const result = await verifyAnswer(entry);
      const recorded = new Map(entry.citations.map((c) => [c.n, c]));
      output.textContent = '';
      output.append(
        h('p', { class: 'muted' }, `Checked at ${localTime(new Date().toISOString())}.`),
        result.results.length === 0
          ? h('p', {}, 'The answer has no quotes to check.')
          : h('ol', { class: 'sources verify-results' }, ...result.results.map((check) => resultItem(check, recorded.get(check.n)))),
        markerNote('Markers in the answer without a citation', result.markersWithoutCitation) ?? '',
        markerNote('Citations without a marker in the answer', result.citationsWithoutMarker) ?? '',
        ...documentNotes(entry, result),
      );
    } catch (error) {
      output.textContent = '';
      if (needsKey(error)) output.append(keyPrompt('api', () => button.click()));
      else output.append(h('p', { class: 'error', attrs: { role: 'alert' } }, error instanceof Error ? error.message : 'The quotes could not be re-verified.'));
    } finally {
      button.disabled = false;
    }
  });

  return h(
    'section',
    { class: 'audit-section', attrs: { 'aria-labelledby': 'reverify-heading' } },
    h('h3', { attrs: { id: 'reverify-heading' } }, 'Re-verify'),
    h('p', { class: 'muted' }, 'Checks every quote against the article as the server has it now: verbatim (where it was), moved (elsewhere in the article) or gone.'),
    button,
    output,
  );
}
