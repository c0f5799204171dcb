import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AnswerCache, type CachedAnswer } from '../../server/answer-cache.js';
import { loadAssistant, type AssistantParts } from '../../server/load-assistant.js';
import { ingestArticle } from '../fixtures/article-index.js';

const FIRST_SUMMIT = 'When was the first Russia-ASEAN summit held?';

function entry(answer: string): CachedAnswer {
  return { passages: [], draft: { answer, abstained: false, citations: [] }, groundedness: 1, support: 'supported' };
}

const key = (standalone: string, topK = 5) => ({ standalone, focus: standalone, context: '', topK });

describe('AnswerCache', () => {
  it('drops the least recently used answer once full', () => {
    const cache = new AnswerCache(2);
    cache.set(key('a'), entry('A'));
    cache.set(key('b'), entry('B'));
    expect(cache.get(key('a'))?.draft.answer).toBe('A');
    cache.set(key('c'), entry('C'));
    expect(cache.get(key('b'))).toBeUndefined();
    expect(cache.get(key('a'))?.draft.answer).toBe('A');
    expect(cache.get(key('c'))?.draft.answer).toBe('C');
    expect(cache.size).toBe(2);
    expect([cache.hits, cache.misses]).toEqual([3, 1]);
  });

  it('keeps nothing with capacity 0, and tells topK apart', () => {
    const off = new AnswerCache(0);
    off.set(key('a'), entry('A'));
    expect(off.get(key('a'))).toBeUndefined();
    const cache = new AnswerCache(5);
    cache.set(key('a', 5), entry('A'));
    expect(cache.get(key('a', 3))).toBeUndefined();
  });

  it('freezes what it keeps, so no caller can change the answer the next caller gets', () => {
    const cache = new AnswerCache(5);
    cache.set(key('a'), entry('A'));
    const kept = cache.get(key('a'))!;
    expect(() => {
      (kept.draft as { answer: string }).answer = 'changed';
    }).toThrow(TypeError);
    expect(cache.get(key('a'))!.draft.answer).toBe('A');
  });
});

describe('answers reused by the assistant (the article, offline embedder)', () => {
  let dir: string;
  let cached: AssistantParts;
  let uncached: AssistantParts;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(tmpdir(), 'answer-cache-'));
    const { vectorsDir, embeddings } = await ingestArticle(dir);
    cached = await loadAssistant({ vectorsDir, embeddings });
    uncached = await loadAssistant({ vectorsDir, embeddings, answerCacheSize: 0 });
  });

  afterAll(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('answers a repeated question from memory: same answer, citations and passages, a new id', async () => {
    const first = await cached.assistant.ask({ origin: 'api/ask', question: FIRST_SUMMIT });
    const again = await cached.assistant.ask({ origin: 'api/ask', question: `  ${FIRST_SUMMIT} ` });
    expect(first.cached).toBe(false);
    expect(again.cached).toBe(true);
    expect(again.id).not.toBe(first.id);
    expect(again.answer).toBe(first.answer);
    expect(again.citations).toEqual(first.citations);
    expect(again.passages).toEqual(first.passages);
    expect(again.timings.retrieveMs).toBe(0);
    expect(again.answer).toContain('Kuala Lumpur');
  });

  it('streams a reused answer the same way: passages, then each quote and its citation', async () => {
    const seen: string[] = [];
    const record = await cached.assistant.ask(
      { origin: 'api/ask', question: FIRST_SUMMIT },
      { passages: (p) => seen.push(`passages ${p.length}`), delta: (text) => seen.push('delta'), citation: (c) => seen.push(`citation ${c.n}`) },
    );
    expect(record.cached).toBe(true);
    expect(seen[0]).toBe('passages 5');
    expect(seen).toContain('citation 1');
    expect(seen.filter((s) => s === 'delta').join('').length).toBeGreaterThan(0);
  });

  it('resolves a follow-up first, so it is reused only when it asks the same thing', async () => {
    const history = [
      { role: 'user' as const, content: FIRST_SUMMIT },
      { role: 'assistant' as const, content: 'On December 13, 2005 in Kuala Lumpur. [1]' },
    ];
    const second = await cached.assistant.ask({ origin: 'api/ask', question: 'And the second one?', history });
    expect(second.answer).toContain('Hanoi');
    const differentTopK = await cached.assistant.ask({ origin: 'api/ask', question: FIRST_SUMMIT, topK: 3 });
    expect(differentTopK.cached).toBe(false);
    expect(differentTopK.passages).toHaveLength(3);
  });

  it('never reuses an answer with ANSWER_CACHE_SIZE=0', async () => {
    await uncached.assistant.ask({ origin: 'api/ask', question: FIRST_SUMMIT });
    const again = await uncached.assistant.ask({ origin: 'api/ask', question: FIRST_SUMMIT });
    expect(again.cached).toBe(false);
    expect(again.timings.retrieveMs).toBeGreaterThan(0);
  });
});
