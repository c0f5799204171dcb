import pino from 'pino';
import type { Logger } from '../ingest/embedder-settings.js';

/**
 * The server's structured logger: JSON lines on stderr (stdout carries only the "listening"
 * line), one per event, each request's lines tagged with its `reqId`. Messages stay
 * human-readable sentences; the structure is in the fields around them.
 */
export function createLogger(level: string): Logger {
  return pino({ level, base: { service: 'article-assistant' } }, pino.destination(2));
}
