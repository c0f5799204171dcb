import { describe, expect, it } from 'vitest';
import type { AnalyzedQuery } from '../../server/query.js';
import { queryVector } from '../../server/query-vector.js';

function countingIndex(expandDenseQueries: boolean) {
  const asked: string[] = [];
  const embedder = {
    embedQuery: async (text: string) => (asked.push(text), [text.length, 1]),
  };
  return { index: { embedder: embedder as never, expandDenseQueries }, asked };
}

const query = (text: string, expandedText = text) => ({ text, expandedText }) as AnalyzedQuery;

describe('queryVector', () => {
  it('embeds an analysed question once, however many steps ask for its vector', async () => {
    const { index, asked } = countingIndex(false);
    const q = query('When was the first summit held?');

    const [a, b] = await Promise.all([queryVector(index, q), queryVector(index, q)]);
    const c = await queryVector(index, q);

    expect(asked).toEqual(['When was the first summit held?']);
    expect(b).toBe(a);
    expect(c).toBe(a);
  });

  it('embeds each analysed question of its own, and the expanded text for the weight-free embedder', async () => {
    const { index, asked } = countingIndex(true);

    await queryVector(index, query('pact', 'pact treaty'));
    await queryVector(index, query('pact', 'pact treaty'));

    expect(asked).toEqual(['pact treaty', 'pact treaty']);
  });
});
