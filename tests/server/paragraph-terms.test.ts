import { describe, expect, it } from 'vitest';
import { terms } from '../../ingest/tokenize.js';
import { ParagraphTermCache } from '../../server/paragraph-terms.js';
import { paragraphCorpus } from '../fixtures/small-corpus.js';

const { doc } = paragraphCorpus('ordinals.txt', 'Ordinals', [
  'Vietnam helped in the first place. Two-thirds of the delegates came from Hanoi.',
  'The first summit was held in Kuala Lumpur.',
]);
const [blanked, plain] = doc.paragraphs.slice(1);

describe('ParagraphTermCache', () => {
  const cache = new ParagraphTermCache();

  it('keeps every term in order, and leaves false ordinals out of the anchors', () => {
    const found = cache.of(doc, blanked!.n);
    expect(found.list).toEqual(terms(doc.text.slice(blanked!.start, blanked!.end)));
    expect(found.list).toEqual(expect.arrayContaining(['first', 'third']));
    expect(found.anchors.has('first')).toBe(false);
    expect(found.anchors.has('third')).toBe(false);
    expect(found.anchors.has('hanoi')).toBe(true);
  });

  it('has the same terms in both forms when a paragraph holds no false ordinal, and remembers them', () => {
    const found = cache.of(doc, plain!.n);
    expect([...found.anchors].sort()).toEqual([...new Set(found.list)].sort());
    expect(found.anchors.has('first')).toBe(true);
    expect(cache.of(doc, plain!.n)).toBe(found);
  });

  it('is empty for a paragraph the document does not have', () => {
    expect(cache.of(doc, 99)).toEqual({ list: [], anchors: new Set() });
  });
});
