import type { RequestHandler } from 'express';
import type { LoadedIndex } from '../index-store.js';

/** `GET /healthz`: the process is up and serving HTTP; says nothing about the index. */
export const healthHandler: RequestHandler = (_req, res) => {
  res.json({ status: 'ok' });
};

/**
 * `GET /readyz`: the app only exists once its index has loaded, so reaching this handler means
 * ready; the counts and embedder let an operator see *which* index is being served.
 */
export function readyHandler(index: Pick<LoadedIndex, 'manifest'>): RequestHandler {
  return (_req, res) => {
    const m = index.manifest;
    res.json({ status: 'ready', documents: m.documents.length, chunks: m.chunkCount, embedder: m.embedder.id });
  };
}
