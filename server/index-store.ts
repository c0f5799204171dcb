import { access, readFile } from 'node:fs/promises';
import path from 'node:path';
import { HNSWLib } from '@langchain/community/vectorstores/hnswlib';
import { Bm25Index, type Bm25State } from '../ingest/bm25.js';
import type { SourceDocument } from '../ingest/documents.js';
import type { Embedder } from '../ingest/embedder.js';
import { EmbedderMismatchError, loadEmbedderForIndex, type EmbedderSettings } from '../ingest/embedder-settings.js';
import { currentIndexDir, INDEX_FILES } from '../ingest/index-layout.js';
import type { LocalEmbedderState } from '../ingest/local-embedder.js';
import type { Manifest } from '../ingest/manifest.js';
import type { Passage } from '../ingest/passages.js';
import { Thesaurus, type ThesaurusState } from '../ingest/thesaurus.js';
import type { StemVectors } from '../ingest/word-vectors.js';
import type { WindowStats } from '../ingest/sentence-windows.js';
import { WordNeighbours } from './word-neighbours.js';

/** Everything the server answers from, loaded once at start-up. */
export interface LoadedIndex {
  manifest: Manifest;
  embedder: Embedder;
  dense: HNSWLib;
  lexical: Bm25Index;
  /** BM25 statistics of the passages' windows of adjacent sentences. */
  windowStats: WindowStats;
  thesaurus: Thesaurus;
  /** Corpus terms near in meaning to words the corpus lacks; absent when word vectors are off. */
  wordNeighbours?: WordNeighbours;
  /** Whether dense queries get related words appended (only helps the weight-free embedder). */
  expandDenseQueries: boolean;
  documents: ReadonlyMap<string, SourceDocument>;
  passages: readonly Passage[];
  passagesById: ReadonlyMap<string, Passage>;
}

/** A missing or unreadable index file, named with the fix. */
export class IndexLoadError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'IndexLoadError';
  }
}

/** What the top level of each JSON index file must be; anything else is a corrupt file, not a TypeError later. */
type JsonShape = 'array' | 'object';

function shapeOf(value: unknown): string {
  if (value === null) return 'null';
  return Array.isArray(value) ? 'array' : typeof value;
}

async function readJson<T>(dir: string, file: string, shape: JsonShape): Promise<T> {
  const full = path.join(dir, file);
  let raw: string;
  try {
    raw = await readFile(full, 'utf8');
  } catch {
    throw new IndexLoadError(`index file ${full} is missing: run npm run ingest -- --force`);
  }
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    throw new IndexLoadError(`index file ${full} is corrupt (not valid JSON): run npm run ingest -- --force`);
  }
  if (shapeOf(value) !== shape) {
    throw new IndexLoadError(`index file ${full} is corrupt (a JSON ${shapeOf(value)} where an ${shape} belongs): run npm run ingest -- --force`);
  }
  return value as T;
}

/** Builds a structure from a file's contents; a format error names the file and the fix. */
function parsed<T>(dir: string, file: string, build: () => T): T {
  try {
    return build();
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new IndexLoadError(`index file ${path.join(dir, file)} is corrupt (${reason}): run npm run ingest -- --force`);
  }
}

/**
 * Loads the current index from `vectorsDir` with the embedder its manifest names; `stemVectors`
 * (pre-trained word vectors, not part of the index) relate question words to the corpus's.
 */
export async function loadIndex(vectorsDir: string, settings: EmbedderSettings, stemVectors?: StemVectors): Promise<LoadedIndex> {
  const dir = currentIndexDir(vectorsDir);
  const manifest = await readJson<Manifest>(dir, INDEX_FILES.manifest, 'object').catch((error: unknown) => {
    if (error instanceof IndexLoadError && error.message.includes('missing')) {
      throw new IndexLoadError(`no index in ${vectorsDir}/ (${path.join(dir, INDEX_FILES.manifest)} not found): run npm run ingest`);
    }
    throw error;
  });
  const embedder = await loadEmbedderForIndex(manifest.embedder, settings, () =>
    readJson<LocalEmbedderState>(dir, INDEX_FILES.localEmbedder, 'object'),
  ).catch((error: unknown) => {
    // A malformed statistics file surfaces as a plain Error from LocalEmbedder.fromState.
    if (error instanceof IndexLoadError || error instanceof EmbedderMismatchError) throw error;
    return parsed(dir, INDEX_FILES.localEmbedder, () => {
      throw error;
    });
  });
  const [documents, passages, bm25, windowStats, thesaurus] = await Promise.all([
    readJson<SourceDocument[]>(dir, INDEX_FILES.documents, 'array'),
    readJson<Passage[]>(dir, INDEX_FILES.passages, 'array'),
    readJson<Bm25State>(dir, INDEX_FILES.bm25, 'object'),
    readJson<WindowStats>(dir, INDEX_FILES.windows, 'object'),
    readJson<ThesaurusState>(dir, INDEX_FILES.thesaurus, 'object'),
  ]);
  // HNSWLib.load's own errors name neither file, so its JSON side files are checked here first.
  await readJson<object>(dir, INDEX_FILES.hnswArgs, 'object');
  await readJson<unknown[]>(dir, INDEX_FILES.docstore, 'array');
  const hnswFile = path.join(dir, INDEX_FILES.hnsw);
  await access(hnswFile).catch(() => {
    throw new IndexLoadError(`index file ${hnswFile} is missing: run npm run ingest -- --force`);
  });
  let dense: HNSWLib;
  try {
    dense = await HNSWLib.load(dir, embedder);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new IndexLoadError(`index file ${hnswFile} cannot be read (${reason}): run npm run ingest -- --force`);
  }
  if (dense.index.getCurrentCount() !== passages.length) {
    throw new IndexLoadError(
      `HNSW index in ${dir} holds ${dense.index.getCurrentCount()} vectors but ${INDEX_FILES.passages} lists ${passages.length} passages: run npm run ingest -- --force`,
    );
  }
  if (dense.docstore._docs.size !== passages.length) {
    throw new IndexLoadError(
      `index file ${path.join(dir, INDEX_FILES.docstore)} holds ${dense.docstore._docs.size} passages but ${INDEX_FILES.passages} lists ${passages.length}: run npm run ingest -- --force`,
    );
  }
  if (documents.length !== manifest.documents.length) {
    throw new IndexLoadError(
      `index file ${path.join(dir, INDEX_FILES.documents)} holds ${documents.length} documents but ${INDEX_FILES.manifest} lists ${manifest.documents.length}: run npm run ingest -- --force`,
    );
  }
  // A wider beam than hnswlib's default keeps approximate search as good as exact on small corpora.
  dense.index.setEf(Math.max(64, Math.min(400, passages.length)));
  const lexical = parsed(dir, INDEX_FILES.bm25, () => Bm25Index.fromState(bm25));
  return {
    manifest,
    embedder,
    dense,
    lexical,
    windowStats: parsed(dir, INDEX_FILES.windows, () => checkedWindowStats(windowStats)),
    thesaurus: parsed(dir, INDEX_FILES.thesaurus, () => new Thesaurus(thesaurus)),
    ...(stemVectors ? { wordNeighbours: new WordNeighbours(stemVectors, lexical.vocabulary()) } : {}),
    expandDenseQueries: manifest.embedder.kind === 'local',
    documents: new Map(documents.map((d) => [d.id, d])),
    passages,
    passagesById: new Map(passages.map((p) => [p.id, p])),
  };
}

/** The window statistics as saved, or an error naming what is wrong (a corrupt file is not a TypeError later). */
function checkedWindowStats(stats: WindowStats): WindowStats {
  if (stats.version !== 1 || typeof stats.windows !== 'number' || typeof stats.averageLength !== 'number' || typeof stats.documentFrequency !== 'object' || stats.documentFrequency === null) {
    throw new Error('unsupported windows.json format');
  }
  return { ...stats, documentFrequency: Object.assign(Object.create(null), stats.documentFrequency) };
}
