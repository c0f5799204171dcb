import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ingest } from '../../ingest/ingest.js';
import type { AnswerRecord } from '../../server/answer-record.js';
import { createApp } from '../../server/app.js';
import type { Citation } from '../../server/citations.js';
import { loadAssistant } from '../../server/load-assistant.js';
import { NEAR_MISS_HINT, verifyAnswer, verifyCitation, type CitationClaim } from '../../server/verify.js';
import { ingestArticle } from '../fixtures/article-index.js';

const quiet = { info() {}, warn() {}, error() {} };
let dir: string;
let app: ReturnType<typeof createApp>;
let text: string;
let checksum: string;
/** A real answer from `POST /api/ask`, asked once and shared. */
let record: AnswerRecord;

const TRADE = 'What was the volume of trade between Russia and ASEAN in 2013?';

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'verify-'));
  const { vectorsDir, embeddings } = await ingestArticle(dir);
  const { assistant, index } = await loadAssistant({ vectorsDir, embeddings });
  app = createApp({ assistant, index, logger: quiet });
  const doc = index.documents.get('article')!;
  text = doc.text;
  checksum = doc.checksum;
  const ask = await request(app).post('/api/ask').send({ question: TRADE });
  expect(ask.status).toBe(200);
  record = ask.body as AnswerRecord;
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

function verify(body: unknown) {
  return request(app).post('/api/verify').send(body as object);
}

/** The real answer's citation that quotes the $17.5 billion figure. */
function tradeCitation(): Citation {
  const c = record.citations.find((x) => x.quote.includes('$17.5 billion'));
  if (!c) throw new Error(`the answer to "${TRADE}" no longer quotes $17.5 billion: ${record.answer}`);
  return c;
}

/** The real answer with one citation's quote replaced, as a tampered copy would arrive. */
function withQuote(quote: string): { answer: string; citations: Citation[] } {
  const target = tradeCitation();
  return { answer: record.answer, citations: record.citations.map((c) => (c === target ? { ...c, quote } : c)) };
}

function resultFor(body: { results: Array<{ n: number }> }, n: number) {
  return body.results.find((r) => r.n === n)!;
}

/** A claim built by hand, as another tool would send it. */
function claim(overrides: Partial<CitationClaim> = {}): CitationClaim {
  return { n: 1, documentId: 'article', quote: 'placeholder', start: -1, end: -1, ...overrides };
}

function occurrences(quote: string): number[] {
  const out: number[] = [];
  for (let at = text.indexOf(quote); at >= 0; at = text.indexOf(quote, at + 1)) out.push(at);
  return out;
}

describe('POST /api/verify', () => {
  it('verifies every citation of a real /api/ask answer as verbatim at its own offsets', async () => {
    expect(record.citations.length).toBeGreaterThan(0);
    const before = Date.now();
    const res = await verify({ answer: record.answer, citations: record.citations });
    expect(res.status).toBe(200);
    expect(res.body.results).toEqual(
      record.citations.map((c) => ({ n: c.n, documentId: 'article', verified: true, reason: 'verbatim', start: c.start, end: c.end, quote: c.quote })),
    );
    expect(res.body.markersWithoutCitation).toEqual([]);
    expect(res.body.citationsWithoutMarker).toEqual([]);
    expect(res.body.documents).toEqual({ article: { checksum } });
    expect(Date.parse(res.body.verifiedAt)).toBeGreaterThanOrEqual(before - 1000);
    expect(new Date(res.body.verifiedAt).toISOString()).toBe(res.body.verifiedAt);
  });

  it('accepts a whole /api/ask record posted back as it is', async () => {
    const res = await verify(record);
    expect(res.status).toBe(200);
    expect(res.body.results.map((r: { reason: string }) => r.reason)).toEqual(record.citations.map(() => 'verbatim'));
    expect(res.body.results[0]).not.toHaveProperty('passageId');
  });

  it('reports a quote with a changed figure as not-in-document, with no offsets and no hint', async () => {
    const tampered = tradeCitation().quote.replace('$17.5 billion', '$18.5 billion');
    const res = await verify(withQuote(tampered));
    expect(res.status).toBe(200);
    expect(resultFor(res.body, tradeCitation().n)).toEqual({
      n: tradeCitation().n,
      documentId: 'article',
      verified: false,
      reason: 'not-in-document',
      start: -1,
      end: -1,
      quote: tampered,
    });
  });

  it('reports a quote with an added word as not-in-document', async () => {
    const res = await verify(withQuote(tradeCitation().quote.replace('reached $17.5', 'reached almost $17.5')));
    expect(resultFor(res.body, tradeCitation().n)).toMatchObject({ verified: false, reason: 'not-in-document', start: -1, end: -1 });
  });

  it('reports a quote with a dropped word as not-in-document', async () => {
    const res = await verify(withQuote(tradeCitation().quote.replace('grown steadily since', 'grown since')));
    expect(resultFor(res.body, tradeCitation().n)).toMatchObject({ verified: false, reason: 'not-in-document' });
  });

  it('reports the right quote at the wrong offsets as moved, with the offsets where it is', async () => {
    const real = tradeCitation();
    const res = await verify({ answer: record.answer, citations: [{ ...real, start: 0, end: real.quote.length }] });
    expect(res.body.results[0]).toEqual({ n: real.n, documentId: 'article', verified: true, reason: 'moved', start: real.start, end: real.end, quote: real.quote });
    expect(text.slice(res.body.results[0].start, res.body.results[0].end)).toBe(real.quote);
  });

  it('moves a quote that occurs several times to the occurrence nearest the claimed start', async () => {
    const quote = 'Russia and ASEAN';
    const all = occurrences(quote);
    expect(all.length).toBeGreaterThan(3);
    const third = all[2]!;
    const res = await verify({ answer: '[1]', citations: [claim({ quote, start: third + 3, end: third + 3 + quote.length })] });
    expect(res.body.results[0]).toMatchObject({ reason: 'moved', start: third, end: third + quote.length });
  });

  it('reports a citation naming a document that does not exist as unknown-document', async () => {
    const real = tradeCitation();
    const res = await verify({ answer: record.answer, citations: [{ ...real, documentId: 'no-such-article' }] });
    expect(res.body.results[0]).toEqual({
      n: real.n,
      documentId: 'no-such-article',
      verified: false,
      reason: 'unknown-document',
      start: -1,
      end: -1,
      quote: real.quote,
    });
    expect(res.body.documents).toEqual({});
  });

  it('reports a marker without a citation and a citation without a marker', async () => {
    const real = tradeCitation();
    const res = await verify({
      answer: `${record.answer} Trade with China was far larger. [7]`,
      citations: [...record.citations, { ...real, n: 9 }],
    });
    expect(res.body.markersWithoutCitation).toEqual([7]);
    expect(res.body.citationsWithoutMarker).toEqual([9]);
  });

  it('reads [1, 2] as two markers and never asks a marker of an unmarked quote (n = 0)', async () => {
    const quote = 'reached $17.5 billion in 2013';
    const res = await verify({ answer: `Trade “${quote}” [1, 2].`, citations: [claim({ n: 1, quote }), claim({ n: 0, quote })] });
    expect(res.body.markersWithoutCitation).toEqual([2]);
    expect(res.body.citationsWithoutMarker).toEqual([]);
  });

  it('verifies a hand-written answer whose writer took offsets from GET /api/documents/:id', async () => {
    const doc = (await request(app).get('/api/documents/article')).body as { text: string };
    const summit = 'held on December 13, 2005 in Kuala Lumpur, Malaysia';
    const trade = 'reached $17.5 billion in 2013';
    const at = doc.text.indexOf(summit);
    const res = await verify({
      answer: `The first summit was “${summit}” [1], and trade “${trade}” [2].`,
      citations: [claim({ n: 1, quote: summit, start: at, end: at + summit.length }), claim({ n: 2, quote: trade })],
    });
    expect(res.status).toBe(200);
    expect(res.body.results).toEqual([
      { n: 1, documentId: 'article', verified: true, reason: 'verbatim', start: at, end: at + summit.length, quote: summit },
      { n: 2, documentId: 'article', verified: true, reason: 'moved', start: text.indexOf(trade), end: text.indexOf(trade) + trade.length, quote: trade },
    ]);
    expect(res.body.markersWithoutCitation).toEqual([]);
    expect(res.body.citationsWithoutMarker).toEqual([]);
  });

  it.each([
    ['straight instead of curly apostrophes', 'The Association\'s combined population totals more than 650 million'],
    ['straight instead of curly double quotes', 'defined itself as "a regional association" that would resolve issues'],
    ['doubled spaces', 'defined itself as  “a regional association”  that would resolve issues'],
    ['a different case', 'THE ASSOCIATION’S COMBINED POPULATION'],
  ])('refuses a quote that differs only by %s, with a hint saying so', async (_name, quote) => {
    const res = await verify({ answer: 'See [1].', citations: [claim({ quote })] });
    expect(res.body.results[0]).toEqual({
      n: 1,
      documentId: 'article',
      verified: false,
      reason: 'not-in-document',
      start: -1,
      end: -1,
      quote,
      hint: NEAR_MISS_HINT,
    });
  });

  it.each([
    ['no answer', { citations: [] }, /^answer: Required/],
    ['no body at all', undefined, /^answer: Required/],
    ['citations that are not an array', { answer: 'x', citations: 'none' }, /^citations: Expected array, received string/],
    ['a start offset sent as a string', { answer: 'x', citations: [{ ...claim(), start: '12' }] }, /^citations\[0\]\.start: Expected number, received string/],
    ['an offset below -1', { answer: 'x', citations: [claim({ end: -2 })] }, /^citations\[0\]\.end: /],
    ['a fractional marker number', { answer: 'x', citations: [claim({ n: 1.5 })] }, /^citations\[0\]\.n: /],
    ['an empty quote', { answer: 'x', citations: [claim({ quote: '' })] }, /^citations\[0\]\.quote: /],
    ['too many citations', { answer: 'x', citations: Array.from({ length: 101 }, () => claim()) }, /^citations: at most 100 citations/],
    ['an answer over 20000 characters', { answer: 'x'.repeat(20_001), citations: [] }, /^answer: /],
  ])('refuses %s with a 400 naming the field', async (_name, body, message) => {
    const res = await verify(body);
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('invalid_request');
    expect(res.body.error.message).toMatch(message);
  });

  it('refuses a body over the size limit with 413', async () => {
    const res = await verify({ answer: 'x', citations: [claim({ quote: 'y'.repeat(70_000) })] });
    expect(res.status).toBe(413);
    expect(res.body.error.code).toBe('payload_too_large');
  });

  it('answers GET with 405 and Allow: POST', async () => {
    const res = await request(app).get('/api/verify');
    expect(res.status).toBe(405);
    expect(res.headers.allow).toBe('POST');
  });
});

describe('verifyCitation', () => {
  const documents = new Map([['d', { text: 'abc def abc def', checksum: 'sum' }]]);

  it('does not read negative offsets from the end of the text, as slice would', () => {
    const both = new Map([['d', { text: 'def abc def', checksum: 'sum' }]]);
    // slice(-3, 11) and startsWith('def', -3) both "find" the quote; neither is where the claim points.
    expect(verifyCitation({ n: 1, documentId: 'd', quote: 'def', start: -3, end: 11 }, both)).toMatchObject({ reason: 'moved', start: 0, end: 3 });
    expect(verifyCitation({ n: 1, documentId: 'd', quote: 'def', start: -3, end: 0 }, both)).toMatchObject({ reason: 'moved', start: 0, end: 3 });
  });

  it('prefers the earlier occurrence when two are equally near the claimed start', () => {
    expect(verifyCitation({ n: 1, documentId: 'd', quote: 'def', start: 8, end: 11 }, documents)).toMatchObject({ reason: 'moved', start: 4, end: 7 });
  });

  it('never verifies an empty quote, which every offset would match', () => {
    expect(verifyCitation({ n: 1, documentId: 'd', quote: '', start: 3, end: 3 }, documents)).toMatchObject({ verified: false, reason: 'not-in-document' });
  });

  it('finds overlapping occurrences', () => {
    const overlapping = new Map([['d', { text: 'aaaa', checksum: 'sum' }]]);
    expect(verifyCitation({ n: 1, documentId: 'd', quote: 'aa', start: 3, end: 5 }, overlapping)).toMatchObject({ reason: 'moved', start: 2, end: 4 });
  });
});

describe('verifyAnswer', () => {
  it('stamps the time it is given and lists only the documents it consulted', () => {
    const documents = new Map([
      ['d', { text: 'abc def', checksum: 'sum-d' }],
      ['e', { text: 'xyz', checksum: 'sum-e' }],
    ]);
    const check = verifyAnswer({ answer: 'x [1]', citations: [{ n: 1, documentId: 'd', quote: 'def', start: 4, end: 7 }] }, documents, new Date(0));
    expect(check).toEqual({
      results: [{ n: 1, documentId: 'd', verified: true, reason: 'verbatim', start: 4, end: 7, quote: 'def' }],
      markersWithoutCitation: [],
      citationsWithoutMarker: [],
      documents: { d: { checksum: 'sum-d' } },
      verifiedAt: '1970-01-01T00:00:00.000Z',
    });
  });
});
