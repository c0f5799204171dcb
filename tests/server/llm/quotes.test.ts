import { describe, expect, it } from 'vitest';
import { DEFAULT_CHUNK_OPTIONS } from '../../../ingest/chunk.js';
import { parseDocument, type SourceDocument } from '../../../ingest/documents.js';
import { passagesOf, type Passage } from '../../../ingest/passages.js';
import { extractQuotes, locateQuote, markersWithoutQuotes, verifyQuotes } from '../../../server/llm/quotes.js';
import { ARTICLE } from '../../ingest/article.js';

const doc = parseDocument('data/article.txt', ARTICLE);
const allPassages = passagesOf(doc, DEFAULT_CHUNK_OPTIONS);
const documents: ReadonlyMap<string, SourceDocument> = new Map([[doc.id, doc]]);

/** The first passage of the article whose text contains `snippet`. */
function passageWith(snippet: string): Passage {
  const found = allPassages.find((p) => p.text.includes(snippet));
  if (!found) throw new Error(`no passage contains ${snippet}`);
  return found;
}

const SUMMIT = passageWith('first Russia-ASEAN Summit, held');
const SECURITY = passageWith('building trust in the Asia-Pacific Region.”7');
const TRADE = passageWith('reached $17.5 billion in 2013');
const FOUNDING = passageWith('defined itself as “a regional association”');
const POSITION = passageWith('Russia’s fundamental position was reaffirmed');
const ACROSS_NOTE = passageWith('Region.”7 In addition, recognizing');
const PROGRAM = passageWith('the summit’s participants adopted');

const SUMMIT_SENTENCE = 'Of special importance was the first Russia-ASEAN Summit, held on December 13, 2005 in Kuala Lumpur, Malaysia.';

function verify(answer: string, passages: readonly Passage[] = [SUMMIT, TRADE]) {
  return verifyQuotes(answer, passages, documents);
}

describe('extractQuotes', () => {
  it('finds a curly quote and its marker, locating the inner text in the answer', () => {
    const answer = `The first summit was in Kuala Lumpur: “${SUMMIT_SENTENCE}” [1]`;
    const [q, ...rest] = extractQuotes(answer);
    expect(rest).toEqual([]);
    expect(q).toEqual({ quote: SUMMIT_SENTENCE, answerStart: answer.indexOf('Of'), answerEnd: answer.indexOf('”'), markers: [1] });
    expect(answer.slice(q!.answerStart, q!.answerEnd)).toBe(q!.quote);
  });

  it('finds straight quotes as well as curly ones', () => {
    expect(extractQuotes('It says "trade reached a record high" [2].')).toEqual([
      { quote: 'trade reached a record high', answerStart: 9, answerEnd: 36, markers: [2] },
    ]);
  });

  it('reads markers written as [1][2], [1] [2] and [1, 2], after punctuation', () => {
    expect(extractQuotes('“alpha beta gamma”, [1][2]')[0]!.markers).toEqual([1, 2]);
    expect(extractQuotes('“alpha beta gamma”. [3] [4]')[0]!.markers).toEqual([3, 4]);
    expect(extractQuotes('“alpha beta gamma” [5, 6]')[0]!.markers).toEqual([5, 6]);
  });

  it('returns a quote without a marker with no markers', () => {
    expect(extractQuotes('They called it “a strategic partnership” in 2006.')[0]!.markers).toEqual([]);
  });

  it('keeps apostrophes inside a quote', () => {
    const [q] = extractQuotes('“Russia’s fundamental position was reaffirmed” [1]');
    expect(q!.quote).toBe('Russia’s fundamental position was reaffirmed');
  });

  it('keeps curly quotes nested inside a straight-quoted quote', () => {
    const inner = '…defined itself as “a regional association” that would…';
    const [q, ...rest] = extractQuotes(`ASEAN began modestly: "${inner}" [1]`);
    expect(rest).toEqual([]);
    expect(q!.quote).toBe(inner);
    expect(q!.markers).toEqual([1]);
  });

  it('keeps curly quotes nested inside a curly-quoted quote', () => {
    const inner = 'ASEAN defined itself as “a regional association” that would resolve issues';
    expect(extractQuotes(`“${inner}” [1]`)[0]!.quote).toBe(inner);
  });

  it('treats a stray inner closing mark as part of the quote when markers follow a later one', () => {
    const inner = 'regional association” that would resolve issues primarily in the socioeconomic sphere.';
    expect(extractQuotes(`ASEAN called itself a “${inner}” [1]`)).toEqual([
      expect.objectContaining({ quote: inner, markers: [1] }),
    ]);
  });

  it('finds a ‘single curly’ quote only when markers follow it', () => {
    expect(extractQuotes('It spoke of ‘a strategic regional association’ [2] and of the ‘region’s future’ too.')).toEqual([
      expect.objectContaining({ quote: 'a strategic regional association', markers: [2] }),
    ]);
  });

  it('returns nothing for an empty answer', () => {
    expect(extractQuotes('')).toEqual([]);
  });

  it('returns a quote whose marker has not arrived yet without markers, and nothing for an unclosed one', () => {
    expect(extractQuotes('In short: “Of special importance was')).toEqual([]);
    expect(extractQuotes('In short: “Of special importance was the summit.” [')[0]!.markers).toEqual([]);
  });

  it('ignores a straight double quote that closes nothing', () => {
    expect(extractQuotes('a 5" pipe and "a quote about pipes" [1]')).toEqual([
      expect.objectContaining({ quote: 'a quote about pipes', markers: [1] }),
    ]);
  });

  it('returns quotes in answer order', () => {
    const quotes = extractQuotes('First “one two three” [2], then "four five six" [1].');
    expect(quotes.map((q) => q.quote)).toEqual(['one two three', 'four five six']);
  });
});

describe('markersWithoutQuotes', () => {
  it('lists markers that follow no quote, once each', () => {
    expect(markersWithoutQuotes('Trade grew [2]. It said “one two three” [1]. Again [2] and [3, 4].')).toEqual([2, 3, 4]);
  });

  it('is empty when every marker is attached to a quote', () => {
    expect(markersWithoutQuotes('“one two three” [1][2]')).toEqual([]);
  });
});

describe('locateQuote', () => {
  const text = SUMMIT.text;

  it('returns exact offsets of the source wording', () => {
    const span = locateQuote(SUMMIT_SENTENCE, text);
    expect(span && text.slice(span.start, span.end)).toBe(SUMMIT_SENTENCE);
  });

  it('tolerates differences of whitespace and case', () => {
    const span = locateQuote('of special importance was  the first\nrussia-asean summit', text);
    expect(span && text.slice(span.start, span.end)).toBe('Of special importance was the first Russia-ASEAN Summit');
  });

  it('tolerates straight quote marks and apostrophes where the source has curly ones', () => {
    const span = locateQuote(`the summit's participants adopted the 2005-2015 Comprehensive Program`, PROGRAM.text);
    expect(span && PROGRAM.text.slice(span.start, span.end)).toBe('the summit’s participants adopted the 2005-2015 Comprehensive Program');
  });

  it('ends before the final period when the model dropped it', () => {
    const span = locateQuote(SUMMIT_SENTENCE.slice(0, -1), text);
    expect(span && text.slice(span.start, span.end)).toBe(SUMMIT_SENTENCE.slice(0, -1));
  });

  it('ignores ellipses at either end of the quote', () => {
    const span = locateQuote('…held on December 13, 2005 in Kuala Lumpur...', text);
    expect(span && text.slice(span.start, span.end)).toBe('held on December 13, 2005 in Kuala Lumpur');
  });

  it('never includes a footnote marker in the located span', () => {
    const quote = 'The parties attach exceptionally great importance to matters of ensuring security and building trust in the Asia-Pacific Region.”7';
    const span = locateQuote(quote, SECURITY.text);
    expect(span && SECURITY.text.slice(span.start, span.end)).toBe(quote.slice(0, -1));
  });

  it('matches a quote that runs across a footnote marker the model left out', () => {
    const span = locateQuote('building trust in the Asia-Pacific Region.” In addition, recognizing the growing', ACROSS_NOTE.text);
    expect(span && ACROSS_NOTE.text.slice(span.start, span.end)).toBe('building trust in the Asia-Pacific Region.”7 In addition, recognizing the growing');
  });

  it('does not match a quote with one changed digit', () => {
    expect(locateQuote('reached $18.5 billion in 2013', TRADE.text)).toBeUndefined();
    expect(locateQuote('reached $17.5 billion in 2013', TRADE.text)).toBeDefined();
  });

  it('does not match a quote with added words', () => {
    expect(locateQuote('held on December 13, 2005 in the city of Kuala Lumpur', text)).toBeUndefined();
  });

  it('does not match a quote that stops in the middle of a source word', () => {
    expect(locateQuote('the first Russia-ASEAN Sum', text)).toBeUndefined();
  });

  it('does not match an ellipsis inside the quote', () => {
    expect(locateQuote('the first Russia-ASEAN Summit … in Kuala Lumpur', text)).toBeUndefined();
  });

  it('refuses quotes under 12 characters or 3 words, which could match anywhere', () => {
    expect(locateQuote('Kuala Lumpur', text)).toBeUndefined();
    expect(locateQuote('in Kuala', text)).toBeUndefined();
    expect(locateQuote('in Kuala Lumpur', text)).toBeDefined();
  });

  it('finds nothing in or for empty text', () => {
    expect(locateQuote('', text)).toBeUndefined();
    expect(locateQuote(SUMMIT_SENTENCE, '')).toBeUndefined();
  });

  it('matches a hand-written text with a curly quote against straight quotes in the quote', () => {
    const source = 'He called it “a plan for the region” and left.';
    const span = locateQuote('called it "a plan for the region" and left', source);
    expect(span && source.slice(span.start, span.end)).toBe('called it “a plan for the region” and left');
  });
});

describe('verifyQuotes', () => {
  it('verifies a quote found in the passage its marker names, with document offsets', () => {
    const answer = `The first summit was in Kuala Lumpur: “${SUMMIT_SENTENCE}” [1]`;
    const [c, ...rest] = verify(answer);
    expect(rest).toEqual([]);
    expect(c).toMatchObject({ n: 1, documentId: doc.id, passageId: SUMMIT.id, quote: SUMMIT_SENTENCE, verified: true });
    expect(c!.reason).toBeUndefined();
    expect(doc.text.slice(c!.start, c!.end)).toBe(SUMMIT_SENTENCE);
    expect(answer.slice(c!.answerStart, c!.answerEnd)).toBe(SUMMIT_SENTENCE);
    expect(c!.paragraph).toBe(doc.sentences.find((s) => s.start === c!.start)!.paragraph);
  });

  it('returns the source wording when the model changed quote marks, case and spacing', () => {
    const [c] = verify(`It was ‘the first  russia-asean summit, held on December 13, 2005’ [1].`);
    expect(c).toMatchObject({ verified: true, quote: 'the first Russia-ASEAN Summit, held on December 13, 2005' });
  });

  it('keeps footnote digits out of the quote and reports the note the sentence cites', () => {
    const quote = 'The parties attach exceptionally great importance to matters of ensuring security and building trust in the Asia-Pacific Region.';
    const [c, ...rest] = verifyQuotes(`Point XIV says “${quote}” [1]`, [SECURITY], documents);
    expect(rest).toEqual([]);
    expect(c).toMatchObject({ n: 1, verified: true, quote, passageId: SECURITY.id });
    expect(c!.notes.map((n) => n.n)).toEqual([7]);
    expect(c!.notes[0]!.text).toBe(doc.notes.find((n) => n.n === 7)!.text);
  });

  it('drops a footnote digit the model copied along with the quote', () => {
    const inner = 'Point XIV of the Declaration of Strategic Partnership states “The parties attach exceptionally great importance to matters of ensuring security and building trust in the Asia-Pacific Region.”';
    const [c, ...rest] = verifyQuotes(`"${inner}7" [1]`, [SECURITY], documents);
    expect(rest).toEqual([]);
    expect(c).toMatchObject({ n: 1, verified: true, quote: inner });
  });

  it('attaches the marker after a footnote digit glued to the closing quote mark', () => {
    const quote = 'building trust in the Asia-Pacific Region.';
    const [c, ...rest] = verifyQuotes(`It stresses “${quote}”7 [1]`, [SECURITY], documents);
    expect(rest).toEqual([]);
    expect(c).toMatchObject({ n: 1, verified: true, quote });
  });

  it('verifies a quote with an apostrophe inside it', () => {
    const [c] = verifyQuotes('“Russia’s fundamental position was reaffirmed in the Joint Declaration” [1]', [POSITION], documents);
    expect(c).toMatchObject({ verified: true, quote: 'Russia’s fundamental position was reaffirmed in the Joint Declaration' });
  });

  it('verifies a straight-quoted quote with curly quotes nested inside', () => {
    const answer = 'ASEAN began modestly: "…defined itself as “a regional association” that would…" [1]';
    const [c] = verifyQuotes(answer, [FOUNDING], documents);
    expect(c).toMatchObject({ verified: true, quote: 'defined itself as “a regional association” that would' });
  });

  it('does not verify a quote with one changed digit', () => {
    const [c] = verify('Trade “reached $18.5 billion in 2013” [2].');
    expect(c).toMatchObject({ n: 2, verified: false, reason: 'not-found', quote: 'reached $18.5 billion in 2013', start: -1, end: -1, passageId: TRADE.id });
  });

  it('does not verify a quote with added words', () => {
    const [c] = verify('“the volume of mutual trade turnover between Russia and all of ASEAN has grown” [2]');
    expect(c).toMatchObject({ verified: false, reason: 'not-found' });
  });

  it('reports a marker that points at no passage', () => {
    const [c] = verify(`“${SUMMIT_SENTENCE}” [3]`);
    expect(c).toMatchObject({ n: 3, verified: false, reason: 'no-such-passage', passageId: '', start: -1, end: -1, quote: SUMMIT_SENTENCE });
  });

  it('verifies a quote found in another given passage and names that passage', () => {
    const [c] = verify('Trade “reached $17.5 billion in 2013” [1].');
    expect(c).toMatchObject({ n: 1, verified: true, reason: 'other-passage', passageId: TRADE.id, quote: 'reached $17.5 billion in 2013' });
  });

  it('gives a quote with two markers one citation per marker', () => {
    const citations = verify(`“${SUMMIT_SENTENCE}” [1][2]`);
    expect(citations.map((c) => [c.n, c.verified, c.reason, c.passageId])).toEqual([
      [1, true, undefined, SUMMIT.id],
      [2, true, 'other-passage', SUMMIT.id],
    ]);
  });

  it('gives a quote with no marker one citation numbered 0, searched in every passage', () => {
    const [found, missing] = verify(`As the article puts it, “${SUMMIT_SENTENCE}” Also “nothing of the kind was ever said”.`);
    expect(found).toMatchObject({ n: 0, verified: true, reason: 'other-passage', passageId: SUMMIT.id });
    expect(missing).toMatchObject({ n: 0, verified: false, reason: 'not-found', passageId: '' });
  });

  it('does not verify a too-short quote', () => {
    const [c] = verify('It was in “Kuala Lumpur” [1].');
    expect(c).toMatchObject({ verified: false, reason: 'not-found', quote: 'Kuala Lumpur' });
  });

  it('returns no citations for an empty answer', () => {
    expect(verify('')).toEqual([]);
  });

  it('returns citations in answer order', () => {
    const citations = verify(`“reached $17.5 billion in 2013” [2] and “${SUMMIT_SENTENCE}” [1]`);
    expect(citations.map((c) => c.n)).toEqual([2, 1]);
    expect(citations[0]!.answerStart).toBeLessThan(citations[1]!.answerStart);
  });

  it('names the missing document when a passage belongs to none that is loaded', () => {
    expect(() => verifyQuotes(`“${SUMMIT_SENTENCE}” [1]`, [SUMMIT], new Map())).toThrow(/article:\d+ belongs to document article/);
  });
});
