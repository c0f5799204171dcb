import { describe, expect, it } from 'vitest';
import { parseDocument } from '../../ingest/documents.js';
import { windowStatsOf, windowTerms } from '../../ingest/sentence-windows.js';
import { sentencesWithin } from '../../ingest/sentences.js';
import { terms } from '../../ingest/tokenize.js';

const doc = parseDocument(
  'windows.txt',
  ['Windows', '', 'Russia joined the forum in 1994. The forum meets every year. Vietnam hosted it in 2010.', '', 'Trade grew quickly.'].join('\n'),
);
const [, first, second] = doc.paragraphs;
const passage = (p: { start: number; end: number }, i: number) => ({ id: `windows:${i}`, documentId: doc.id, index: i, start: p.start, end: p.end, text: doc.text.slice(p.start, p.end), paragraphs: [1, 1] as [number, number], notes: [] });

describe('windows of adjacent sentences', () => {
  it('finds the sentences inside a passage, and only those', () => {
    const inside = sentencesWithin(doc.sentences, first!);
    expect(inside.map((s) => doc.text.slice(s.start, s.end))).toEqual(['Russia joined the forum in 1994.', 'The forum meets every year.', 'Vietnam hosted it in 2010.']);
    expect(sentencesWithin(doc.sentences, { start: first!.end, end: first!.end })).toEqual([]);
  });

  it('pairs each sentence with the next inside a passage, and makes one window of a passage of one sentence', () => {
    expect(windowTerms(doc, first!)).toEqual([terms('Russia joined the forum in 1994. The forum meets every year.'), terms('The forum meets every year. Vietnam hosted it in 2010.')]);
    expect(windowTerms(doc, second!)).toEqual([terms('Trade grew quickly.')]);
  });

  it('counts in how many windows each term stands, and their mean length', () => {
    const stats = windowStatsOf([passage(first!, 0), passage(second!, 1)], new Map([[doc.id, doc]]));

    expect(stats.windows).toBe(3);
    expect(stats.documentFrequency['forum']).toBe(2);
    expect(stats.documentFrequency['vietnam']).toBe(1);
    expect(stats.documentFrequency['trade']).toBe(1);
    const lengths = [...windowTerms(doc, first!), ...windowTerms(doc, second!)].map((w) => w.length);
    expect(stats.averageLength).toBeCloseTo((lengths[0]! + lengths[1]! + lengths[2]!) / 3, 10);
  });
});
