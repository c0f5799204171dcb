import type { RequestHandler } from 'express';
import { z } from 'zod';
import type { AuditStore } from '../audit/store.js';
import { InvalidCursorError } from '../audit/sqlite-store.js';
import { HttpError } from '../http-error.js';
import { cleanText } from '../clean-text.js';

const flag = z.enum(['true', 'false']).transform((v) => v === 'true');
const isoTime = z
  .string()
  .datetime({ offset: true, message: 'an ISO 8601 time such as 2026-11-27T10:00:00Z' })
  // zod's pattern lets any two digits through as an offset; "+24:00" or "+99:99" is no time a Date can hold.
  .refine((v) => !Number.isNaN(Date.parse(v)), 'an ISO 8601 time whose offset is between -23:59 and +23:59');

/** Query of `GET /api/audit`; every filter optional. */
export const auditQuerySchema = z.object({
  limit: z.coerce.number().int().min(1).max(100).default(20),
  cursor: z.string().max(500).optional(),
  from: isoTime.optional(),
  to: isoTime.optional(),
  q: z.string().max(200).optional(),
  abstained: flag.optional(),
  support: z.enum(['supported', 'partial', 'unsupported', 'abstained']).optional(),
  unverified: flag.optional(),
  feedback: z.enum(['up', 'down', 'any', 'none']).optional(),
});

// Comments are stored, echoed and exported like questions, so they are cleaned like questions.
const comment = z.string().max(2000).transform(cleanText).optional();
const feedbackSchema = z.object({ rating: z.enum(['up', 'down']), comment });
const citationFeedbackSchema = z.object({ supports: z.boolean(), comment });
const ANSWER_ID = /^[A-Za-z0-9-]{1,64}$/;

function answerId(raw: string | string[] | undefined): string {
  if (Array.isArray(raw)) raw = raw.join("/");
  if (!raw || !ANSWER_ID.test(raw)) throw new HttpError(404, 'answer_not_found', `no recorded answer with id ${JSON.stringify(raw ?? '')}`);
  return raw;
}

/** All audit routes answer 404 naming the switch when the trail is off, rather than pretending to be empty. */
function requireStore(store: AuditStore | undefined): AuditStore {
  if (!store) throw new HttpError(404, 'audit_disabled', 'the audit trail is off on this server (AUDIT=off)');
  return store;
}

/** `GET /api/audit`: recorded answers, newest first, filtered and paged with an opaque cursor. */
export function auditListHandler(store: AuditStore | undefined): RequestHandler {
  return async (req, res) => {
    const audit = requireStore(store);
    const { q, ...query } = auditQuerySchema.parse(req.query);
    try {
      res.json(await audit.list({ ...query, ...(q ? { text: q } : {}) }));
    } catch (error) {
      if (error instanceof InvalidCursorError) throw new HttpError(400, 'invalid_request', `cursor: ${error.message}`);
      throw error;
    }
  };
}

/** `GET /api/audit/:id`: the full record of one answer. */
export function auditEntryHandler(store: AuditStore | undefined): RequestHandler {
  return async (req, res) => {
    const id = answerId(req.params.id);
    const entry = await requireStore(store).get(id);
    if (!entry) throw new HttpError(404, 'answer_not_found', `no recorded answer with id ${JSON.stringify(id)}`);
    res.json(entry);
  };
}

/** `POST /api/audit/:id/feedback` `{ rating: "up"|"down", comment? }` */
export function feedbackHandler(store: AuditStore | undefined): RequestHandler {
  return async (req, res) => {
    const audit = requireStore(store);
    const id = answerId(req.params.id);
    const body = feedbackSchema.parse(req.body ?? {});
    const feedback = { rating: body.rating, ...(body.comment ? { comment: body.comment } : {}), at: new Date().toISOString() };
    if (!(await audit.feedback(id, feedback))) throw new HttpError(404, 'answer_not_found', `no recorded answer with id ${JSON.stringify(id)}`);
    res.status(201).json({ id, feedback });
  };
}

/** `POST /api/audit/:id/citations/:n/feedback` `{ supports: boolean, comment? }`: "this quote does not support the claim". */
export function citationFeedbackHandler(store: AuditStore | undefined): RequestHandler {
  return async (req, res) => {
    const audit = requireStore(store);
    const id = answerId(req.params.id);
    const n = Number(req.params.n);
    const body = citationFeedbackSchema.parse(req.body ?? {});
    const entry = await audit.get(id);
    if (!entry) throw new HttpError(404, 'answer_not_found', `no recorded answer with id ${JSON.stringify(id)}`);
    if (!Number.isInteger(n) || !entry.citations.some((c) => c.n === n)) {
      throw new HttpError(404, 'citation_not_found', `answer ${id} has no citation [${req.params.n}]; it has ${entry.citations.map((c) => `[${c.n}]`).join(', ') || 'none'}`);
    }
    const feedback = { n, supports: body.supports, ...(body.comment ? { comment: body.comment } : {}), at: new Date().toISOString() };
    await audit.citationFeedback(id, feedback);
    res.status(201).json({ id, feedback });
  };
}
