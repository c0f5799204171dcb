import { ExtractiveAnswerer } from './answer.js';
import { createAssistant, type Assistant } from './assistant.js';
import type { Config } from './config.js';
import { loadIndex, type LoadedIndex } from './index-store.js';
import { createRetriever, type Retriever } from './retrieve.js';

export interface AssistantParts {
  index: LoadedIndex;
  retriever: Retriever;
  answerer: ExtractiveAnswerer;
  assistant: Assistant;
}

/** Loads the index named by the config and wires retrieval and answering on top of it. */
export async function loadAssistant(config: Pick<Config, 'vectorsDir' | 'embeddings'>): Promise<AssistantParts> {
  const index = await loadIndex(config.vectorsDir, config.embeddings);
  const retriever = createRetriever(index);
  const answerer = new ExtractiveAnswerer(index);
  await answerer.scorer.warmUp();
  return { index, retriever, answerer, assistant: createAssistant({ index, retriever, answerer }) };
}
