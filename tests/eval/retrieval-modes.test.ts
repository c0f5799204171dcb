import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ModeResult } from '../../eval/modes.js';
import type { EvalReport } from '../../eval/run.js';
import type { RetrievalMode } from '../../server/retrieve.js';
import { evaluateOffline } from './offline-eval.js';

/**
 * Hybrid retrieval (dense + BM25 fused by reciprocal rank) against each half alone, on the
 * project question set with the offline embedder. Measured today over 83 answerable questions:
 *
 *   hybrid   recall@1 67.5%  recall@5 85.5%  MRR 0.744  answer hit 73.5%
 *   dense    recall@1 62.7%  recall@5 79.5%  MRR 0.692  answer hit 69.9%
 *   BM25     recall@1 65.1%  recall@5 88.0%  MRR 0.745  answer hit 73.5%
 *
 * Fusion beats dense-only everywhere and BM25-only at rank 1, but BM25 alone finds the evidence in
 * its top 5 for 2 more questions (73 against 71): it ranks their evidence 4th–5th, dense search
 * not in its top 5, and fusion below 5th. These tests pin that; the last one is the gap to close.
 */
let dir: string;
let report: EvalReport;

function mode(name: RetrievalMode): ModeResult {
  const found = report.modes.find((m) => m.mode === name);
  if (!found) throw new Error(`no ${name} row in the mode comparison`);
  return found;
}

/** Questions whose evidence was all in the top 5. */
function foundInTop5(m: ModeResult): number {
  return m.questions.filter((q) => q.evidenceRank !== null && q.evidenceRank <= 5).length;
}

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'modes-'));
  report = await evaluateOffline(dir);
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('hybrid against dense-only and BM25-only retrieval (offline embedder)', () => {
  it('compares the three modes on every answerable question', () => {
    expect(report.modes.map((m) => m.mode)).toEqual(['hybrid', 'dense', 'lexical']);
    for (const m of report.modes) expect(m.questions).toHaveLength(report.summary.answerable);
  });

  it('measures the hybrid row with the same retriever the assistant uses', () => {
    const hybrid = mode('hybrid');
    expect(hybrid.recallAt5).toBe(report.summary.recallAt5);
    expect(hybrid.mrr).toBe(report.summary.mrr);
    expect(hybrid.answerHitRate).toBe(report.summary.answerHitRate);
  });

  it('finds the evidence in the top 5 at least as often as dense-only', () => {
    expect(mode('hybrid').recallAt5).toBeGreaterThanOrEqual(mode('dense').recallAt5);
  });

  it('ranks the evidence first at least as often as the better of dense-only and BM25-only', () => {
    expect(mode('hybrid').recallAt1).toBeGreaterThanOrEqual(Math.max(mode('dense').recallAt1, mode('lexical').recallAt1));
  });

  it('has a higher MRR than dense-only', () => {
    expect(mode('hybrid').mrr).toBeGreaterThan(mode('dense').mrr);
  });

  it('puts the fact in the answer at least as often as the better of dense-only and BM25-only', () => {
    expect(mode('hybrid').answerHitRate).toBeGreaterThanOrEqual(Math.max(mode('dense').answerHitRate, mode('lexical').answerHitRate));
  });

  it('trails BM25-only recall@5 by at most the 3 questions it trails by today', () => {
    expect(foundInTop5(mode('lexical')) - foundInTop5(mode('hybrid'))).toBeLessThanOrEqual(3);
  });
});
