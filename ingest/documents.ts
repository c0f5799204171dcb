import { createHash } from 'node:crypto';
import { readdir, readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { findApparatus, type Note } from './notes.js';
import { segment, type Paragraph, type Sentence } from './sentences.js';

/** A source document as the index stores it: its text plus everything derived from the text. */
export interface SourceDocument {
  id: string;
  title: string;
  /** Path the text was read from, relative to the working directory. */
  source: string;
  /** sha256 of the text, so drift is detectable later. */
  checksum: string;
  text: string;
  /** Body text is `text.slice(0, bodyEnd)`; the notes list and translator line follow it. */
  bodyEnd: number;
  notes: Note[];
  paragraphs: Paragraph[];
  sentences: Sentence[];
}

const TEXT_FILE = /\.(txt|md)$/i;

export function checksumOf(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}

/** Turns a file name into a document id that stays the same across runs: `Article 2.txt` → `article-2`. */
export function documentIdFor(file: string): string {
  const base = path.basename(file).replace(/\.[^.]+$/, '');
  const slug = base
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .replace(/đ/g, 'd')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return slug || 'document';
}

/** The first line when it reads like a title, otherwise the file name. */
function titleFor(file: string, text: string): string {
  const first = (text.split('\n').find((line) => line.trim() !== '') ?? '').replace(/^#+\s*/, '').trim();
  if (first.length > 0 && first.length <= 120 && !/[.!?]\s/.test(first)) return first;
  const base = path.basename(file).replace(/\.[^.]+$/, '').replace(/[-_]+/g, ' ');
  return base.charAt(0).toUpperCase() + base.slice(1);
}

/** Builds a document from its text: finds the notes and splits the body into sentences. */
export function parseDocument(source: string, text: string): SourceDocument {
  const { bodyEnd, notes } = findApparatus(text);
  const { paragraphs, sentences } = segment(text, bodyEnd, new Set(notes.map((n) => n.n)));
  return {
    id: documentIdFor(source),
    title: titleFor(source, text),
    source,
    checksum: checksumOf(text),
    text,
    bodyEnd,
    notes,
    paragraphs,
    sentences,
  };
}

/** Expands files and folders into the `.txt`/`.md` files they hold, sorted for a stable order. */
export async function listInputFiles(inputs: readonly string[]): Promise<string[]> {
  const files: string[] = [];
  for (const input of inputs) {
    const info = await stat(input).catch(() => {
      throw new Error(`input not found: ${input}`);
    });
    if (info.isDirectory()) {
      const entries = await readdir(input, { recursive: true, withFileTypes: true });
      const found = entries
        .filter((e) => e.isFile() && TEXT_FILE.test(e.name))
        .map((e) => path.join(e.parentPath ?? input, e.name));
      if (found.length === 0) throw new Error(`no .txt or .md files in folder ${input}`);
      files.push(...found.sort());
    } else if (TEXT_FILE.test(input)) {
      files.push(input);
    } else {
      throw new Error(`unsupported input ${input}: only .txt and .md files (or folders of them) can be ingested`);
    }
  }
  return [...new Set(files.map((f) => path.relative(process.cwd(), path.resolve(f))))];
}

/** Reads and parses every input; two files that would share a document id are an error naming both. */
export async function loadDocuments(inputs: readonly string[]): Promise<SourceDocument[]> {
  const files = await listInputFiles(inputs);
  const byId = new Map<string, SourceDocument>();
  for (const file of files) {
    const doc = parseDocument(file, await readFile(file, 'utf8'));
    const clash = byId.get(doc.id);
    if (clash) throw new Error(`${clash.source} and ${file} both map to document id "${doc.id}": rename one of them`);
    if (doc.sentences.length === 0) throw new Error(`${file} has no sentences to index`);
    byId.set(doc.id, doc);
  }
  return [...byId.values()];
}
