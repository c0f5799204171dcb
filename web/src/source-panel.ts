import { fetchDocument } from './api';
import { byId, clear, h } from './dom';
import type { ArticleDocument, Citation } from './types';

/** Text of `doc` from `from` to `to`, with [markStart, markEnd) wrapped in a <mark>. */
function withMark(doc: ArticleDocument, from: number, to: number, markStart: number, markEnd: number): HTMLElement {
  const container = h('div', { class: 'source-text' });
  const paragraphs = doc.text.slice(from, to).split(/\n\s*\n/);
  let offset = from;
  for (const paragraph of paragraphs) {
    const start = doc.text.indexOf(paragraph, offset);
    const end = start + paragraph.length;
    offset = end;
    const p = h('p');
    const a = Math.max(start, markStart);
    const b = Math.min(end, markEnd);
    if (a < b) {
      p.append(doc.text.slice(start, a), h('mark', {}, doc.text.slice(a, b)), doc.text.slice(b, end));
    } else {
      p.append(paragraph);
    }
    container.append(p);
  }
  return container;
}

/** The paragraph holding `at`: the span between the blank lines around it. */
function paragraphAround(text: string, at: number): [number, number] {
  const before = text.lastIndexOf('\n\n', at);
  const after = text.indexOf('\n\n', at);
  return [before < 0 ? 0 : before + 2, after < 0 ? text.length : after];
}

/**
 * The side panel that shows where a quote stands: its paragraph with the exact quote in a
 * <mark>, the notes it cites, and the whole article on request, scrolled to the quote.
 */
export class SourcePanel {
  private readonly panel = byId<HTMLElement>('source-panel');
  private readonly content = byId<HTMLElement>('source-content');
  private returnFocus: HTMLElement | null = null;
  private request = 0;

  constructor() {
    byId('close-source').addEventListener('click', () => this.close());
    document.addEventListener('keydown', (e) => {
      if (e.key === 'Escape' && !this.panel.hidden) this.close();
    });
  }

  async open(citation: Citation, opener: HTMLElement): Promise<void> {
    this.returnFocus = opener;
    const request = ++this.request;
    this.panel.hidden = false;
    document.body.classList.add('panel-open');
    clear(this.content);
    const heading = h('h2', { attrs: { tabindex: '-1' } }, `Source [${citation.n}]`);
    this.content.append(heading);
    heading.focus();
    if (!citation.verified || citation.start < 0) {
      this.content.append(
        h('p', { class: 'flag' }, 'This quote was not found in the article. The model may have misquoted or invented it.'),
        h('blockquote', {}, citation.quote),
      );
      return;
    }
    this.content.append(h('p', { class: 'muted' }, 'Loading the article…'));
    let doc: ArticleDocument;
    try {
      doc = await fetchDocument(citation.documentId);
    } catch (error) {
      if (request !== this.request) return;
      this.content.lastElementChild?.remove();
      this.content.append(h('p', { class: 'error', attrs: { role: 'alert' } }, error instanceof Error ? error.message : 'The article could not be loaded.'));
      return;
    }
    if (request !== this.request) return;
    this.content.lastElementChild?.remove();
    const [from, to] = paragraphAround(doc.text, citation.start);
    this.content.append(
      h('p', { class: 'muted' }, `${doc.title} · paragraph ${citation.paragraph} · characters ${citation.start}–${citation.end}`),
      withMark(doc, from, to, citation.start, citation.end),
    );
    if (citation.notes.length > 0) {
      this.content.append(
        h('h3', {}, 'Notes cited'),
        h('ol', { class: 'notes' }, ...citation.notes.map((note) => h('li', { attrs: { value: String(note.n) } }, note.text))),
      );
    }
    const read = h('button', { class: 'link', testid: 'read-article', attrs: { type: 'button' } }, 'Read the whole article');
    read.addEventListener('click', () => this.showWhole(doc, citation, read));
    this.content.append(read);
  }

  private showWhole(doc: ArticleDocument, citation: Citation, button: HTMLElement): void {
    const whole = withMark(doc, 0, doc.text.length, citation.start, citation.end);
    whole.classList.add('whole');
    button.replaceWith(h('h3', {}, doc.title), whole);
    whole.querySelector('mark')?.scrollIntoView({ block: 'center' });
  }

  close(): void {
    this.request++;
    this.panel.hidden = true;
    document.body.classList.remove('panel-open');
    this.returnFocus?.focus();
    this.returnFocus = null;
  }
}
