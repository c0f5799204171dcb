import { h } from '../dom';
import type { ArticleDocument, Citation } from '../types';

/** A quoted span of a document, `[start, end)`, with its citation number. */
export interface QuoteSpan {
  n: number;
  start: number;
  end: number;
}

/** `[start, end)` of every paragraph of `text`: the runs between blank lines, blank ones skipped. */
export function paragraphRanges(text: string): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  let start = 0;
  for (const gap of text.matchAll(/\n\s*\n/g)) {
    const end = gap.index ?? 0;
    if (text.slice(start, end).trim()) ranges.push([start, end]);
    start = end + gap[0].length;
  }
  if (text.slice(start).trim()) ranges.push([start, text.length]);
  return ranges;
}

/**
 * `[from, to)` cut at every span boundary, each piece with the numbers of the spans covering it
 * (ascending). Overlapping quotes (two citations of the same sentence, say) then mark the shared
 * text once, naming both, instead of nesting `<mark>`s.
 */
export function segments(from: number, to: number, spans: readonly QuoteSpan[]): Array<{ start: number; end: number; ns: number[] }> {
  const cuts = new Set([from, to]);
  for (const s of spans) for (const at of [s.start, s.end]) if (at > from && at < to) cuts.add(at);
  const points = [...cuts].sort((a, b) => a - b);
  const out: Array<{ start: number; end: number; ns: number[] }> = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const start = points[i]!;
    const end = points[i + 1]!;
    const ns = spans.filter((s) => s.start <= start && s.end >= end).map((s) => s.n).sort((a, b) => a - b);
    out.push({ start, end, ns: [...new Set(ns)] });
  }
  return out;
}

/** One paragraph with its quoted spans in `<mark data-n="…">`, each quote's number shown where it starts. */
function paragraph(text: string, [from, to]: [number, number], spans: readonly QuoteSpan[]): HTMLElement {
  const p = h('p');
  for (const seg of segments(from, to, spans)) {
    const piece = text.slice(seg.start, seg.end);
    if (seg.ns.length === 0) {
      p.append(piece);
      continue;
    }
    for (const s of spans) if (s.start === seg.start) p.append(h('span', { class: 'quote-n' }, `[${s.n}]`));
    p.append(h('mark', { attrs: { 'data-n': seg.ns.join(' '), title: `Quote ${seg.ns.map((n) => `[${n}]`).join(' ')}` } }, piece));
  }
  return p;
}

/** Citations whose stored offsets still hold the quote in `doc`; the rest cannot be shown in place. */
export function placeable(doc: ArticleDocument, citations: readonly Citation[]): { spans: QuoteSpan[]; misplaced: Citation[] } {
  const spans: QuoteSpan[] = [];
  const misplaced: Citation[] = [];
  for (const c of citations) {
    if (c.documentId !== doc.id || c.start < 0) continue;
    if (doc.text.slice(c.start, c.end) === c.quote && c.quote.length > 0) spans.push({ n: c.n, start: c.start, end: c.end });
    else misplaced.push(c);
  }
  return { spans, misplaced };
}

/**
 * The paragraphs of `doc` that hold a cited quote, each quote marked, with "…" where paragraphs
 * in between are skipped. The document text is only ever set as text.
 */
export function quotedParagraphs(doc: ArticleDocument, spans: readonly QuoteSpan[]): HTMLElement {
  const container = h('div', { class: 'source-text audit-article', testid: 'record-article' });
  const ranges = paragraphRanges(doc.text);
  let previous = -1;
  ranges.forEach((range, i) => {
    const inside = spans.filter((s) => s.start < range[1] && s.end > range[0]);
    if (inside.length === 0) return;
    if (previous >= 0 && i > previous + 1) container.append(h('p', { class: 'gap muted', attrs: { 'aria-label': 'paragraphs skipped' } }, '…'));
    container.append(paragraph(doc.text, range, inside));
    previous = i;
  });
  return container;
}
