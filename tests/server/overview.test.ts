import { describe, expect, it } from 'vitest';
import { locatedAnswer } from '../../server/located.js';
import { conclusionSentences, isConclusionQuestion, isOverviewQuestion, overviewLocation, overviewSentences } from '../../server/overview.js';
import { useArticleAssistant } from '../fixtures/article-assistant.js';
import { paragraphCorpus } from '../fixtures/small-corpus.js';

describe('isOverviewQuestion', () => {
  it.each([
    'What is this article about?',
    'Summarize the article',
    'Can you give me a brief overview of the text?',
    "What's the gist?",
    'What is the main point?',
    'What does the author argue?',
    'What is the purpose of the paper?',
    'tl;dr',
  ])('reads "%s" as a question about the document as a whole', (question) => {
    expect(isOverviewQuestion(question)).toBe(true);
  });

  it.each([
    // Asks about something the document says, or something it does not say about itself.
    'What is the main topic of the ASEAN-Russia energy dialogue?',
    'What does the article say about Vietnam?',
    'Summarize the 2005 program',
    'Who is the author?',
    'Who translated the article?',
    'What is ASEAN?',
    '',
  ])('does not read "%s" as one', (question) => {
    expect(isOverviewQuestion(question)).toBe(false);
  });
});

describe('isConclusionQuestion', () => {
  it.each(['What does the author conclude?', 'What is the conclusion of the article?', 'How does the article end?', "What are the author's conclusions?"])(
    'reads "%s" as asking what the document concludes',
    (question) => {
      expect(isConclusionQuestion(question)).toBe(true);
      expect(isOverviewQuestion(question)).toBe(false);
    },
  );

  it.each(['When did the program end?', 'What did the 2005 summit conclude?', 'What is this article about?'])('does not read "%s" as one', (question) => {
    expect(isConclusionQuestion(question)).toBe(false);
  });
});

describe('conclusionSentences', () => {
  it('takes the paragraph after the last "* * *" break', () => {
    const { doc } = paragraphCorpus('ports.txt', 'Northern Ports', [
      'Trade grew along the rivers for centuries.',
      '* * *',
      'The rivers made the north rich. Their ports still matter today. Railways came later.',
      'Other ports rose elsewhere in the south.',
    ]);

    expect(conclusionSentences(doc, 2).map((s) => doc.text.slice(s.start, s.end))).toEqual(['The rivers made the north rich.', 'Their ports still matter today.']);
  });

  it('takes the last paragraph when there is no break', () => {
    const { doc } = paragraphCorpus('ports.txt', 'Northern Ports', ['Trade grew along the rivers for centuries.', 'In the end the ports declined slowly.']);

    expect(conclusionSentences(doc, 2).map((s) => doc.text.slice(s.start, s.end))).toEqual(['In the end the ports declined slowly.']);
  });
});

describe('overviewSentences', () => {
  it('takes the statements of the first paragraph, without an "Abstract." label', () => {
    const { doc } = paragraphCorpus('paper.txt', 'Abstract. The paper studies river trade in the north. It compares three ports.', [
      'The first port was founded early. It grew slowly.',
    ]);

    const text = overviewSentences(doc, 2).map((s) => doc.text.slice(s.start, s.end));

    expect(text).toEqual(['The paper studies river trade in the north.', 'It compares three ports.']);
  });

  it('passes over a heading to the first paragraph that states something', () => {
    const { doc } = paragraphCorpus('notes.md', 'River Trade', ['Ports of the North', 'River trade shaped the northern towns for centuries. Ports grew along it.']);

    const text = overviewSentences(doc, 1).map((s) => doc.text.slice(s.start, s.end));

    expect(text).toEqual(['River trade shaped the northern towns for centuries.']);
  });

  it('finds the passage that holds the overview', () => {
    const { passages, documents } = paragraphCorpus('notes.md', 'River Trade', ['Ports of the North', 'River trade shaped the northern towns for centuries.']);

    expect(overviewLocation('Summarize the text', { passages, documents })?.spots.map((s) => s.passage.id)).toEqual(['notes:1']);
    expect(overviewLocation('When did river trade begin?', { passages, documents })).toBeUndefined();
  });
});

describe('the answer to an overview question', () => {
  it('quotes one overview sentence of each document when there are several, in the order their openings rank', () => {
    const river = paragraphCorpus('river.txt', 'River Trade', ['River trade shaped the northern towns. Ports grew along it.', 'Later the railways came.']);
    const salt = paragraphCorpus('salt.txt', 'Salt Roads', ['Salt roads crossed the hills for centuries. Mules carried the loads.']);
    const corpus = { passages: [...river.passages, ...salt.passages], documents: new Map([...river.documents, ...salt.documents]) };
    const ranked = [salt.passages[0]!, river.passages[1]!, river.passages[0]!].map((passage, i) => ({ passage, rank: i + 1, score: 1 / (i + 1) }));

    const chosen = locatedAnswer(overviewLocation('What are these texts about?', corpus)!, ranked);

    expect(chosen.map((c) => [c.passageId, c.doc.text.slice(c.sentence.start, c.sentence.end)])).toEqual([
      ['salt:0', 'Salt roads crossed the hills for centuries.'],
      ['river:0', 'River trade shaped the northern towns.'],
    ]);
  });

  it('quotes nothing when no document opening was retrieved', () => {
    const river = paragraphCorpus('river.txt', 'River Trade', ['River trade shaped the northern towns.', 'Later the railways came.']);

    const location = overviewLocation('Summarize the text', { passages: river.passages, documents: river.documents })!;

    expect(locatedAnswer(location, [{ passage: river.passages[1]!, rank: 1, score: 1 }])).toEqual([]);
  });
});

describe('overview questions over the article', () => {
  const parts = useArticleAssistant('overview');
  const ask = (question: string, history: Array<{ role: 'user' | 'assistant'; content: string }> = []) =>
    parts().assistant.ask({ origin: 'api/ask', question, history });

  it('answers "What is this article about?" with the abstract, its passage ranked first', async () => {
    const record = await ask('What is this article about?');

    expect(record.abstained).toBe(false);
    expect(record.citations.map((c) => c.quote)).toEqual([
      'The author analyzes different eras of the partnership between Russia and the influential regional grouping of ASEAN over the last 20 years.',
      expect.stringMatching(/^ASEAN’s leading role in laying the foundations for peace and security/),
    ]);
    expect(record.citations[0]!.passageId).toBe(record.passages[0]!.id);
    const text = parts().index.documents.get('article')!.text;
    for (const c of record.citations) expect(text.slice(c.start, c.end)).toBe(c.quote);
  });

  it('answers a request for a summary in the middle of a conversation the same way', async () => {
    const record = await ask('Summarize the article, please', [
      { role: 'user', content: 'When was the first Russia-ASEAN summit held?' },
      { role: 'assistant', content: 'It was held in Kuala Lumpur on December 13, 2005.' },
    ]);

    expect(record.abstained).toBe(false);
    expect(record.citations[0]!.quote).toMatch(/^The author analyzes different eras/);
  });

  it('answers "What does the author conclude?" with the opening of the closing section', async () => {
    const record = await ask('What does the author conclude?');

    expect(record.citations.map((c) => c.quote)).toEqual([
      'Which trends will dominate in the APR in coming decades depends largely on how relations between Russia and ASEAN develop.',
      'It is important that there be no political disagreements or conflicts between the two sides.',
    ]);
    expect(record.citations[0]!.passageId).toBe(record.passages[0]!.id);
  });

  it('still abstains on what the article does not say about itself', async () => {
    expect((await ask('Who is the author?')).abstained).toBe(true);
  });
});
