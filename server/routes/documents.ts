import type { RequestHandler } from 'express';
import type { LoadedIndex } from '../index-store.js';
import { HttpError } from '../http-error.js';

/**
 * `GET /api/documents/:id`: the full text a citation's offsets point into, so a client can show a
 * quote in context and check `text.slice(start, end) === quote` itself. Notes come along because
 * quoted sentences cite them by number.
 */
export function documentHandler(index: Pick<LoadedIndex, 'documents'>): RequestHandler<{ id: string }> {
  return (req, res) => {
    const doc = index.documents.get(req.params.id);
    if (!doc) throw new HttpError(404, 'document_not_found', `no document with id "${req.params.id}"`);
    res.json({ id: doc.id, title: doc.title, text: doc.text, notes: doc.notes });
  };
}

/** `GET /api/passages/:id` (ids look like `article:12`): one indexed chunk with its offsets into its document. */
export function passageHandler(index: Pick<LoadedIndex, 'passagesById'>): RequestHandler<{ id: string }> {
  return (req, res) => {
    const passage = index.passagesById.get(req.params.id);
    if (!passage) throw new HttpError(404, 'passage_not_found', `no passage with id "${req.params.id}"`);
    res.json(passage);
  };
}
