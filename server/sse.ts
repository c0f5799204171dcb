import type { Response } from 'express';

/** A Server-Sent Events response: named events with JSON data, ended exactly once. */
export interface SseStream {
  send(event: string | undefined, data: unknown): void;
  /** Writes a raw `data:` line (OpenAI streams end with `data: [DONE]`). */
  sendRaw(data: string): void;
  end(): void;
  /** Aborted when the client goes away, so the model call behind the stream stops too. */
  readonly signal: AbortSignal;
}

/**
 * Switches `res` to an event stream. Proxies are told not to buffer it, and a client that
 * disconnects aborts `signal` rather than leaving a model writing to nobody.
 */
export function openSse(res: Response): SseStream {
  res.status(200);
  res.set({
    'Content-Type': 'text/event-stream; charset=utf-8',
    'Cache-Control': 'no-cache, no-transform',
    Connection: 'keep-alive',
    'X-Accel-Buffering': 'no',
  });
  res.flushHeaders();
  const controller = new AbortController();
  let ended = false;
  res.on('close', () => {
    if (!ended) controller.abort(new Error('client closed the stream'));
    ended = true;
  });
  const write = (text: string) => {
    if (!ended) res.write(text);
  };
  return {
    send(event, data) {
      write(`${event ? `event: ${event}\n` : ''}data: ${JSON.stringify(data)}\n\n`);
    },
    sendRaw(data) {
      write(`data: ${data}\n\n`);
    },
    end() {
      if (ended) return;
      ended = true;
      res.end();
    },
    signal: controller.signal,
  };
}
