import { ChatOpenAI } from '@langchain/openai';
import type { LlmConfig } from '../config.js';
import type { ChatMessage, LlmClient } from './client.js';

/**
 * `LlmClient` over LangChain's `ChatOpenAI` with a configurable base URL, so OpenAI itself and
 * OpenAI-compatible servers (Ollama, llama.cpp server, vLLM, LM Studio) all work. Temperature 0
 * and no retries: answers should be repeatable, and a failing model falls back to extractive
 * answers within the timeout instead of being retried past it.
 */
export function createOpenAiClient(config: LlmConfig, fetchImpl?: typeof fetch): LlmClient {
  const chat = new ChatOpenAI({
    model: config.model,
    apiKey: config.apiKey,
    temperature: 0,
    maxRetries: 0,
    streaming: true,
    configuration: { baseURL: config.baseUrl, ...(fetchImpl ? { fetch: fetchImpl } : {}) },
  });
  return {
    model: config.model,
    async *stream(messages: readonly ChatMessage[], { signal }) {
      const stream = await chat.stream(
        messages.map((m) => [m.role, m.content] as [string, string]),
        { signal },
      );
      for await (const chunk of stream) {
        const text = typeof chunk.content === 'string' ? chunk.content : chunk.content.map((part) => ('text' in part ? part.text : '')).join('');
        if (text) yield text;
      }
    },
  };
}
