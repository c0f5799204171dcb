import { describe, expect, it } from 'vitest';
import { findApparatus } from '../../ingest/notes.js';
import { ARTICLE } from './article.js';

/** A small article: body paragraphs, then optional notes and translator line, as the real one is laid out. */
function articleWith({
  body = 'Russia and ASEAN met in Hanoi.1 Trade grew.2',
  notes = ['Ibid., p. 108.', 'URL: http://www.mid.ru'],
  translator = 'Translated by Terry Clay Fabian',
}: { body?: string; notes?: string[]; translator?: string } = {}): string {
  const list = notes.map((note, i) => `  ${i + 1}. ${note}`).join('\n');
  return [body, list, translator].filter((part) => part !== '').join('\n\n\n') + '\n';
}

describe('findApparatus on the article', () => {
  const apparatus = findApparatus(ARTICLE);

  it('finds all 16 notes, numbered 1 to 16 in order', () => {
    expect(apparatus.notes.map((note) => note.n)).toEqual(Array.from({ length: 16 }, (_, i) => i + 1));
  });

  it('locates every note text exactly in the document, without its number', () => {
    for (const note of apparatus.notes) {
      expect(ARTICLE.slice(note.start, note.end)).toBe(note.text);
      expect(note.text).not.toMatch(/^\s*\d+\./);
    }
    expect(apparatus.notes[1]!.text).toBe('Ibid., p. 108.');
    expect(apparatus.notes[15]!.text).toBe('URL: www.mid.ru (Retrieved on October 1, 2010.)');
  });

  it('ends the body right after the last sentence, before the notes list and translator line', () => {
    const body = ARTICLE.slice(0, apparatus.bodyEnd);
    expect(body.endsWith('along with their current laws and regulations.”16')).toBe(true);
    expect(body).not.toContain('Translated by');
    expect(body).not.toContain('Ibid.');
  });
});

describe('findApparatus', () => {
  it('separates a notes list followed by a translator line', () => {
    const text = articleWith();
    const { bodyEnd, notes } = findApparatus(text);

    expect(text.slice(0, bodyEnd)).toBe('Russia and ASEAN met in Hanoi.1 Trade grew.2');
    expect(notes.map((note) => note.text)).toEqual(['Ibid., p. 108.', 'URL: http://www.mid.ru']);
  });

  it('separates a notes list when there is no translator line', () => {
    const text = articleWith({ translator: '' });

    expect(findApparatus(text).notes).toHaveLength(2);
    expect(text.slice(0, findApparatus(text).bodyEnd)).toBe('Russia and ASEAN met in Hanoi.1 Trade grew.2');
  });

  it('separates a translator line when there are no notes', () => {
    const text = articleWith({ body: 'A short body.', notes: [] });
    const { bodyEnd, notes } = findApparatus(text);

    expect(notes).toEqual([]);
    expect(text.slice(0, bodyEnd)).toBe('A short body.');
  });

  it('does not take a numbered list in the middle of the text for notes', () => {
    const text = 'The plan has steps.\n\n1. Sign the treaty.\n2. Open the market.\n\nBoth steps were taken.\n';
    const { bodyEnd, notes } = findApparatus(text);

    expect(notes).toEqual([]);
    expect(text.slice(0, bodyEnd)).toBe(text.trimEnd());
  });

  it('does not take a trailing list that does not start at 1 for notes', () => {
    const text = 'Body text.\n\n  2. Ibid.\n  3. Ibid.\n';

    expect(findApparatus(text).notes).toEqual([]);
    expect(findApparatus(text).bodyEnd).toBe(text.trimEnd().length);
  });

  it('reads a notes list written with Windows line endings', () => {
    const text = articleWith().replace(/\n/g, '\r\n');
    const { bodyEnd, notes } = findApparatus(text);

    expect(notes.map((note) => note.text)).toEqual(['Ibid., p. 108.', 'URL: http://www.mid.ru']);
    for (const note of notes) expect(text.slice(note.start, note.end)).toBe(note.text);
    expect(text.slice(0, bodyEnd)).toBe('Russia and ASEAN met in Hanoi.1 Trade grew.2');
  });

  it('finds no body and no notes in an empty text', () => {
    expect(findApparatus('')).toEqual({ bodyEnd: 0, notes: [] });
    expect(findApparatus(' \n\n ')).toEqual({ bodyEnd: 0, notes: [] });
  });
});
