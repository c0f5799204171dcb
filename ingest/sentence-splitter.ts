import { Document } from '@langchain/core/documents';
import { TextSplitter } from '@langchain/textsplitters';
import { DEFAULT_CHUNK_OPTIONS, type ChunkOptions } from './chunk.js';
import { parseDocument, type SourceDocument } from './documents.js';
import { passagesOf, type Passage } from './passages.js';

/** Metadata every split document carries; enough to rebuild its `Passage`. */
export type PassageMetadata = Omit<Passage, 'text'>;

/**
 * LangChain text splitter that cuts only between sentences and keeps exact offsets, so any
 * LangChain pipeline (and our HNSW store) gets passages that can be located in the source.
 * Unlike the stock splitters it never cuts a sentence in half and records where each chunk came from.
 *
 * @example
 * const splitter = new SentenceTextSplitter();
 * const [first] = await splitter.splitDocuments([new Document({ pageContent: text, metadata: { source: 'a.txt' } })]);
 * text.slice(first.metadata.start, first.metadata.end) === first.pageContent; // true
 */
export class SentenceTextSplitter extends TextSplitter {
  readonly options: ChunkOptions;

  constructor(options: ChunkOptions = DEFAULT_CHUNK_OPTIONS) {
    super({ chunkSize: options.maxChars, chunkOverlap: 0 });
    this.options = options;
  }

  override async splitText(text: string): Promise<string[]> {
    return passagesOf(parseDocument('text.txt', text), this.options).map((p) => p.text);
  }

  /** Splits whole documents; `metadata.source` (a file name) names the document id. */
  override async splitDocuments(documents: Document[]): Promise<Document<PassageMetadata>[]> {
    return this.splitParsed(
      documents.map((doc) => parseDocument(typeof doc.metadata.source === 'string' ? doc.metadata.source : 'document.txt', doc.pageContent)),
    );
  }

  /** Splits documents that are already parsed (ingest has them), without parsing them again. */
  splitParsed(documents: readonly SourceDocument[]): Document<PassageMetadata>[] {
    return documents.flatMap((doc) =>
      passagesOf(doc, this.options).map(({ text, ...metadata }) => new Document<PassageMetadata>({ pageContent: text, metadata, id: metadata.id })),
    );
  }
}

export function passageFromDocument(doc: Document<PassageMetadata>): Passage {
  return { ...doc.metadata, text: doc.pageContent };
}
