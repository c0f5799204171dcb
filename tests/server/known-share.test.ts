import { describe, expect, it } from 'vitest';
import { knownShare, unreachedShare } from '../../server/known-share.js';
import { analyzeQuery } from '../../server/query.js';
import { useArticleAssistant } from '../fixtures/article-assistant.js';

/**
 * Questions the article never takes up are told apart by how little of their weight lies in words
 * the article uses, over a real index of the article built with the offline embedder.
 */
const parts = useArticleAssistant('known-share');

const shareOf = (question: string) => knownShare(analyzeQuery(question, parts().index), parts().index.lexical);
const unreachedOf = (question: string) => unreachedShare(analyzeQuery(question, parts().index), parts().index.lexical);
const ask = (question: string) => parts().assistant.ask({ origin: 'api/ask', question });

describe('how much of a question the article knows', () => {
  it('weighs each term by its IDF, so a rare word the article lacks counts for more than a common one it has', () => {
    expect(shareOf('When was the first Russia-ASEAN summit held?')).toBe(1);
    expect(shareOf('How does photosynthesis convert sunlight into chemical energy in plants?')).toBeCloseTo(0.09, 2);
  });

  it('counts a question with no content terms as known, leaving it to the other checks', () => {
    expect(shareOf('What is it?')).toBe(1);
  });

  it('abstains on a question the article never takes up, instead of quoting a sentence matched through a word’s other sense', async () => {
    // "plant" reaches "establish" and "convert" reaches "money" through WordNet; nothing else matches.
    const record = await ask('How does photosynthesis convert sunlight into chemical energy in plants?');

    expect(record.abstained).toBe(true);
    expect(record.citations).toEqual([]);
  });

  it('still answers a paraphrase with many words the article lacks, once enough of its weight is known', async () => {
    const question = 'Does Moscow back the bloc’s push to keep atomic arms out of its neighbourhood?';
    expect(shareOf(question)).toBeLessThan(0.35);

    const record = await ask(question);

    expect(record.abstained).toBe(false);
    expect(record.answer).toContain('nuclear weapon-free zone');
  });
});

describe('how much of a question nothing in the article reaches', () => {
  it('abstains when the question’s main word is one the article never uses and nothing relates to it', async () => {
    // "work" is in the article ("working relationships"); "photosynthesis" has no relative there.
    expect(shareOf('How does photosynthesis work?')).toBeGreaterThan(0.12);
    expect(unreachedOf('How does photosynthesis work?')).toBeGreaterThan(0.5);

    const record = await ask('How does photosynthesis work?');

    expect(record.abstained).toBe(true);
  });

  it('does not count a word the article lacks when a relative or a word-vector neighbour reaches it', () => {
    // "envoys" reaches "delegate" by word vectors; "calamities" reaches "disaster" by WordNet.
    expect(unreachedOf('Who showed the envoys the ropes?')).toBeLessThan(0.5);
    expect(unreachedOf('Which calamities did the plan cover?')).toBe(0);
  });
});

