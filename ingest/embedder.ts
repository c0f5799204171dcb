import type { EmbeddingsInterface } from '@langchain/core/embeddings';

/**
 * An embedding model as the index sees it: LangChain's two-method embeddings seam (so `HNSWLib`
 * accepts it unchanged) plus the identity the index manifest records.
 */
export interface Embedder extends EmbeddingsInterface {
  /** Stable identifier written into the manifest, e.g. `transformers:Xenova/all-MiniLM-L6-v2`. */
  readonly id: string;
  /** Length of every vector this embedder returns. */
  readonly dimensions: number;
}
