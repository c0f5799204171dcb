import { apiKey, setApiKey } from '../api';
import { h } from '../dom';
import { auditKey, setAuditKey } from './api';

/** Which guard said 401: the audit routes (audit keys) or the rest of the API (API keys). */
export type KeyScope = 'audit' | 'api';

const WHAT: Record<KeyScope, string> = { audit: 'the audit trail', api: 'the article and the quote checks' };

/**
 * Asks for the key a 401 asked for, keeps it for this tab (sessionStorage, as the chat does), and
 * calls `retry`. The key goes into a password field and is never shown back. Call `focus()` on
 * the returned form's field once it is in the page.
 */
export function keyPrompt(scope: KeyScope, retry: () => void): HTMLElement {
  // The chat's API key is tried on the audit routes too, but only a key given here counts as "this key".
  const sent = scope === 'audit' ? auditKey() : apiKey();
  const id = `key-${scope}-${Math.random().toString(36).slice(2, 8)}`;
  const field = h('input', { testid: 'key-input', attrs: { id, type: 'password', autocomplete: 'off', required: '' } });
  const form = h(
    'form',
    { class: 'key-form error', testid: 'key-form', attrs: { role: 'alert', 'data-scope': scope } },
    h('label', { attrs: { for: id } }, sent ? `The server did not accept this key for ${WHAT[scope]}. Key:` : `The server needs a key for ${WHAT[scope]}. Key:`),
    field,
    h('button', { attrs: { type: 'submit' } }, 'Use key'),
  );
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const key = field.value.trim();
    if (!key) return;
    if (scope === 'audit') setAuditKey(key);
    else setApiKey(key);
    retry();
  });
  return form;
}
