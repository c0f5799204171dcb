/**
 * Where the audit CLI writes: `process.stdout`, a file stream, or a test's string collector.
 * `once` is optional so a collector need not be an event emitter; real streams have it, and it is
 * what lets a long export wait for a slow pipe instead of buffering every row in memory.
 */
export interface TextSink {
  write(chunk: string): boolean;
  once?(event: 'drain', listener: () => void): unknown;
}

/** Writes, and waits for the sink to drain when it says its buffer is full. */
export async function put(sink: TextSink, chunk: string): Promise<void> {
  if (!sink.write(chunk) && sink.once) await new Promise<void>((resolve) => sink.once?.('drain', resolve));
}
