import type { RequestHandler } from 'express';
import { z } from 'zod';
import type { LoadedIndex } from '../index-store.js';
import { verifyAnswer } from '../verify.js';

export const MAX_ANSWER_CHARS = 20_000;
export const MAX_CITATIONS = 100;
export const MAX_VERIFY_QUOTE_CHARS = 5000;

/**
 * An unpaired surrogate is not Unicode: no document holds one, and the echo in the verdict would
 * reach the client as `\ud800`, which strict JSON decoders reject. Refused, since cleaning the
 * text would change the very quote the verdict is about.
 */
const isWellFormed = (text: string) => (text as string & { isWellFormed(): boolean }).isWellFormed();
const UNPAIRED_SURROGATE = 'contains an unpaired surrogate (not valid Unicode)';

/**
 * The body of `POST /api/verify`. Unknown fields are ignored at every level, so a whole
 * `/api/ask` record (with `question`, `passages`, each citation's `passageId`, …) can be posted
 * back as it is. Numbers must be JSON numbers: a string offset is refused rather than coerced,
 * since an auditor's tool that sends `"12"` has a bug worth hearing about.
 *
 * `documentId` may be empty: our own unlocated citations carry `""`, and they should come back
 * as `unknown-document`, not make the whole record unpostable.
 */
export const verifyRequestSchema = z.object({
  answer: z.string().max(MAX_ANSWER_CHARS),
  citations: z
    .array(
      z.object({
        n: z.number().int().min(0),
        documentId: z.string().refine(isWellFormed, UNPAIRED_SURROGATE),
        quote: z.string().min(1).max(MAX_VERIFY_QUOTE_CHARS).refine(isWellFormed, UNPAIRED_SURROGATE),
        start: z.number().int().min(-1),
        end: z.number().int().min(-1),
      }),
    )
    .max(MAX_CITATIONS, { message: `at most ${MAX_CITATIONS} citations can be verified per request` }),
});

export type VerifyRequest = z.infer<typeof verifyRequestSchema>;

/** `POST /api/verify`: validate, then check every citation against the documents as loaded now. */
export function verifyHandler(index: Pick<LoadedIndex, 'documents'>): RequestHandler {
  return (req, res) => {
    // No body at all reads as an empty object, so the client hears "answer: Required", the actual fix.
    const claim = verifyRequestSchema.parse(req.body ?? {});
    res.json(verifyAnswer(claim, index.documents));
  };
}
