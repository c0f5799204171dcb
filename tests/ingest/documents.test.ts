import { createHash } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { documentIdFor, listInputFiles, loadDocuments, parseDocument } from '../../ingest/documents.js';
import { ARTICLE } from './article.js';

const BODY = 'Russia and ASEAN met in Hanoi. They signed a road map.\n';

describe('documentIdFor', () => {
  it('slugs the file name without its extension or folder', () => {
    expect(documentIdFor('data/Article 2.txt')).toBe('article-2');
    expect(documentIdFor('Russia_ASEAN (final).md')).toBe('russia-asean-final');
  });

  it('gives the same id for the same file name wherever it is read from', () => {
    expect(documentIdFor('/srv/corpus/article.txt')).toBe(documentIdFor('data/article.txt'));
    expect(documentIdFor('data/article.txt')).toBe(documentIdFor('data/article.txt'));
  });

  it('transliterates accented and Vietnamese letters', () => {
    expect(documentIdFor('docs/Trương Café.md')).toBe('truong-cafe');
    expect(documentIdFor('Đà Nẵng.txt')).toBe('da-nang');
  });

  it('falls back to "document" when nothing of the name survives', () => {
    expect(documentIdFor('---.txt')).toBe('document');
    expect(documentIdFor('.txt')).toBe('document');
  });
});

describe('parseDocument', () => {
  it('takes the title from a short first line, without markdown heading marks', () => {
    expect(parseDocument('notes.md', `# Russia and ASEAN\n\n${BODY}`).title).toBe('Russia and ASEAN');
    expect(parseDocument('notes.txt', `Russia and ASEAN: Twenty Years\n\n${BODY}`).title).toBe('Russia and ASEAN: Twenty Years');
  });

  it('takes the title from the file name when the first line is prose', () => {
    expect(parseDocument('data/russia_asean-ties.txt', BODY).title).toBe('Russia asean ties');
    expect(parseDocument('data/article.txt', ARTICLE).title).toBe('Article');
  });

  it('takes the title from the file name when the first line is too long to be one', () => {
    const longLine = `${'Partnership '.repeat(12).trim()}\n\n${BODY}`;

    expect(parseDocument('ties.txt', longLine).title).toBe('Ties');
  });

  it('records the id, source and sha256 checksum of the text', () => {
    const doc = parseDocument('data/article.txt', ARTICLE);

    expect(doc.id).toBe('article');
    expect(doc.source).toBe('data/article.txt');
    expect(doc.checksum).toBe(createHash('sha256').update(ARTICLE).digest('hex'));
    expect(doc.text).toBe(ARTICLE);
  });

  it('splits the article into body sentences and its 16 notes', () => {
    const doc = parseDocument('data/article.txt', ARTICLE);

    expect(doc.notes).toHaveLength(16);
    expect(doc.sentences.filter((s) => s.notes.length > 0)).toHaveLength(16);
    expect(doc.sentences.every((s) => s.spanEnd <= doc.bodyEnd)).toBe(true);
  });
});

describe('loading input files', () => {
  let dir: string;

  /** Writes `files` (relative path → content) under the temp folder and returns their absolute paths. */
  async function files(contents: Record<string, string>): Promise<string[]> {
    const written: string[] = [];
    for (const [name, text] of Object.entries(contents)) {
      const file = path.join(dir, name);
      await mkdir(path.dirname(file), { recursive: true });
      await writeFile(file, text);
      written.push(file);
    }
    return written;
  }

  beforeEach(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'documents-'));
  });

  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('expands a folder, subfolders included, into its .txt and .md files in sorted order', async () => {
    await files({ 'b.md': BODY, 'a.txt': BODY, 'sub/c.txt': BODY, 'image.png': 'png', 'notes.pdf': 'pdf' });

    const found = await listInputFiles([dir]);

    expect(found.map((f) => path.relative(dir, path.resolve(f)))).toEqual(['a.txt', 'b.md', path.join('sub', 'c.txt')]);
  });

  it('loads each file as a document named after it', async () => {
    await files({ 'Russia ASEAN.txt': BODY, 'sub/Vietnam.md': BODY });

    const documents = await loadDocuments([dir]);

    expect(documents.map((d) => d.id)).toEqual(['russia-asean', 'vietnam']);
    expect(documents.map((d) => path.resolve(d.source))).toEqual([
      path.join(dir, 'Russia ASEAN.txt'),
      path.join(dir, 'sub', 'Vietnam.md'),
    ]);
  });

  it('lists a file given twice only once', async () => {
    const [file] = await files({ 'a.txt': BODY });

    expect(await listInputFiles([file!, dir])).toHaveLength(1);
  });

  it('refuses two files that map to the same id, naming both', async () => {
    const [first, second] = await files({ 'one/Report.txt': BODY, 'two/report.md': BODY });

    const error = await loadDocuments([first!, second!]).catch((e: unknown) => e);

    expect(error).toBeInstanceOf(Error);
    const message = (error as Error).message;
    expect(message).toContain(path.relative(process.cwd(), first!));
    expect(message).toContain(path.relative(process.cwd(), second!));
    expect(message).toContain('"report"');
  });

  it('refuses a file with an unsupported extension, naming it', async () => {
    const [pdf] = await files({ 'paper.pdf': BODY });

    await expect(loadDocuments([pdf!])).rejects.toThrow(`unsupported input ${pdf}`);
  });

  it('refuses an input that does not exist, naming it', async () => {
    const missing = path.join(dir, 'missing.txt');

    await expect(loadDocuments([missing])).rejects.toThrow(`input not found: ${missing}`);
  });

  it('refuses a folder without text files, naming it', async () => {
    await files({ 'image.png': 'png' });

    await expect(loadDocuments([dir])).rejects.toThrow(`no .txt or .md files in folder ${dir}`);
  });

  it('refuses a file with no sentences, naming it', async () => {
    const [empty] = await files({ 'empty.txt': '\n\n* * *\n' });

    await expect(loadDocuments([empty!])).rejects.toThrow(/empty\.txt has no sentences to index/);
  });
});
