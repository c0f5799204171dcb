import { ExtractiveAnswerer } from './answer.js';
import { AnswerCache } from './answer-cache.js';
import { createAssistant, type Assistant } from './assistant.js';
import type { Config } from './config.js';
import { loadStemVectors, type VectorLogger } from '../ingest/word-vectors.js';
import { loadIndex, type LoadedIndex } from './index-store.js';
import type { LlmClient } from './llm/client.js';
import { LlmAnswerer } from './llm/llm-answerer.js';
import { createOpenAiClient } from './llm/openai-client.js';
import { createRetriever, type Retriever } from './retrieve.js';

/** Answers kept when the caller's config does not say (ANSWER_CACHE_SIZE's default). */
const DEFAULT_ANSWER_CACHE_SIZE = 1000;

export interface AssistantParts {
  index: LoadedIndex;
  retriever: Retriever;
  answerer: ExtractiveAnswerer;
  assistant: Assistant;
}

export interface LoadOptions {
  /** Replaces the OpenAI-compatible client built from `config.llm` (tests record what it is sent). */
  llmClient?: LlmClient;
  /** Told why a configured model was not used for an answer. */
  onFallback?(reason: string): void;
  /** Told when the word-vector table is built (once per install) or cannot be. */
  log?: VectorLogger;
}

/** Loads the index named by the config and wires retrieval and answering on top of it. */
export async function loadAssistant(
  config: Pick<Config, 'vectorsDir' | 'embeddings'> & Partial<Pick<Config, 'llm' | 'answerCacheSize' | 'wordVectors'>>,
  options: LoadOptions = {},
): Promise<AssistantParts> {
  const stemVectors = (config.wordVectors ?? true) ? await loadStemVectors(options.log) : undefined;
  const index = await loadIndex(config.vectorsDir, config.embeddings, stemVectors);
  const retriever = createRetriever(index);
  const answerer = new ExtractiveAnswerer(index);
  await answerer.scorer.warmUp();
  const client = options.llmClient ?? (config.llm ? createOpenAiClient(config.llm) : undefined);
  const secrets = config.llm ? [config.llm.apiKey, config.llm.baseUrl].filter((v) => v !== 'not-needed') : [];
  const llm = client ? new LlmAnswerer(client, index.documents, config.llm?.timeoutMs ?? 20_000, secrets) : undefined;
  const answerCache = new AnswerCache(config.answerCacheSize ?? DEFAULT_ANSWER_CACHE_SIZE);
  const assistant = createAssistant({ index, retriever, answerer, answerCache, ...(llm ? { llm } : {}), ...(options.onFallback ? { onFallback: options.onFallback } : {}) });
  return { index, retriever, answerer, assistant };
}
