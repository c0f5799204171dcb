import { describe, expect, it } from 'vitest';
import { Bm25Index } from '../../ingest/bm25.js';
import { parseDocument } from '../../ingest/documents.js';
import { Thesaurus } from '../../ingest/thesaurus.js';
import { NameRuns } from '../../server/name-runs.js';

/** NameRuns over a small corpus of three paragraphs, with the real BM25 index and thesaurus classes. */
const doc = parseDocument(
  'summits.txt',
  [
    'Summits',
    '',
    'Russia took part in the East Asia Summit for the first time in 2011.',
    '',
    'The summit of Southeast Asia and East Asian leaders met in Manila.',
    '',
    'Leaders of the EAS discussed security.',
  ].join('\n'),
);
const passages = doc.paragraphs.map((p, i) => ({ id: `summits:${i}`, documentId: doc.id, index: i, start: p.start, end: p.end, text: doc.text.slice(p.start, p.end), paragraphs: [p.n, p.n] as [number, number], notes: [] }));
const thesaurus = new Thesaurus({ version: 1, entries: {}, aliases: { eas: ['east', 'asia', 'summit'], east: ['eas'], asia: ['eas'], summit: ['eas'] } });
const runs = new NameRuns({ lexical: Bm25Index.build(passages), passagesById: new Map(passages.map((p) => [p.id, p])), thesaurus });
const paragraphSaying = (words: string) => doc.paragraphs.find((p) => doc.text.slice(p.start, p.end).includes(words))!.n;

describe('NameRuns', () => {
  const summit = ['east', 'asia', 'summit'];

  it('finds a name of several words in a paragraph that writes it whole', () => {
    expect(runs.missingFrom([summit], doc, paragraphSaying('took part'))).toEqual([]);
  });

  it('does not take the name’s words spread over a paragraph for the name', () => {
    expect(runs.missingFrom([summit], doc, paragraphSaying('Manila'))).toEqual([summit]);
  });

  it('finds the name by its acronym', () => {
    expect(runs.missingFrom([summit], doc, paragraphSaying('EAS'))).toEqual([]);
  });

  it('checks only names the corpus writes whole somewhere', () => {
    expect(runs.missingFrom([['pacific', 'rim']], doc, paragraphSaying('Manila'))).toEqual([]);
    expect(runs.missingFrom([['asia', 'leader']], doc, paragraphSaying('took part'))).toEqual([]);
  });

  it('finds a name by an acronym whose long form has its words with an ending ("Southeast Asia" → ASEAN, "…Southeast Asian Nations")', () => {
    const region = parseDocument(
      'region.txt',
      ['Region', '', 'Ports of Southeast Asia grew fast.', '', 'Russia holds advantages in its relations with ASEAN.', '', 'Russia met Southeast European and Asian states.'].join('\n'),
    );
    const parts = region.paragraphs.map((p, i) => ({ id: `region:${i}`, documentId: region.id, index: i, start: p.start, end: p.end, text: region.text.slice(p.start, p.end), paragraphs: [p.n, p.n] as [number, number], notes: [] }));
    const aliases = new Thesaurus({ version: 1, entries: {}, aliases: { asean: ['southeast', 'asian', 'nation'], southeast: ['asean'], asian: ['asean'], nation: ['asean'] } });
    const regionRuns = new NameRuns({ lexical: Bm25Index.build(parts), passagesById: new Map(parts.map((p) => [p.id, p])), thesaurus: aliases });
    const saying = (words: string) => region.paragraphs.find((p) => region.text.slice(p.start, p.end).includes(words))!.n;
    const southeastAsia = ['southeast', 'asia'];

    expect(regionRuns.missingFrom([southeastAsia], region, saying('ASEAN'))).toEqual([]);
    expect(regionRuns.missingFrom([southeastAsia], region, saying('European'))).toEqual([southeastAsia]);
  });
});
