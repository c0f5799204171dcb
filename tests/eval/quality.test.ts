import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluate, type EvalSummary, type QuestionResult } from '../../eval/evaluate.js';
import { loadQuestions } from '../../eval/question-set.js';
import { DEFAULT_CHUNK_OPTIONS } from '../../ingest/chunk.js';
import { ingest } from '../../ingest/ingest.js';
import { silentProgress } from '../../ingest/progress.js';
import { loadAssistant } from '../../server/load-assistant.js';

/**
 * The project's question set (eval/questions.json) through the real pipeline with the built-in
 * offline embedder. These floors are what the pipeline reaches today; a change that lowers any of
 * them is a regression. The README's "Quality" section lists them beside the targets we aim for.
 */
const FLOORS = {
  recallAt5: 0.85,
  answerHitRate: 0.72,
  verbatimRate: 1,
  unanswerableAbstainedShare: 5 / 6,
  answerableAbstainedShare: 0.08,
};

let dir: string;
let summary: EvalSummary;
let results: QuestionResult[];

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'quality-'));
  const embeddings = {
    mode: 'local' as const,
    model: 'unused',
    modelDir: path.join(dir, 'models'),
    allowRemote: false,
    quantized: true,
    localDimensions: 1024,
  };
  const quiet = { info() {}, warn() {}, error() {} };
  const vectorsDir = path.join(dir, 'vectors');
  await ingest({ inputs: ['data/article.txt'], vectorsDir, chunk: DEFAULT_CHUNK_OPTIONS, embeddings, force: false, log: quiet, progress: silentProgress });
  const { assistant, index } = await loadAssistant({ vectorsDir, embeddings });
  ({ summary, results } = await evaluate(await loadQuestions(), assistant, index));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('answer quality on the project question set (offline embedder)', () => {
  it('has at least 40 answerable questions, 8 paraphrases and 6 unanswerable ones', async () => {
    const questions = await loadQuestions();
    expect(questions.filter((q) => q.type !== 'unanswerable').length).toBeGreaterThanOrEqual(40);
    expect(questions.filter((q) => q.type === 'paraphrase').length).toBeGreaterThanOrEqual(8);
    expect(questions.filter((q) => q.type === 'unanswerable').length).toBeGreaterThanOrEqual(6);
  });

  it('quotes every citation verbatim at the offsets it gives', () => {
    expect(summary.citations).toBeGreaterThan(40);
    expect(summary.verbatimRate).toBe(FLOORS.verbatimRate);
  });

  it('finds the evidence in the top 5 passages for most answerable questions', () => {
    expect(summary.recallAt5).toBeGreaterThanOrEqual(FLOORS.recallAt5);
  });

  it('puts the asked-for fact in the answer for most answerable questions', () => {
    expect(summary.answerHitRate).toBeGreaterThanOrEqual(FLOORS.answerHitRate);
  });

  it('abstains on most questions the article cannot answer', () => {
    expect(summary.abstainedUnanswerable / summary.unanswerable).toBeGreaterThanOrEqual(FLOORS.unanswerableAbstainedShare);
  });

  it('rarely abstains on questions the article answers', () => {
    expect(summary.abstainedAnswerable / summary.answerable).toBeLessThanOrEqual(FLOORS.answerableAbstainedShare);
  });

  it('answers plain factual questions far better than the paraphrases', () => {
    const factual = results.filter((r) => r.type === 'factual');
    const hits = factual.filter((r) => r.answerHit).length / factual.length;
    expect(hits).toBeGreaterThanOrEqual(0.75);
  });
});
