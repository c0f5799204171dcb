import { describe, expect, it } from 'vitest';
import { DEFAULT_CHUNK_OPTIONS } from '../../ingest/chunk.js';
import { WORD_GRAPH_FORMAT } from '../../ingest/thesaurus.js';
import { INDEX_BUILDER, manifestChecksum, staleReason, type Manifest, type ManifestDocument } from '../../ingest/manifest.js';

function manifest(documents: Array<Partial<ManifestDocument>> = [{}], overrides: Partial<Manifest> = {}): Manifest {
  const docs = documents.map((d) => ({ id: 'article', title: 'Article', source: 'data/article.txt', checksum: 'aaa', chunks: 46, ...d }));
  return {
    version: 1,
    builder: INDEX_BUILDER,
    wordGraph: WORD_GRAPH_FORMAT,
    createdAt: '2026-01-01T00:00:00.000Z',
    embedder: { kind: 'local', id: 'local-hash-1024', dimensions: 1024 },
    chunker: DEFAULT_CHUNK_OPTIONS,
    documents: docs,
    chunkCount: 46,
    checksum: manifestChecksum('local-hash-1024', DEFAULT_CHUNK_OPTIONS, docs.map((d) => d.checksum)),
    ...overrides,
  };
}

const ARTICLE_INPUT = { source: 'data/article.txt', checksum: 'aaa' };

describe('staleReason', () => {
  it('finds nothing stale when the inputs and settings match', () => {
    expect(staleReason(manifest(), [ARTICLE_INPUT], DEFAULT_CHUNK_OPTIONS)).toBeUndefined();
    expect(staleReason(manifest(), [ARTICLE_INPUT], DEFAULT_CHUNK_OPTIONS, 'local')).toBeUndefined();
  });

  it('rebuilds an index whose text analysis is older than this ingest (or not recorded)', () => {
    expect(staleReason(manifest([{}], { builder: INDEX_BUILDER - 1 }), [ARTICLE_INPUT], DEFAULT_CHUNK_OPTIONS)).toBe(
      `the index was built by ingest version ${INDEX_BUILDER - 1}, this is version ${INDEX_BUILDER}`,
    );
    const { builder: _unrecorded, ...old } = manifest();
    expect(staleReason(old, [ARTICLE_INPUT], DEFAULT_CHUNK_OPTIONS)).toMatch(/^the index was built by ingest version 1,/);
  });

  it('rebuilds an index whose thesaurus was cut from an older WordNet graph (or an unrecorded one)', () => {
    expect(staleReason(manifest([{}], { wordGraph: WORD_GRAPH_FORMAT - 1 }), [ARTICLE_INPUT], DEFAULT_CHUNK_OPTIONS)).toBe(
      `the index's word relations come from WordNet graph format ${WORD_GRAPH_FORMAT - 1}, this ingest builds format ${WORD_GRAPH_FORMAT}`,
    );
    const { wordGraph: _unrecorded, ...old } = manifest();
    expect(staleReason(old, [ARTICLE_INPUT], DEFAULT_CHUNK_OPTIONS)).toMatch(/WordNet graph format \(unrecorded\)/);
  });

  it('names a file whose text changed', () => {
    expect(staleReason(manifest(), [{ ...ARTICLE_INPUT, checksum: 'bbb' }], DEFAULT_CHUNK_OPTIONS)).toBe(
      'data/article.txt changed since it was indexed',
    );
  });

  it('names a file that is not in the index', () => {
    expect(staleReason(manifest(), [{ source: 'data/other.txt', checksum: 'aaa' }], DEFAULT_CHUNK_OPTIONS)).toBe(
      'data/other.txt is not in the index',
    );
  });

  it('notices a file added to or removed from the inputs', () => {
    const two = manifest([{}, { id: 'other', source: 'data/other.txt' }]);

    expect(staleReason(manifest(), [ARTICLE_INPUT, { source: 'b.txt', checksum: 'c' }], DEFAULT_CHUNK_OPTIONS)).toBe(
      'the set of input files changed',
    );
    expect(staleReason(two, [ARTICLE_INPUT], DEFAULT_CHUNK_OPTIONS)).toBe('the set of input files changed');
  });

  it('notices changed chunker settings', () => {
    expect(staleReason(manifest(), [ARTICLE_INPUT], { ...DEFAULT_CHUNK_OPTIONS, overlapSentences: 0 })).toBe(
      'chunker settings changed',
    );
  });

  it('compares the embedder only when a kind is asked for', () => {
    expect(staleReason(manifest(), [ARTICLE_INPUT], DEFAULT_CHUNK_OPTIONS, 'transformers')).toBe(
      'index was built with the local embedder, transformers was asked for',
    );
    expect(staleReason(manifest(), [ARTICLE_INPUT], DEFAULT_CHUNK_OPTIONS)).toBeUndefined();
  });
});

describe('manifestChecksum', () => {
  it('is the same for the same embedder, chunker and documents, and differs when any changes', () => {
    const base = manifestChecksum('local-hash-1024', DEFAULT_CHUNK_OPTIONS, ['aaa']);

    expect(manifestChecksum('local-hash-1024', DEFAULT_CHUNK_OPTIONS, ['aaa'])).toBe(base);
    expect(manifestChecksum('local-hash-512', DEFAULT_CHUNK_OPTIONS, ['aaa'])).not.toBe(base);
    expect(manifestChecksum('local-hash-1024', { ...DEFAULT_CHUNK_OPTIONS, maxChars: 800 }, ['aaa'])).not.toBe(base);
    expect(manifestChecksum('local-hash-1024', DEFAULT_CHUNK_OPTIONS, ['bbb'])).not.toBe(base);
  });
});
