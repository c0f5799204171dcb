import { describe, expect, it } from 'vitest';
import { LocalEmbedder } from '../../ingest/local-embedder.js';

const PASSAGES = [
  'Russia exports oil and gas to Vietnam.',
  'Russia and ASEAN held a summit in Hanoi.',
  'Russia signed a nuclear power agreement with Vietnam.',
  'The football season ended with heavy rain.',
];

/** An embedder fitted on `texts`, small by default so tests stay quick. */
function fitted(texts: readonly string[] = PASSAGES, dimensions = 256): LocalEmbedder {
  return LocalEmbedder.fit(texts, dimensions);
}

function norm(v: readonly number[]): number {
  return Math.sqrt(v.reduce((sum, x) => sum + x * x, 0));
}

function cosine(a: readonly number[], b: readonly number[]): number {
  return a.reduce((sum, x, i) => sum + x * b[i]!, 0) / (norm(a) * norm(b));
}

describe('LocalEmbedder', () => {
  it('returns vectors of the configured dimension and names it in its id', async () => {
    const embedder = fitted(PASSAGES, 1024);

    expect(embedder.dimensions).toBe(1024);
    expect(embedder.id).toBe('local-hash-1024');
    expect(await embedder.embedQuery('summit in Hanoi')).toHaveLength(1024);
  });

  it('returns L2-normalised vectors', async () => {
    const vectors = await fitted().embedDocuments([...PASSAGES, 'a question about oil prices']);

    for (const v of vectors) expect(norm(v)).toBeCloseTo(1, 10);
  });

  it('embeds the same text identically, in this embedder and in one fitted again on the same passages', async () => {
    const text = 'Russia and Vietnam signed an energy agreement';

    expect(await fitted().embedQuery(text)).toEqual(await fitted().embedQuery(text));
  });

  it('embeds a document and a query of the same text identically', async () => {
    const embedder = fitted();
    const [asDocument] = await embedder.embedDocuments([PASSAGES[1]!]);

    expect(asDocument).toEqual(await embedder.embedQuery(PASSAGES[1]!));
  });

  it('places related texts closer than unrelated ones', () => {
    const embedder = fitted();
    const query = embedder.embed('When did Russia and ASEAN hold their summit?');

    expect(cosine(query, embedder.embed(PASSAGES[1]!))).toBeGreaterThan(cosine(query, embedder.embed(PASSAGES[0]!)));
    expect(cosine(query, embedder.embed(PASSAGES[0]!))).toBeGreaterThan(cosine(query, embedder.embed(PASSAGES[3]!)));
  });

  it('tolerates inflections and misspellings through shared word pieces', () => {
    const embedder = fitted();
    const query = embedder.embed('Vietnamese nucler agreements');

    const ranked = PASSAGES.map((p) => cosine(query, embedder.embed(p)));
    expect(ranked.indexOf(Math.max(...ranked))).toBe(2);
  });

  it('weighs a word the passages rarely use above one they all use', () => {
    // "Russia" is in three passages, "Hanoi" in one: the Hanoi passage is nearest.
    const embedder = fitted();
    const query = embedder.embed('Russia Hanoi');

    const ranked = PASSAGES.map((p) => cosine(query, embedder.embed(p)));
    expect(ranked.indexOf(Math.max(...ranked))).toBe(1);
  });

  it('gives identical vectors after its state round-trips through JSON', () => {
    const embedder = fitted();
    const restored = LocalEmbedder.fromState(JSON.parse(JSON.stringify(embedder.toState())));

    expect(restored.id).toBe(embedder.id);
    for (const text of [...PASSAGES, 'an unseen query about trade']) {
      expect(restored.embed(text)).toEqual(embedder.embed(text));
    }
  });

  it('refuses a state in an unknown format', () => {
    expect(() => LocalEmbedder.fromState({ ...fitted().toState(), version: 2 as 1 })).toThrow(
      'unsupported local-embedder.json format',
    );
  });
});
