import { describe, expect, it } from 'vitest';
import type { AnswerTrace } from '../../server/answer.js';
import { explainTrace, traceAnswer } from '../../server/explain.js';
import { useArticleAssistant } from '../fixtures/article-assistant.js';

/** `--explain` reads the answerer's own trace of an answer, over a real index of the article. */
const parts = useArticleAssistant('explain');

async function askTraced(question: string) {
  let trace: AnswerTrace | undefined;
  const record = await parts().assistant.ask({ question, origin: 'cli' }, { trace: (t) => (trace = t) });
  return { record, trace };
}

describe('the trace of an answer', () => {
  it('is handed over by the assistant as the answer is made, quoting what the answer quotes', async () => {
    const { record, trace } = await askTraced('When was the first Russia-ASEAN summit held?');

    expect(trace).toBeDefined();
    expect(trace!.chosen.map((c) => [c.sentence.start, c.sentence.end])).toEqual(record.citations.map((c) => [c.start, c.end]));
    expect(trace!.passages).toBe(record.passages.length);
  });

  it('explains the same as a trace worked out again, so the CLI need not work it out twice', async () => {
    const question = 'When was the first Russia-ASEAN summit held?';
    const { trace } = await askTraced(question);

    const again = await traceAnswer(parts(), question, 5);

    expect(explainTrace(trace!, parts())).toEqual(explainTrace(again, parts()));
    expect(explainTrace(trace!, parts()).some((line) => line.endsWith(', quoted'))).toBe(true);
  });

  it('says that a question about the article as a whole is answered from its opening', async () => {
    const { record, trace } = await askTraced('What is this article about?');

    expect(trace!.located).toBe('overview');
    const lines = explainTrace(trace!, parts());
    expect(lines.at(-1)).toBe(`asks what the document is about as a whole, so the answer quotes its opening: ${record.citations.map((c) => `article ${c.start}–${c.end}`).join(', ')}`);
  });

  it('says that a question about an acronym is answered where the article spells it out', async () => {
    const { record, trace } = await askTraced('What does APR stand for?');

    expect(trace!.located).toBe('definition');
    expect(explainTrace(trace!, parts()).at(-1)).toBe(`asks what an acronym stands for, so the answer quotes where it is spelled out: article ${record.citations[0]!.start}–${record.citations[0]!.end}`);
  });

  it('lists the words a question word stands for, WordNet’s and the word vectors’ apart', async () => {
    const { trace } = await askTraced('Who showed Moscow’s envoys the ropes of the bloc’s complicated procedures?');

    const lines = explainTrace(trace!, parts());
    expect(lines).toContainEqual(expect.stringMatching(/^ {2}moscow → .*russia/));
    expect(lines).toContainEqual(expect.stringMatching(/^ {2}envoy ≈ .*delegate.* \(word vectors\)$/));
  });

  it('names the guard that kept an off-topic question from being weighed at all', async () => {
    const few = await askTraced('How does photosynthesis convert sunlight into chemical energy in plants?');
    const unrelated = await askTraced('How does photosynthesis work?');
    const onTopic = await askTraced('When was the first Russia-ASEAN summit held?');

    expect(few.trace!.offTopic).toBe('unknown');
    expect(unrelated.trace!.offTopic).toBe('unreached');
    expect(onTopic.trace!.offTopic).toBeUndefined();
    expect([few, unrelated].map(({ trace }) => trace!.steps.length)).toEqual([0, 0]);
    expect([few, unrelated].every(({ record }) => record.abstained)).toBe(true);
  });
});
