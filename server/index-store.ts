import { access, readFile } from 'node:fs/promises';
import path from 'node:path';
import { HNSWLib } from '@langchain/community/vectorstores/hnswlib';
import { Bm25Index, type Bm25State } from '../ingest/bm25.js';
import type { SourceDocument } from '../ingest/documents.js';
import type { Embedder } from '../ingest/embedder.js';
import { loadEmbedderForIndex, type EmbedderSettings } from '../ingest/embedder-settings.js';
import { currentIndexDir, INDEX_FILES } from '../ingest/index-layout.js';
import type { LocalEmbedderState } from '../ingest/local-embedder.js';
import type { Manifest } from '../ingest/manifest.js';
import type { Passage } from '../ingest/passages.js';
import { Thesaurus, type ThesaurusState } from '../ingest/thesaurus.js';

/** Everything the server answers from, loaded once at start-up. */
export interface LoadedIndex {
  manifest: Manifest;
  embedder: Embedder;
  dense: HNSWLib;
  lexical: Bm25Index;
  thesaurus: Thesaurus;
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

async function readJson<T>(dir: string, file: string): Promise<T> {
  const full = path.join(dir, file);
  let raw: string;
  try {
    raw = await readFile(full, 'utf8');
  } catch {
    throw new IndexLoadError(`index file ${full} is missing: run npm run ingest -- --force`);
  }
  try {
    return JSON.parse(raw) as T;
  } catch {
    throw new IndexLoadError(`index file ${full} is corrupt (not valid JSON): run npm run ingest -- --force`);
  }
}

/** Loads the current index from `vectorsDir` with the embedder its manifest names. */
export async function loadIndex(vectorsDir: string, settings: EmbedderSettings): Promise<LoadedIndex> {
  const dir = currentIndexDir(vectorsDir);
  const manifest = await readJson<Manifest>(dir, INDEX_FILES.manifest).catch((error: unknown) => {
    if (error instanceof IndexLoadError && error.message.includes('missing')) {
      throw new IndexLoadError(`no index in ${vectorsDir}/ (${path.join(dir, INDEX_FILES.manifest)} not found): run npm run ingest`);
    }
    throw error;
  });
  const embedder = await loadEmbedderForIndex(manifest.embedder, settings, () =>
    readJson<LocalEmbedderState>(dir, INDEX_FILES.localEmbedder),
  );
  const [documents, passages, bm25, thesaurus] = await Promise.all([
    readJson<SourceDocument[]>(dir, INDEX_FILES.documents),
    readJson<Passage[]>(dir, INDEX_FILES.passages),
    readJson<Bm25State>(dir, INDEX_FILES.bm25),
    readJson<ThesaurusState>(dir, INDEX_FILES.thesaurus),
  ]);
  for (const file of [INDEX_FILES.hnsw, INDEX_FILES.hnswArgs, INDEX_FILES.docstore]) {
    await access(path.join(dir, file)).catch(() => {
      throw new IndexLoadError(`index file ${path.join(dir, file)} is missing: run npm run ingest -- --force`);
    });
  }
  let dense: HNSWLib;
  try {
    dense = await HNSWLib.load(dir, embedder);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new IndexLoadError(`HNSW index in ${dir} cannot be read (${reason}): run npm run ingest -- --force`);
  }
  if (dense.index.getCurrentCount() !== passages.length) {
    throw new IndexLoadError(
      `HNSW index in ${dir} holds ${dense.index.getCurrentCount()} vectors but ${INDEX_FILES.passages} lists ${passages.length} passages: run npm run ingest -- --force`,
    );
  }
  // A wider beam than hnswlib's default keeps approximate search as good as exact on small corpora.
  dense.index.setEf(Math.max(64, Math.min(400, passages.length)));
  return {
    manifest,
    embedder,
    dense,
    lexical: Bm25Index.fromState(bm25),
    thesaurus: new Thesaurus(thesaurus),
    expandDenseQueries: manifest.embedder.kind === 'local',
    documents: new Map(documents.map((d) => [d.id, d])),
    passages,
    passagesById: new Map(passages.map((p) => [p.id, p])),
  };
}
