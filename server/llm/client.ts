/** One message of a chat with a language model. */
export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

/**
 * The seam between the assistant and a language model: messages in, text out as it is produced.
 * The real implementation talks to any OpenAI-compatible server through LangChain; tests point it
 * at a stub server, so no test depends on a real model.
 */
export interface LlmClient {
  /** The model name, recorded with every answer it writes. */
  readonly model: string;
  /** Yields the completion's text in pieces; aborting `signal` stops the request. */
  stream(messages: readonly ChatMessage[], options: { signal: AbortSignal }): AsyncIterable<string>;
}

/** Reads a whole completion; used where nothing is streamed (condensing a follow-up). */
export async function complete(client: LlmClient, messages: readonly ChatMessage[], signal: AbortSignal): Promise<string> {
  let text = '';
  for await (const piece of client.stream(messages, { signal })) text += piece;
  return text;
}
