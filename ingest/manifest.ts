import { createHash } from 'node:crypto';
import type { ChunkOptions } from './chunk.js';
import { WORD_GRAPH_FORMAT } from './thesaurus.js';

/** Which embedder built an index; queries must be embedded by the same one. */
export interface EmbedderRecord {
  kind: 'local' | 'transformers';
  id: string;
  dimensions: number;
  /** Model name for `transformers` indexes. */
  model?: string;
}

export interface ManifestDocument {
  id: string;
  title: string;
  source: string;
  checksum: string;
  chunks: number;
}

/** `manifest.json`: what an index was built from and with. Written last, so its presence means complete. */
export interface Manifest {
  version: 1;
  /** How ingest analysed the text (tokenizer, thesaurus); absent in indexes from before it was recorded. */
  builder?: number;
  /** The format of the WordNet graph its thesaurus was cut from; absent in indexes from before it was recorded. */
  wordGraph?: number;
  createdAt: string;
  embedder: EmbedderRecord;
  chunker: ChunkOptions;
  documents: ManifestDocument[];
  chunkCount: number;
  /** sha256 over embedder, chunker and document checksums: one value that names this index's content. */
  checksum: string;
}

export const MANIFEST_FILE = 'manifest.json';

/**
 * Bumped when ingest analyses text differently (stemming, thesaurus relations), so an index built
 * the old way is rebuilt rather than queried with terms it does not use.
 */
export const INDEX_BUILDER = 8;

export function manifestChecksum(embedderId: string, chunker: ChunkOptions, documentChecksums: readonly string[]): string {
  return createHash('sha256')
    .update(JSON.stringify({ embedderId, chunker, documentChecksums }))
    .digest('hex');
}

/**
 * Why an existing index does not match the inputs, or `undefined` when it does. The embedder is
 * compared only when the caller asks for a specific kind.
 */
export function staleReason(
  manifest: Manifest,
  inputs: ReadonlyArray<{ source: string; checksum: string }>,
  chunker: ChunkOptions,
  embedderKind?: EmbedderRecord['kind'],
): string | undefined {
  if ((manifest.builder ?? 1) !== INDEX_BUILDER) return `the index was built by ingest version ${manifest.builder ?? 1}, this is version ${INDEX_BUILDER}`;
  if (manifest.wordGraph !== WORD_GRAPH_FORMAT) {
    return `the index's word relations come from WordNet graph format ${manifest.wordGraph ?? '(unrecorded)'}, this ingest builds format ${WORD_GRAPH_FORMAT}`;
  }
  if (JSON.stringify(manifest.chunker) !== JSON.stringify(chunker)) return 'chunker settings changed';
  if (embedderKind && manifest.embedder.kind !== embedderKind) {
    return `index was built with the ${manifest.embedder.kind} embedder, ${embedderKind} was asked for`;
  }
  const indexed = new Map(manifest.documents.map((d) => [d.source, d.checksum]));
  if (indexed.size !== inputs.length) return 'the set of input files changed';
  for (const input of inputs) {
    const checksum = indexed.get(input.source);
    if (checksum === undefined) return `${input.source} is not in the index`;
    if (checksum !== input.checksum) return `${input.source} changed since it was indexed`;
  }
  return undefined;
}
