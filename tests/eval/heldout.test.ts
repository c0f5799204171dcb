import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { locateEvidence } from '../../eval/evidence.js';
import { loadQuestions } from '../../eval/question-set.js';

const HELDOUT = new URL('../../eval/heldout.json', import.meta.url);

describe('the held-out question set (eval/heldout.json)', () => {
  it('has answerable, paraphrased and unanswerable questions of its own', async () => {
    const heldout = await loadQuestions(HELDOUT);
    const tuned = await loadQuestions();
    const count = (type: string) => heldout.filter((q) => q.type === type).length;
    expect(heldout).toHaveLength(36);
    expect([count('factual'), count('paraphrase'), count('multi'), count('unanswerable')]).toEqual([10, 14, 4, 8]);
    expect(new Set(heldout.map((q) => q.id)).size).toBe(36);
    const tunedQuestions = new Set(tuned.map((q) => q.question.toLowerCase()));
    expect(heldout.filter((q) => tunedQuestions.has(q.question.toLowerCase()))).toEqual([]);
  });

  it('quotes its evidence verbatim from the article, and each fact from its evidence', async () => {
    const heldout = await loadQuestions(HELDOUT);
    const text = await readFile(new URL('../../data/article.txt', import.meta.url), 'utf8');
    const located = locateEvidence(heldout, [{ id: 'article', text }]);
    for (const q of heldout) {
      expect(located.get(q.id)).toHaveLength(q.evidence.length);
      if (q.type === 'unanswerable') expect(q.evidence.length + q.facts.length).toBe(0);
      else for (const fact of q.facts) expect(q.evidence.some((e) => e.includes(fact)), `${q.id}: ${fact}`).toBe(true);
    }
  });
});
