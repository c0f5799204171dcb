import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { HNSWLib } from '@langchain/community/vectorstores/hnswlib';
import { Bm25Index } from './bm25.js';
import { windowStatsOf } from './sentence-windows.js';
import type { ChunkOptions } from './chunk.js';
import { loadDocuments } from './documents.js';
import { chooseEmbedderForIngest, type EmbedderSettings, type Logger } from './embedder-settings.js';
import { createStagingDir, INDEX_FILES, publish, readManifest, removeAbandonedBuilds } from './index-layout.js';
import { INDEX_BUILDER, manifestChecksum, staleReason, type Manifest } from './manifest.js';
import type { Progress } from './progress.js';
import { passageFromDocument, SentenceTextSplitter } from './sentence-splitter.js';
import { loadWordGraph, thesaurusFor, withAliases, WORD_GRAPH_FORMAT } from './thesaurus.js';
import { acronymAliases } from './acronyms.js';

export interface IngestOptions {
  inputs: string[];
  vectorsDir: string;
  chunk: ChunkOptions;
  embeddings: EmbedderSettings;
  /** Rebuild even when the index matches the inputs. */
  force: boolean;
  /**
   * Whether an index built with another embedder kind than `embeddings.mode` asks for counts as
   * stale (default true). `npm start` turns it off: there a mismatch is reported, not rebuilt.
   */
  compareEmbedder?: boolean;
  log: Logger;
  progress: (label: string, total: number) => Progress;
  /** Passages embedded per call; bounds memory and paces progress updates. */
  batchSize?: number;
}

export interface IngestResult {
  skipped: boolean;
  /** Why nothing was done, or why the index was rebuilt. */
  reason: string;
  manifest: Manifest;
  seconds: number;
}

/**
 * Builds the index for `inputs`: documents → sentence chunks → embeddings → HNSW + BM25, written
 * into a fresh folder and published atomically. Does nothing when the current index already
 * matches the inputs and settings (unless `force`).
 */
export async function ingest(options: IngestOptions): Promise<IngestResult> {
  const started = performance.now();
  const documents = await loadDocuments(options.inputs);
  const existing = await readManifest(options.vectorsDir);
  const reason = rebuildReason(existing, documents, options);
  if (existing && !reason && !options.force) {
    // publish() sweeps earlier builds only when something is rebuilt; without this, a folder left
    // by a killed build would stay until the corpus next changes.
    const removed = await removeAbandonedBuilds(options.vectorsDir);
    if (removed.length > 0) options.log.info(`removed ${removed.length} unfinished build(s) left by an interrupted ingest: ${removed.join(', ')}`);
    return { skipped: true, reason: 'index is up to date', manifest: existing, seconds: elapsed(started) };
  }

  const splitter = new SentenceTextSplitter(options.chunk);
  const split = splitter.splitParsed(documents);
  const passages = split.map(passageFromDocument);
  const chosen = await chooseEmbedderForIngest(options.embeddings, passages.map((p) => p.text), options.log);

  const store = new HNSWLib(chosen.embedder, { space: 'cosine', numDimensions: chosen.record.dimensions });
  const batch = options.batchSize ?? 64;
  const progress = options.progress(`embedding (${chosen.record.id})`, split.length);
  for (let i = 0; i < split.length; i += batch) {
    const slice = split.slice(i, i + batch);
    await store.addVectors(await chosen.embedder.embedDocuments(slice.map((d) => d.pageContent)), slice);
    progress.update(Math.min(split.length, i + batch));
  }
  progress.finish();

  const checksums = documents.map((d) => d.checksum);
  const manifest: Manifest = {
    version: 1,
    builder: INDEX_BUILDER,
    wordGraph: WORD_GRAPH_FORMAT,
    createdAt: new Date().toISOString(),
    embedder: chosen.record,
    chunker: options.chunk,
    documents: documents.map((d) => ({
      id: d.id,
      title: d.title,
      source: d.source,
      checksum: d.checksum,
      chunks: passages.filter((p) => p.documentId === d.id).length,
    })),
    chunkCount: passages.length,
    checksum: manifestChecksum(chosen.record.id, options.chunk, checksums),
  };

  const dir = await createStagingDir(options.vectorsDir);
  await store.save(dir);
  const write = (file: string, value: unknown): Promise<void> => writeFile(path.join(dir, file), JSON.stringify(value));
  await write(INDEX_FILES.documents, documents);
  await write(INDEX_FILES.passages, passages);
  const lexical = Bm25Index.build(passages);
  await write(INDEX_FILES.bm25, lexical.toState());
  await write(INDEX_FILES.windows, windowStatsOf(passages, new Map(documents.map((d) => [d.id, d]))));
  const bodies = documents.map((d) => d.text.slice(0, d.bodyEnd)).join('\n\n');
  const wordnet = thesaurusFor(await loadWordGraph(), lexical.vocabulary(), bodies);
  const aliases = acronymAliases(bodies);
  await write(INDEX_FILES.thesaurus, withAliases(wordnet, aliases));
  if (chosen.localState) await write(INDEX_FILES.localEmbedder, chosen.localState);
  // The manifest goes last: a folder without one is an unfinished build and is never published.
  await writeFile(path.join(dir, INDEX_FILES.manifest), JSON.stringify(manifest, null, 2));
  await publish(options.vectorsDir, dir);

  return { skipped: false, reason: options.force && !reason ? 'forced rebuild' : (reason ?? 'rebuild'), manifest, seconds: elapsed(started) };
}

/** Why the index must be built for `options`, or undefined when the current one matches. */
function rebuildReason(
  existing: Manifest | undefined,
  documents: ReadonlyArray<{ source: string; checksum: string }>,
  options: Pick<IngestOptions, 'chunk' | 'embeddings' | 'compareEmbedder'>,
): string | undefined {
  const explicitKind = options.embeddings.mode === 'auto' || options.compareEmbedder === false ? undefined : options.embeddings.mode;
  return existing ? staleReason(existing, documents, options.chunk, explicitKind) : 'no index yet';
}

/**
 * Whether `ingest(options)` would build anything (without `force`): the reason, or undefined when
 * the current index matches. Reads the inputs and the manifest only.
 */
export async function ingestNeeded(options: Pick<IngestOptions, 'inputs' | 'vectorsDir' | 'chunk' | 'embeddings' | 'compareEmbedder'>): Promise<string | undefined> {
  return rebuildReason(await readManifest(options.vectorsDir), await loadDocuments(options.inputs), options);
}

function elapsed(started: number): number {
  return (performance.now() - started) / 1000;
}
