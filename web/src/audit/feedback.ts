import { h } from '../dom';
import type { Citation } from '../types';
import { rateAnswer, rateCitation } from './api';
import { localTime } from './format';
import type { AnswerFeedback, CitationFeedback, Rating } from './types';

const RATING_TEXT: Record<Rating, string> = { up: '👍 good answer', down: '👎 bad answer' };

function failed(status: HTMLElement, error: unknown): void {
  status.textContent = error instanceof Error ? error.message : 'The feedback could not be saved.';
  status.classList.add('flag');
}

/** 👍/👎 on the whole answer, with an optional comment; shows what is stored and replaces it on a new vote. */
export function answerFeedback(id: string, stored: AnswerFeedback | null): HTMLElement {
  const comment = h('textarea', { testid: 'feedback-comment', attrs: { id: 'feedback-comment', rows: '2', maxlength: '2000' } });
  const status = h('p', { class: 'feedback-status', testid: 'feedback-status', attrs: { role: 'status' } });
  const buttons = (['up', 'down'] as const).map((rating) =>
    h(
      'button',
      { class: 'vote', testid: `feedback-${rating}`, attrs: { type: 'button', 'aria-pressed': 'false' } },
      h('span', { attrs: { 'aria-hidden': 'true' } }, rating === 'up' ? '👍 ' : '👎 '),
      rating === 'up' ? 'Good' : 'Bad',
    ),
  );

  function show(feedback: AnswerFeedback | null): void {
    for (const [i, b] of buttons.entries()) b.setAttribute('aria-pressed', String(feedback?.rating === (i === 0 ? 'up' : 'down')));
    status.classList.remove('flag');
    status.textContent = feedback
      ? `Saved: ${RATING_TEXT[feedback.rating]} at ${localTime(feedback.at)}${feedback.comment ? ` — “${feedback.comment}”` : ''}`
      : 'No feedback yet.';
  }

  for (const [i, button] of buttons.entries()) {
    const rating: Rating = i === 0 ? 'up' : 'down';
    button.addEventListener('click', async () => {
      for (const b of buttons) b.disabled = true;
      status.textContent = 'Saving…';
      try {
        const { feedback } = await rateAnswer(id, rating, comment.value.trim());
        comment.value = '';
        show(feedback);
      } catch (error) {
        failed(status, error);
      } finally {
        for (const b of buttons) b.disabled = false;
      }
    });
  }
  show(stored);
  return h(
    'div',
    { class: 'answer-feedback', testid: 'answer-feedback' },
    h('label', { attrs: { for: 'feedback-comment' } }, 'Comment (optional)'),
    comment,
    h('div', { class: 'votes' }, h('span', {}, 'Is this answer right?'), ...buttons),
    status,
  );
}

/**
 * "This quote does not support the claim" for one citation: the button opens a short form for
 * an optional reason; once flagged, the flag can be taken back ("it does support the claim").
 */
export function citationFeedback(id: string, citation: Citation, stored: CitationFeedback | undefined): HTMLElement {
  const el = h('div', { class: 'citation-feedback', testid: 'citation-feedback', attrs: { 'data-n': String(citation.n) } });
  const status = h('p', { class: 'feedback-status', attrs: { role: 'status' } });
  const formId = `citation-${citation.n}-flag`;
  const toggle = h('button', { class: 'link', testid: 'citation-flag', attrs: { type: 'button', 'aria-expanded': 'false', 'aria-controls': formId } }, 'This quote does not support the claim');
  const undo = h('button', { class: 'link', testid: 'citation-unflag', attrs: { type: 'button' } }, 'It does support the claim');
  const reason = h('input', { attrs: { type: 'text', maxlength: '2000', id: `${formId}-comment` } });
  const send = h('button', { testid: 'citation-flag-send', attrs: { type: 'submit' } }, 'Flag the quote');
  const cancel = h('button', { attrs: { type: 'button' } }, 'Cancel');
  const form = h('form', { class: 'flag-form', attrs: { id: formId } },
    h('label', { attrs: { for: `${formId}-comment` } }, 'Why not? (optional)'), reason, send, cancel);
  form.hidden = true;

  function open(yes: boolean): void {
    form.hidden = !yes;
    toggle.setAttribute('aria-expanded', String(yes));
    if (yes) reason.focus();
  }

  function show(feedback: CitationFeedback | undefined): void {
    const flagged = feedback?.supports === false;
    el.dataset.flagged = String(flagged);
    toggle.hidden = flagged;
    undo.hidden = !flagged;
    status.classList.remove('flag');
    status.textContent = !feedback
      ? ''
      : flagged
        ? `Flagged at ${localTime(feedback.at)}: this quote does not support the claim${feedback.comment ? ` — “${feedback.comment}”` : ''}.`
        : `Marked at ${localTime(feedback.at)} as supporting the claim.`;
  }

  async function save(supports: boolean): Promise<void> {
    send.disabled = undo.disabled = true;
    let saved = false;
    try {
      const { feedback } = await rateCitation(id, citation.n, supports, supports ? '' : reason.value.trim());
      reason.value = '';
      open(false);
      show(feedback);
      saved = true;
    } catch (error) {
      failed(status, error);
    } finally {
      send.disabled = undo.disabled = false;
    }
    // Focus follows the control that replaced the one just used (a disabled button cannot take it).
    if (saved) (supports ? toggle : undo).focus();
  }

  toggle.addEventListener('click', () => open(form.hidden));
  cancel.addEventListener('click', () => {
    open(false);
    toggle.focus();
  });
  form.addEventListener('keydown', (e) => {
    if (e.key === 'Escape') cancel.click();
  });
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    void save(false);
  });
  undo.addEventListener('click', () => void save(true));
  show(stored);
  el.append(toggle, undo, form, status);
  return el;
}
