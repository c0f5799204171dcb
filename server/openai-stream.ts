import type { Response } from 'express';
import type { Logger } from '../ingest/embedder-settings.js';
import type { AnswerRecord, AskEvents } from './assistant.js';
import { openAiErrorBody } from './openai-errors.js';
import {
  articleAssistantExtension,
  chunkBody,
  shiftCitations,
  usageChunkBody,
  usageOf,
  type CompletionIdentity,
} from './openai-response.js';
import { openSse } from './sse.js';

/**
 * Put between a model's unfinished text and the answer that replaces it. OpenAI clients only ever
 * append, so text already sent cannot be taken back; this says plainly why a second answer follows.
 */
export const REPLACEMENT_NOTE = '\n\n(The model stopped mid-answer; the answer below quotes the article instead.)\n\n';

/**
 * Turns the assistant's `delta` events into the pieces an OpenAI stream sends, keeping one
 * promise: the content a client accumulates ends with exactly the record's `answer`, starting at
 * `offset`.
 *
 * - A `replace` before anything was sent loses nothing: the new answer simply starts the content.
 * - A `replace` after text went out (the model failed mid-answer and the extractive answer takes
 *   over) appends `REPLACEMENT_NOTE` and then the new answer; `offset` moves past the note, and the
 *   final chunk's citations are shifted by it so `content.slice(answerStart, answerEnd)` still
 *   equals each quote. `article_assistant.answerOffset` lets a client drop the abandoned text.
 * - Trailing whitespace is held back until more text follows, because the model's answer is
 *   trimmed at the end; without this the streamed content could differ from the answer.
 */
export class StreamedAnswer {
  /** Where the answer starts in `content`. */
  offset = 0;
  private sent = '';
  private pending = '';

  /** Everything sent so far. */
  get content(): string {
    return this.sent;
  }

  /** The text to send for one `delta` event ('' for nothing). */
  push(text: string, replace = false): string {
    let out = '';
    if (replace) {
      this.pending = '';
      if (this.sent !== '') out = REPLACEMENT_NOTE;
      this.offset = this.sent.length + out.length;
    }
    const piece = this.pending + text;
    const body = piece.trimEnd();
    this.pending = piece.slice(body.length);
    return this.emit(out + body);
  }

  /** The text still owed once the answer is final, so the content ends with exactly `answer`. */
  finish(answer: string): string {
    const streamed = this.sent.slice(this.offset);
    if (answer.startsWith(streamed)) return this.emit(answer.slice(streamed.length));
    // Not expected from the assistant, but the promise above must hold: start the answer over.
    const note = this.sent === '' ? '' : REPLACEMENT_NOTE;
    this.offset = this.sent.length + note.length;
    return this.emit(note + answer);
  }

  private emit(text: string): string {
    this.sent += text;
    return text;
  }
}

export interface StreamCompletionOptions {
  identity: CompletionIdentity;
  /** Characters of the request's messages, for the usage estimate. */
  promptChars: number;
  /** `stream_options.include_usage`: end with OpenAI's usage-only chunk. */
  includeUsage: boolean;
  logger: Logger;
}

/**
 * Answers as OpenAI streams: unnamed `data:` events, a first chunk with the role, one chunk per
 * piece of text, a last chunk with `finish_reason: "stop"` that also carries `citations` and
 * `article_assistant`, the usage chunk when asked for, then `data: [DONE]`. A failure after the
 * stream opened cannot change the status any more, so it is a `data: {"error": …}` line (which
 * the OpenAI SDKs raise as an APIError) followed by `[DONE]`.
 */
export async function streamCompletion(
  res: Response,
  answer: (events: AskEvents, signal: AbortSignal) => Promise<AnswerRecord>,
  options: StreamCompletionOptions,
): Promise<void> {
  const { identity } = options;
  const sse = openSse(res);
  // With include_usage, OpenAI puts `usage: null` on every chunk before the usage chunk.
  const usageSlot = options.includeUsage ? { usage: null } : {};
  const text = new StreamedAnswer();
  const sendContent = (piece: string) => {
    if (piece !== '') sse.send(undefined, chunkBody(identity, { content: piece }, null, usageSlot));
  };
  try {
    sse.send(undefined, chunkBody(identity, { role: 'assistant', content: '' }, null, usageSlot));
    const record = await answer({ delta: (piece, replace) => sendContent(text.push(piece, replace)) }, sse.signal);
    sendContent(text.finish(record.answer));
    sse.send(
      undefined,
      chunkBody(identity, {}, 'stop', {
        ...usageSlot,
        citations: shiftCitations(record.citations, text.offset),
        article_assistant: articleAssistantExtension(record, text.offset),
      }),
    );
    if (options.includeUsage) sse.send(undefined, usageChunkBody(identity, usageOf(options.promptChars, text.content)));
  } catch (error) {
    // A client that went away needs no error event; there is nobody to read it.
    if (!sse.signal.aborted) {
      const id = String(res.locals.requestId ?? '-');
      options.logger.error(`request ${id}: streamed completion failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
      sse.send(undefined, openAiErrorBody(500, 'internal_error', `the answer failed; quote request id ${id} when reporting it`));
    }
  } finally {
    sse.sendRaw('[DONE]');
    sse.end();
  }
}
