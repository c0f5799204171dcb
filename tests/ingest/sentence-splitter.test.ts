import { Document } from '@langchain/core/documents';
import { TextSplitter } from '@langchain/textsplitters';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CHUNK_OPTIONS } from '../../ingest/chunk.js';
import { parseDocument } from '../../ingest/documents.js';
import { passageFromDocument, SentenceTextSplitter, type PassageMetadata } from '../../ingest/sentence-splitter.js';
import { ARTICLE } from './article.js';

function articleDocument(source = 'data/article.txt'): Document {
  return new Document({ pageContent: ARTICLE, metadata: { source } });
}

describe('SentenceTextSplitter', () => {
  it('is a LangChain TextSplitter sized by maxChars', () => {
    const splitter = new SentenceTextSplitter();

    expect(splitter).toBeInstanceOf(TextSplitter);
    expect(splitter.chunkSize).toBe(DEFAULT_CHUNK_OPTIONS.maxChars);
    expect(splitter.options).toEqual(DEFAULT_CHUNK_OPTIONS);
  });

  it('returns documents whose offsets locate their content in the source', async () => {
    const split = await new SentenceTextSplitter().splitDocuments([articleDocument()]);

    expect(split.length).toBeGreaterThan(10);
    for (const doc of split) expect(ARTICLE.slice(doc.metadata.start, doc.metadata.end)).toBe(doc.pageContent);
  });

  it('names each document after its source and its position', async () => {
    const split = await new SentenceTextSplitter().splitDocuments([articleDocument('corpus/Article.txt')]);

    expect(split.map((d) => d.id)).toEqual(split.map((_, i) => `article:${i}`));
    expect(split.every((d) => d.metadata.documentId === 'article' && d.metadata.id === d.id)).toBe(true);
    expect(split.map((d) => d.metadata.index)).toEqual(split.map((_, i) => i));
  });

  it('carries paragraph and note numbers in the metadata', async () => {
    const split = await new SentenceTextSplitter().splitDocuments([articleDocument()]);

    expect(split[0]!.metadata.paragraphs).toEqual([1, expect.any(Number)]);
    expect(new Set(split.flatMap((d) => d.metadata.notes)).size).toBe(16);
  });

  it('leaves the notes list and translator line out of the passages', async () => {
    const split = await new SentenceTextSplitter().splitDocuments([articleDocument()]);

    expect(split.some((d) => d.pageContent.includes('Translated by') || d.pageContent.includes('Ibid.'))).toBe(false);
  });

  it('splits several documents, each with its own ids and offsets', async () => {
    const second = 'Russia and ASEAN met in Hanoi. They signed a road map.';
    const split = await new SentenceTextSplitter().splitDocuments([
      articleDocument(),
      new Document({ pageContent: second, metadata: { source: 'notes/summit.md' } }),
    ]);

    const last = split[split.length - 1]!;
    expect(last.id).toBe('summit:0');
    expect(second.slice(last.metadata.start, last.metadata.end)).toBe(last.pageContent);
  });

  it('splits plain text the same way as documents', async () => {
    const splitter = new SentenceTextSplitter();
    const split = await splitter.splitDocuments([articleDocument()]);

    expect(await splitter.splitText(ARTICLE)).toEqual(split.map((d) => d.pageContent));
  });

  it('follows the chunk options it is given', async () => {
    const options = { minChars: 200, maxChars: 300, overlapSentences: 0 };
    const split = await new SentenceTextSplitter(options).splitDocuments([articleDocument()]);
    const defaults = await new SentenceTextSplitter().splitDocuments([articleDocument()]);

    const sentences = parseDocument('data/article.txt', ARTICLE).sentences;
    const oneSentence = (d: Document<PassageMetadata>): boolean =>
      sentences.some((x) => x.start === d.metadata.start && x.spanEnd === d.metadata.end);

    expect(split.length).toBeGreaterThan(defaults.length);
    for (const d of split) expect(d.pageContent.length <= 300 || oneSentence(d)).toBe(true);
  });

  it('turns a split document back into the passage it came from', async () => {
    const [first] = await new SentenceTextSplitter().splitDocuments([articleDocument()]);
    const passage = passageFromDocument(first!);

    expect(passage.text).toBe(first!.pageContent);
    expect(passage.id).toBe('article:0');
    expect(ARTICLE.slice(passage.start, passage.end)).toBe(passage.text);
  });

  it('gives no documents for an empty text', async () => {
    const split = await new SentenceTextSplitter().splitDocuments([new Document({ pageContent: '', metadata: { source: 'empty.txt' } })]);

    expect(split).toEqual([]);
  });
});
