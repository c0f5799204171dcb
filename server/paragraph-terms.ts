import type { SourceDocument } from '../ingest/documents.js';
import { terms } from '../ingest/tokenize.js';
import { withoutFalseOrdinals } from './question-shape.js';

/** A paragraph's terms, in the two forms the answer checks read. */
export interface ParagraphTerms {
  /** Every term in order: names of several words are looked for as runs. */
  list: readonly string[];
  /**
   * The terms with false ordinals left out ("in the first place"): a year or ordinal in the
   * question may be stated once per paragraph, and the paragraph must name what the question names.
   */
  anchors: ReadonlySet<string>;
}

/** Paragraphs remembered between questions. */
const REMEMBERED = 50_000;

/** The terms of paragraphs, each tokenised once (twice only when it holds a false ordinal) and remembered. */
export class ParagraphTermCache {
  private readonly found = new Map<string, ParagraphTerms>();

  /** Paragraph `n` of `doc`; empty for a paragraph the document does not have. */
  of(doc: SourceDocument, n: number): ParagraphTerms {
    const key = `${doc.id}:${n}`;
    let found = this.found.get(key);
    if (!found) {
      const p = doc.paragraphs.find((x) => x.n === n);
      const text = p ? doc.text.slice(p.start, p.end) : '';
      const list = terms(text);
      const blanked = withoutFalseOrdinals(text);
      found = { list, anchors: new Set(blanked === text ? list : terms(blanked)) };
      if (this.found.size >= REMEMBERED) this.found.delete(this.found.keys().next().value!);
      this.found.set(key, found);
    }
    return found;
  }
}
