import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { locateEvidence } from '../../eval/evidence.js';
import { loadQuestions } from '../../eval/question-set.js';

/** The held-out sets: written without seeing the pipeline's answers, never tuned against. */
const SETS = [
  { file: 'heldout.json', prefix: 'h', counts: { factual: 10, paraphrase: 14, multi: 4, unanswerable: 8 } },
  { file: 'heldout2.json', prefix: 'k', counts: { factual: 8, paraphrase: 12, multi: 4, unanswerable: 6 } },
  { file: 'heldout3.json', prefix: 'm', counts: { factual: 8, paraphrase: 12, multi: 4, unanswerable: 6 } },
  { file: 'heldout4.json', prefix: 'p', counts: { factual: 8, paraphrase: 12, multi: 4, unanswerable: 6 } },
  { file: 'heldout5.json', prefix: 'r', counts: { factual: 8, paraphrase: 12, multi: 4, unanswerable: 6 } },
  { file: 'heldout6.json', prefix: 's', counts: { factual: 8, paraphrase: 12, multi: 4, unanswerable: 6 } },
  { file: 'heldout7.json', prefix: 't', counts: { factual: 8, paraphrase: 12, multi: 4, unanswerable: 6 } },
  { file: 'heldout8.json', prefix: 'u', counts: { factual: 8, paraphrase: 12, multi: 4, unanswerable: 6 } },
  { file: 'heldout9.json', prefix: 'v', counts: { factual: 8, paraphrase: 12, multi: 4, unanswerable: 6 } },
  { file: 'heldout10.json', prefix: 'w', counts: { factual: 8, paraphrase: 12, multi: 4, unanswerable: 6 } },
  { file: 'heldout11.json', prefix: 'x', counts: { factual: 8, paraphrase: 12, multi: 4, unanswerable: 6 } },
  { file: 'heldout12.json', prefix: 'y', counts: { factual: 8, paraphrase: 12, multi: 4, unanswerable: 6 } },
  { file: 'heldout13.json', prefix: 'z', counts: { factual: 8, paraphrase: 12, multi: 4, unanswerable: 6 } },
  { file: 'heldout14.json', prefix: 'j', counts: { factual: 8, paraphrase: 12, multi: 4, unanswerable: 6 } },
  { file: 'heldout15.json', prefix: 'n', counts: { factual: 8, paraphrase: 12, multi: 4, unanswerable: 6 } },
  { file: 'heldout16.json', prefix: 'a', counts: { factual: 8, paraphrase: 12, multi: 4, unanswerable: 6 } },
  { file: 'heldout17.json', prefix: 'b', counts: { factual: 8, paraphrase: 12, multi: 4, unanswerable: 6 } },
  { file: 'heldout18.json', prefix: 'c', counts: { factual: 8, paraphrase: 12, multi: 4, unanswerable: 6 } },
  { file: 'heldout19.json', prefix: 'd', counts: { factual: 8, paraphrase: 12, multi: 4, unanswerable: 6 } },
  { file: 'heldout20.json', prefix: 'e', counts: { factual: 8, paraphrase: 12, multi: 4, unanswerable: 6 } },
  { file: 'heldout21.json', prefix: 'f', counts: { factual: 8, paraphrase: 12, multi: 4, unanswerable: 6 } },
  { file: 'heldout22.json', prefix: 'g', counts: { factual: 8, paraphrase: 12, multi: 4, unanswerable: 6 } },
  { file: 'heldout23.json', prefix: 'i', counts: { factual: 8, paraphrase: 12, multi: 4, unanswerable: 6 } },
  { file: 'heldout24.json', prefix: 'o', counts: { factual: 8, paraphrase: 12, multi: 4, unanswerable: 6 } },
  { file: 'heldout25.json', prefix: 'l', counts: { factual: 8, paraphrase: 12, multi: 4, unanswerable: 6 } },
  { file: 'heldout26.json', prefix: 'ab', counts: { factual: 8, paraphrase: 12, multi: 4, unanswerable: 6 } },
  { file: 'heldout27.json', prefix: 'ac', counts: { factual: 8, paraphrase: 12, multi: 4, unanswerable: 6 } },
  { file: 'heldout28.json', prefix: 'ad', counts: { factual: 8, paraphrase: 12, multi: 4, unanswerable: 6 } },
  { file: 'heldout29.json', prefix: 'ae', counts: { factual: 8, paraphrase: 12, multi: 4, unanswerable: 6 } },
  { file: 'heldout30.json', prefix: 'af', counts: { factual: 8, paraphrase: 12, multi: 4, unanswerable: 6 } },
  { file: 'heldout31.json', prefix: 'ag', counts: { factual: 8, paraphrase: 12, multi: 4, unanswerable: 6 } },
];

describe.each(SETS)('the held-out question set eval/$file', ({ file, prefix, counts }) => {
  const url = new URL(`../../eval/${file}`, import.meta.url);

  it('has answerable, paraphrased and unanswerable questions of its own', async () => {
    const heldout = await loadQuestions(url);
    const total = Object.values(counts).reduce((a, b) => a + b, 0);
    const count = (type: string) => heldout.filter((q) => q.type === type).length;
    expect(heldout).toHaveLength(total);
    expect([count('factual'), count('paraphrase'), count('multi'), count('unanswerable')]).toEqual([counts.factual, counts.paraphrase, counts.multi, counts.unanswerable]);
    expect(new Set(heldout.map((q) => q.id)).size).toBe(total);
    expect(heldout.every((q) => q.id.startsWith(prefix))).toBe(true);
    const others = await Promise.all([loadQuestions(), ...SETS.filter((s) => s.file !== file).map((s) => loadQuestions(new URL(`../../eval/${s.file}`, import.meta.url)))]);
    const seen = new Set(others.flat().map((q) => q.question.toLowerCase()));
    expect(heldout.filter((q) => seen.has(q.question.toLowerCase()))).toEqual([]);
  });

  it('quotes its evidence verbatim from the article, and each fact from its evidence', async () => {
    const heldout = await loadQuestions(url);
    const text = await readFile(new URL('../../data/article.txt', import.meta.url), 'utf8');
    const located = locateEvidence(heldout, [{ id: 'article', text }]);
    for (const q of heldout) {
      expect(located.get(q.id)).toHaveLength(q.evidence.length);
      if (q.type === 'unanswerable') expect(q.evidence.length + q.facts.length).toBe(0);
      else for (const fact of q.facts) expect(q.evidence.some((e) => e.includes(fact)), `${q.id}: ${fact}`).toBe(true);
    }
  });
});
