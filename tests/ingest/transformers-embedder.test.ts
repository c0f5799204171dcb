import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { EmbedderUnavailableError, TransformersEmbedder } from '../../ingest/transformers-embedder.js';
import { makeTinyModel, TINY_MODEL_DIMENSIONS } from '../fixtures/tiny-model.js';

function norm(v: number[]): number {
  return Math.sqrt(v.reduce((sum, x) => sum + x * x, 0));
}

function cosine(a: number[], b: number[]): number {
  let dot = 0;
  for (let i = 0; i < a.length; i++) dot += (a[i] ?? 0) * (b[i] ?? 0);
  return dot / (norm(a) * norm(b));
}

describe('TransformersEmbedder with a local tiny BERT model', () => {
  let tmp: string;
  let model: string;
  let embedder: TransformersEmbedder;

  beforeAll(async () => {
    tmp = await mkdtemp(join(tmpdir(), 'transformers-embedder-'));
    model = await makeTinyModel(tmp);
    embedder = await TransformersEmbedder.load({ model, modelDir: tmp, allowRemote: false, quantized: false });
  });

  afterAll(async () => {
    if (tmp) await rm(tmp, { recursive: true, force: true });
  });

  it('reports the width of the model output as its dimensions and names the model in its id', () => {
    expect(embedder.dimensions).toBe(TINY_MODEL_DIMENSIONS);
    expect(embedder.dimensions).toBe(16);
    expect(embedder.id).toBe(`transformers:${model}`);
  });

  it('returns plain number arrays of unit length', async () => {
    const vector = await embedder.embedQuery('The ASEAN summit was held in Hanoi.');
    expect(Array.isArray(vector)).toBe(true);
    expect(vector).toHaveLength(16);
    expect(norm(vector)).toBeCloseTo(1, 5);
  });

  it('embeds the same text identically every time', async () => {
    const text = 'Russia and Vietnam signed an energy agreement';
    expect(await embedder.embedQuery(text)).toEqual(await embedder.embedQuery(text));
  });

  it('places texts that share words closer together than texts with no words in common', async () => {
    const [summit, summitAgain, unrelated] = await embedder.embedDocuments([
      'Russia ASEAN summit held in Hanoi',
      'the ASEAN summit in Hanoi',
      'football music weather rain garden',
    ]);
    expect(cosine(summit!, summitAgain!)).toBeGreaterThan(cosine(summit!, unrelated!));
    expect(cosine(summitAgain!, summit!)).toBeGreaterThan(cosine(summitAgain!, unrelated!));
  });

  it('embeds a multi-batch list of documents in order, matching each query embedding', async () => {
    const words = ['russia', 'asean', 'summit', 'hanoi', 'vietnam', 'trade', 'energy', 'oil', 'gas', 'talks'];
    const texts = Array.from({ length: 40 }, (_, i) =>
      `${words[i % words.length]} ${words[(i * 3 + 1) % words.length]} ${'meeting '.repeat(i % 4)}${i}`.trim(),
    );
    const documents = await embedder.embedDocuments(texts);
    expect(documents).toHaveLength(40);
    for (const [i, text] of texts.entries()) {
      const query = await embedder.embedQuery(text);
      expect(documents[i]).toHaveLength(16);
      documents[i]!.forEach((x, d) => expect(x).toBeCloseTo(query[d]!, 5));
    }
  });

  it('returns no vectors for an empty document list', async () => {
    expect(await embedder.embedDocuments([])).toEqual([]);
  });

  it('rejects a model that is not on disk, with a one-line error naming the model, when downloads are off', async () => {
    const missing = 'nobody/no-such-model';
    const loading = TransformersEmbedder.load({ model: missing, modelDir: tmp, allowRemote: false });
    await expect(loading).rejects.toBeInstanceOf(EmbedderUnavailableError);
    const error = (await loading.catch((e: unknown) => e)) as EmbedderUnavailableError;
    expect(error.model).toBe(missing);
    expect(error.message).not.toMatch(/[\r\n]/);
    expect(error.message).toContain(missing);
    expect(error.message).toContain(tmp);
    expect(error.message).toContain('remote download disabled');
  });
});
