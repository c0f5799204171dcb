import { describe, expect, it } from 'vitest';
import { findApparatus } from '../../ingest/notes.js';
import { segment, type Segmentation } from '../../ingest/sentences.js';
import { ARTICLE, MARKED_ENDINGS } from './article.js';

/** Segments a text the way documents are: body only, with the note numbers its notes list defines. */
function segmentText(text: string): Segmentation {
  const { bodyEnd, notes } = findApparatus(text);
  return segment(text, bodyEnd, new Set(notes.map((note) => note.n)));
}

/** Sentence texts as a reader would quote them (footnote markers excluded). */
function sentenceTexts(text: string): string[] {
  return segmentText(text).sentences.map((s) => text.slice(s.start, s.end));
}

/** A body followed by a notes list with `noteCount` entries, so markers up to that number are recognised. */
function withNotes(body: string, noteCount = 3): string {
  const list = Array.from({ length: noteCount }, (_, i) => `  ${i + 1}. Ibid.`).join('\n');
  return `${body}\n\n\n${list}\n`;
}

describe('segment on the article', () => {
  const { paragraphs, sentences } = segmentText(ARTICLE);
  const textOf = (s: { start: number; end: number }): string => ARTICLE.slice(s.start, s.end);

  it('attributes each of the 16 footnote markers to the sentence it is glued to', () => {
    const cited = sentences.filter((s) => s.notes.length > 0);

    expect(cited.map((s) => s.notes)).toEqual(MARKED_ENDINGS.map((_, i) => [i + 1]));
    cited.forEach((s, i) => expect(textOf(s).endsWith(MARKED_ENDINGS[i]!)).toBe(true));
  });

  it('keeps the marker digits out of the sentence text and inside its span', () => {
    for (const s of sentences.filter((x) => x.notes.length > 0)) {
      expect(textOf(s)).toMatch(/[.”)]$/);
      expect(ARTICLE.slice(s.end, s.spanEnd)).toBe(String(s.notes[0]));
    }
  });

  it('ends no sentence in a digit, so no quote carries a stray marker', () => {
    for (const s of sentences) expect(textOf(s)).not.toMatch(/\d$/);
  });

  it('does not take decimals such as $2.3 trillion or $17.5 billion for markers', () => {
    const gdp = sentences.find((s) => textOf(s).includes('$2.3 trillion'))!;
    const trade = sentences.find((s) => textOf(s).includes('$17.5 billion'))!;

    expect(textOf(gdp)).toBe('The Association’s combined population totals more than 650 million, and its overall GDP is greater than $2.3 trillion.');
    expect(gdp.notes).toEqual([]);
    expect(textOf(trade)).toMatch(/^There is, of course, a positive trend here: .* reached \$17\.5 billion in 2013\.$/);
    expect(trade.notes).toEqual([]);
  });

  it('tells note 12 after a year (2010.12) from the year itself', () => {
    const s = sentences.find((x) => x.notes.includes(12))!;

    expect(textOf(s)).toMatch(/ of 2010\.$/);
    expect(ARTICLE.slice(s.end, s.spanEnd)).toBe('12');
  });

  it('does not split after initials or abbreviations', () => {
    const quoted = sentences.map(textOf);

    expect(quoted).toContain('In the Russia’s Foreign Policy Concept approved by President V. Putin, Vietnam is referred to (along with China and India) as one of Russia’s most important strategic partners in Asia.');
    expect(quoted).toContain('Opening the meeting, A. Likhachyov noted that Russia and ASEAN are cooperating closely in implementing the Russia-ASEAN road map.');
    expect(quoted).toContain('One such event, the ASEAN-Russia Business Forum of June 22, 2013, was held as part of the St. Petersburg International Economic Forum (SPIEF).');
    expect(quoted).toContain('In addition, it became clear that it could receive the credits and state-of-the-art technologies it needed in the APR, and not just from the U.S.A. and Europe.');
  });

  it('skips the * * * separator and leaves the notes list and translator line out', () => {
    const separator = ARTICLE.indexOf('* * *');

    expect(paragraphs).toHaveLength(35);
    expect(paragraphs.some((p) => p.start <= separator && separator < p.end)).toBe(false);
    expect(sentences.every((s) => s.spanEnd <= findApparatus(ARTICLE).bodyEnd)).toBe(true);
    expect(sentences.map(textOf).some((t) => t.includes('Translated by') || t.includes('Ibid.'))).toBe(false);
  });

  it('numbers paragraphs consecutively and places every sentence inside its paragraph', () => {
    expect(paragraphs.map((p) => p.n)).toEqual(paragraphs.map((_, i) => i + 1));
    for (const s of sentences) {
      const p = paragraphs[s.paragraph - 1]!;
      expect(s.start).toBeGreaterThanOrEqual(p.start);
      expect(s.spanEnd).toBeLessThanOrEqual(p.end);
    }
  });

  it('returns sentences in order, without overlap, each starting on a non-space character', () => {
    sentences.forEach((s, i) => {
      expect(ARTICLE[s.start]).toMatch(/\S/);
      expect(s.end).toBeLessThanOrEqual(s.spanEnd);
      if (i > 0) expect(s.start).toBeGreaterThanOrEqual(sentences[i - 1]!.spanEnd);
    });
  });
});

describe('segment', () => {
  it('gives no paragraphs and no sentences for an empty text', () => {
    expect(segmentText('')).toEqual({ paragraphs: [], sentences: [] });
    expect(segmentText('  \n\n\t\n')).toEqual({ paragraphs: [], sentences: [] });
  });

  it('splits after ., ! and ? followed by a capital', () => {
    expect(sentenceTexts('Trade grew! Did it last? It did. Then it fell')).toEqual([
      'Trade grew!',
      'Did it last?',
      'It did.',
      'Then it fell',
    ]);
  });

  it('keeps a closing curly quote with its sentence and starts the next one at its opening quote', () => {
    expect(sentenceTexts('He said, “We agree.” “Good,” she replied. ‘Fine.’ Then they left.')).toEqual([
      'He said, “We agree.”',
      '“Good,” she replied.',
      '‘Fine.’',
      'Then they left.',
    ]);
  });

  it('does not split after a title, a saint or an initial', () => {
    expect(sentenceTexts('Mr. Lavrov met Dr. Lim in St. Petersburg. President V. Putin spoke.')).toEqual([
      'Mr. Lavrov met Dr. Lim in St. Petersburg.',
      'President V. Putin spoke.',
    ]);
  });

  it('does not split inside dotted abbreviations', () => {
    expect(sentenceTexts('Exports to the U.S.A. and Europe fell, e.g. oil. Imports rose.')).toEqual([
      'Exports to the U.S.A. and Europe fell, e.g. oil.',
      'Imports rose.',
    ]);
  });

  it('does not split at a decimal point', () => {
    expect(sentenceTexts('GDP is $2.3 trillion and trade $17.5 billion. Growth was 4.5 percent.')).toEqual([
      'GDP is $2.3 trillion and trade $17.5 billion.',
      'Growth was 4.5 percent.',
    ]);
  });

  it('treats digits after a sentence end as ordinary text when they name no note', () => {
    const text = withNotes('Trade grew.1 It rose again.7 Done.', 2);
    const { sentences } = segmentText(text);

    expect(sentences.map((s) => [text.slice(s.start, s.end), s.notes])).toEqual([
      ['Trade grew.', [1]],
      ['It rose again.7 Done.', []],
    ]);
  });

  it('takes the next note number after a year for a marker, but not a decimal that skips ahead', () => {
    const text = withNotes('Output doubled by 2010.1 GDP reached $2.3 Billion. Trade grew.2', 3);
    const { sentences } = segmentText(text);

    expect(sentences.map((s) => [text.slice(s.start, s.end), s.notes])).toEqual([
      ['Output doubled by 2010.', [1]],
      ['GDP reached $2.3 Billion.', []],
      ['Trade grew.', [2]],
    ]);
  });

  it('records the notes of a marker that ends a paragraph', () => {
    const text = withNotes('First claim.1\n\nSecond claim.2', 2);

    expect(segmentText(text).sentences.map((s) => [s.paragraph, s.notes])).toEqual([
      [1, [1]],
      [2, [2]],
    ]);
  });

  it('splits paragraphs at blank lines and keeps single line breaks inside a paragraph', () => {
    const { paragraphs, sentences } = segmentText('One line\ncontinues here.\n\n  \nA new paragraph.');

    expect(paragraphs.map((p) => p.n)).toEqual([1, 2]);
    expect(sentences.map((s) => s.paragraph)).toEqual([1, 2]);
  });

  it('splits paragraphs at blank lines in a text with Windows line endings', () => {
    const text = 'First paragraph.\r\n\r\nSecond paragraph.\r\n';
    const { paragraphs, sentences } = segmentText(text);

    expect(paragraphs).toHaveLength(2);
    expect(sentences.map((s) => [text.slice(s.start, s.end), s.paragraph])).toEqual([
      ['First paragraph.', 1],
      ['Second paragraph.', 2],
    ]);
  });

  it('segments the article with Windows line endings into the same sentences and notes', () => {
    const crlf = ARTICLE.replace(/\n/g, '\r\n');
    const lf = segmentText(ARTICLE);
    const windows = segmentText(crlf);

    expect(windows.paragraphs).toHaveLength(lf.paragraphs.length);
    expect(windows.sentences.map((s) => [crlf.slice(s.start, s.end).replace(/\r\n/g, '\n'), s.paragraph, s.notes])).toEqual(
      lf.sentences.map((s) => [ARTICLE.slice(s.start, s.end), s.paragraph, s.notes]),
    );
  });

  it('skips paragraphs without a letter and does not number them', () => {
    const { paragraphs } = segmentText('Before the break.\n\n* * *\n\nAfter the break.');

    expect(paragraphs.map((p) => p.n)).toEqual([1, 2]);
  });
});
