import { describe, expect, it } from 'vitest';
import { askedAcronym, definitionLocation } from '../../server/definition.js';
import { useArticleAssistant } from '../fixtures/article-assistant.js';
import { paragraphCorpus } from '../fixtures/small-corpus.js';

describe('askedAcronym', () => {
  it.each([
    ['What is ASEAN?', { acronym: 'ASEAN', lettersOnly: false }],
    ['What’s the SCO?', { acronym: 'SCO', lettersOnly: false }],
    ['Define TAC', { acronym: 'TAC', lettersOnly: false }],
    ['What does APR stand for?', { acronym: 'APR', lettersOnly: true }],
  ])('reads "%s" as asking what an acronym is', (question, asked) => {
    expect(askedAcronym(question)).toEqual(asked);
  });

  it.each(['What is ASEAN doing about the South China Sea?', 'What is soft power?', 'When was the SCO founded?'])('does not read "%s" as one', (question) => {
    expect(askedAcronym(question)).toBeUndefined();
  });
});

describe('definitionLocation', () => {
  const { passages, documents } = paragraphCorpus('ports.txt', 'Northern Ports', [
    'Trade grew along the rivers. The towns founded the Northern River League (NRL) in 1402. This league fixed tolls for a century.',
    'The NRL met every spring.',
  ]);
  const corpus = { passages, documents };
  const quoted = (question: string) => {
    const location = definitionLocation(question, corpus);
    return location?.spots.flatMap((s) => s.sentences.map((x) => s.doc.text.slice(x.start, x.end)));
  };

  it('finds the sentence that spells the acronym out, and the next one when it goes on about it', () => {
    expect(quoted('What is the NRL?')).toEqual(['The towns founded the Northern River League (NRL) in 1402.', 'This league fixed tolls for a century.']);
    expect(definitionLocation('What is the NRL?', corpus)?.spots.map((s) => s.passage.id)).toEqual(['ports:0']);
  });

  it('quotes only the spelling-out when asked what the letters stand for', () => {
    expect(quoted('What does NRL stand for?')).toEqual(['The towns founded the Northern River League (NRL) in 1402.']);
  });

  it('has nothing for an acronym the document never spells out', () => {
    expect(definitionLocation('What is NATO?', corpus)).toBeUndefined();
  });
});

describe('acronym questions over the article', () => {
  const parts = useArticleAssistant('definition');
  const ask = (question: string) => parts().assistant.ask({ origin: 'api/ask', question });

  it('answers "What is ASEAN?" where the article spells it out, its passage ranked first', async () => {
    const record = await ask('What is ASEAN?');

    expect(record.abstained).toBe(false);
    expect(record.citations.map((c) => c.quote)).toEqual([
      'No less a core of integration in the APR is the Association of Southeast Asian Nations (ASEAN).',
      expect.stringMatching(/^This rapidly developing subregional political and economic organization/),
    ]);
    expect(record.citations[0]!.passageId).toBe(record.passages[0]!.id);
  });

  it('answers what APR stands for with the one sentence that spells it out', async () => {
    const record = await ask('What does APR stand for?');

    expect(record.citations.map((c) => c.quote)).toEqual(['The role of the Asia-Pacific Region (APR) in world politics and economics is steadily growing.']);
  });

  it('abstains on an acronym the article never uses', async () => {
    expect((await ask('What is NATO?')).abstained).toBe(true);
  });
});
