import { describe, expect, it } from 'vitest';
import type { QuestionResult } from '../../eval/evaluate.js';
import { formatReport, questionLine } from '../../eval/report.js';
import type { EvalReport } from '../../eval/run.js';
import { summarise, summariseByType } from '../../eval/summary.js';

function result(overrides: Partial<QuestionResult> = {}): QuestionResult {
  return {
    id: 'q1',
    type: 'factual',
    answerable: true,
    evidenceRank: 1,
    answerHit: true,
    abstained: false,
    citations: 2,
    verbatimCitations: 2,
    preciseCitations: 1,
    evidenceNeeded: 1,
    evidenceCovered: 1,
    totalMs: 2,
    answer: 'Quoted. [1] Also quoted. [2]',
    ...overrides,
  };
}

function report(results: QuestionResult[]): EvalReport {
  const ranks = { recallAt1: 1, recallAt5: 1, mrr: 1, answerHitRate: 1, questions: [] };
  return {
    embedder: 'local-hash-1024',
    model: null,
    summary: summarise(results),
    byType: summariseByType(results),
    modes: [
      { mode: 'hybrid', ...ranks },
      { mode: 'dense', ...ranks, recallAt5: 0.5 },
      { mode: 'lexical', ...ranks, mrr: 0.75 },
    ],
    results,
  };
}

const results = [
  result(),
  result({ id: 'q2', type: 'unanswerable', answerable: false, evidenceRank: null, answerHit: false, abstained: true, citations: 0, verbatimCitations: 0, preciseCitations: 0, evidenceNeeded: 0, evidenceCovered: 0, answer: 'The article does not say.' }),
];

describe('formatReport', () => {
  it('reports citation precision per answer with the citation counts behind it', () => {
    expect(formatReport(report(results))).toMatch(/citation precision +50\.0% per answer \(1 of 2 citations on 1 answers\)/);
  });

  it('reports abstention precision and recall with their counts', () => {
    const text = formatReport(report(results));
    expect(text).toMatch(/abstention precision +100\.0% \(1 of 1 abstentions were on unanswerable\)/);
    expect(text).toMatch(/abstention recall +100\.0% \(1 of 1 unanswerable\)/);
  });

  it('prints a row per retrieval mode', () => {
    const text = formatReport(report(results));
    expect(text).toMatch(/hybrid \(RRF\) +100\.0% +100\.0% +1\.000 +100\.0%/);
    expect(text).toMatch(/dense only +100\.0% +50\.0% +1\.000 +100\.0%/);
    expect(text).toMatch(/BM25 only +100\.0% +100\.0% +0\.750 +100\.0%/);
  });

  it('shows dashes for what unanswerable questions do not have', () => {
    expect(formatReport(report(results))).toMatch(/unanswerable +1 +– +– +100\.0% +– +– +–/);
  });

  it('lists each question only when verbose', () => {
    expect(formatReport(report(results))).not.toContain('q2 (unanswerable)');
    expect(formatReport(report(results), { verbose: true })).toContain('q2 (unanswerable)');
  });
});

describe('questionLine', () => {
  it('shows how many citations were precise and how much evidence was cited', () => {
    expect(questionLine(result())).toBe('ok    q1 (factual) rank=1 cites=1/2 evidence=1/1 Quoted. [1] Also quoted. [2]');
  });

  it('flags an answer to an unanswerable question', () => {
    expect(questionLine(result({ answerable: false, type: 'unanswerable', evidenceRank: null }))).toMatch(/^FALSE q1/);
  });
});
