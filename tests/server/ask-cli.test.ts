import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runAskCli } from '../../server/ask-cli.js';
import { ingestArticle } from '../fixtures/article-index.js';

/** `npm run ask` over a real index of the article (offline embedder), its output captured. */
let dir: string;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'ask-cli-'));
  const { vectorsDir } = await ingestArticle(dir);
  // The corpus path the fixture's index records, so the CLI finds the index current and builds nothing.
  env = { CORPUS: 'data/article.txt', VECTORS_DIR: vectorsDir, MODELS_DIR: path.join(dir, 'models'), EMBEDDINGS: 'local', AUDIT: 'off' };
}, 60_000);

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function ask(...argv: string[]) {
  let out = '';
  let err = '';
  const code = await runAskCli(argv, env, { write: (chunk: string) => ((out += chunk), true) }, { write: (chunk: string) => ((err += chunk), true) });
  return { code, out, err };
}

describe('npm run ask', () => {
  it('prints the answer, where each quote stands in the article, and the passages with their scores', async () => {
    const result = await ask('When was the first Russia-ASEAN summit held?');

    expect(result.code).toBe(0);
    expect(result.out).toContain('Of special importance was the first Russia-ASEAN Summit, held on December 13, 2005 in Kuala Lumpur, Malaysia. [1]');
    expect(result.out).toMatch(/\n {2}\[1\] .* \(article\), paragraph \d+, characters \d+–\d+/);
    expect(result.out).toMatch(/\n {2}1\. article:\d+ score 0\.\d{4} \(dense [\d.]+, bm25 [\d.]+, window [\d.]+, meaning [\d.]+\) /);
    expect(result.out).not.toContain('Why (extractive answering)');
  });

  it('explains with --explain how the question was read and why each sentence could or could not answer', async () => {
    const result = await ask('When was the first Russia-ASEAN summit held?', '--explain');

    expect(result.code).toBe(0);
    const why = result.out.slice(result.out.indexOf('Why (extractive answering):'));
    expect(why).toMatch(/terms: first \(idf \d\.\d\d\), russia/);
    expect(why).toContain('asks for: a date; must hold first');
    expect(why).toMatch(/covers \d+% \[[^\]]*summit[^\]]*\], passage \d, quoted\n\s+“Of special importance was the first Russia-ASEAN Summit/);
    expect(why).toMatch(/cannot answer: (is about another ordinal|holds no date|lacks first)/);
    expect(why).not.toContain('part 1');
  });

  it('explains a two-part question part by part, as it was answered', async () => {
    const result = await ask('When was the first Russia-ASEAN summit held, and where was the second one held?', '--explain');

    expect(result.code).toBe(0);
    const why = result.out.slice(result.out.indexOf('Why (extractive answering):'));
    expect(why).toContain('part 1: “When was the first Russia-ASEAN summit held?”');
    expect(why).toContain('part 2: “Where was the second one held?”, read against the first part');
    expect(why.match(/, quoted\n/g)).toHaveLength(2);
  });

  it('says when no sentence can answer and the answer abstains', async () => {
    const result = await ask('Who represented Russia at the January 2007 East Asia Summit in Cebu?', '--explain');

    expect(result.out).toMatch(/^The article does not say\./);
    expect(result.out).toContain('no sentence can answer, so the answer abstains');
    expect(result.out).not.toContain(', quoted\n');
  });

  it('says when the article uses too few of the question’s words to be about it', async () => {
    const result = await ask('How does photosynthesis convert sunlight into chemical energy in plants?', '--explain');

    expect(result.out).toMatch(/^The article does not say\./);
    expect(result.out).toContain('only 9% of the question’s weight is in words the article uses (12% needed), so the answer abstains');
    expect(result.out).not.toContain('sentences of the top');
  });

  it('says when the question is about a word the article cannot reach at all', async () => {
    const result = await ask('How does photosynthesis work?', '--explain');

    expect(result.out).toMatch(/^The article does not say\./);
    expect(result.out).toContain('71% of the question’s weight is in words the article never uses and nothing relates to it (under 50% allowed), so the answer abstains');
  });

  it('answers 2 with its usage for a bad --top-k or no question', async () => {
    expect((await ask('--top-k', '0', 'ASEAN?')).code).toBe(2);
    const none = await ask('--explain');
    expect(none.code).toBe(2);
    expect(none.err).toContain('usage: npm run ask -- "question" [--top-k N] [--explain]');
  });
});
