import { describe, expect, it } from 'vitest';
import { isSmallTalk } from '../../server/small-talk.js';
import { useArticleAssistant } from '../fixtures/article-assistant.js';

describe('isSmallTalk', () => {
  it.each(['hi', 'Hello!', 'thanks!', 'Thank you so much', 'ok, great', 'Good morning'])('reads "%s" as small talk', (message) => {
    expect(isSmallTalk(message)).toBe(true);
  });

  it.each(['Thanks, and the second one?', 'Hi, when was the first summit held?', 'What gives Russia soft power?', ''])('does not read "%s" as small talk', (message) => {
    expect(isSmallTalk(message)).toBe(false);
  });
});

describe('messages that name nothing to look up, over the article', () => {
  const parts = useArticleAssistant('small-talk');
  const ask = (question: string, history: Array<{ role: 'user' | 'assistant'; content: string }> = []) =>
    parts().assistant.ask({ origin: 'api/chat', question, history });
  const NOTHING = /^The article does not say\. “.+” names nothing to look up in it: ask about something it discusses, or what it is about as a whole\.$/;

  it('does not quote "…thanks to the successful development…" for "thanks!", even after a question', async () => {
    const alone = await ask('thanks!');
    const afterQuestion = await ask('Thanks a lot', [
      { role: 'user', content: 'When was the first Russia-ASEAN summit held?' },
      { role: 'assistant', content: 'It was held in Kuala Lumpur on December 13, 2005.' },
    ]);
    for (const record of [alone, afterQuestion]) {
      expect(record.abstained).toBe(true);
      expect(record.citations).toEqual([]);
      expect(record.answer).toMatch(NOTHING);
    }
    // Not read as a follow-up of the question before it.
    expect(afterQuestion.standaloneQuestion).toBe('Thanks a lot');
    expect(afterQuestion.answer).toContain('“Thanks a lot” names nothing');
  });

  it('says so for a question made only of question and stop words', async () => {
    const record = await ask('Who is the author?');

    expect(record.abstained).toBe(true);
    expect(record.answer).toMatch(NOTHING);
  });

  it('keeps the usual abstention for a question that names something the article does not cover', async () => {
    const record = await ask('How does photosynthesis work?');

    expect(record.answer).toMatch(/^The article does not say\. None of the passages closest to/);
  });
});
