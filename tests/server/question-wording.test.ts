import { describe, expect, it } from 'vitest';
import { analyzeQuery } from '../../server/query.js';
import { useArticleAssistant } from '../fixtures/article-assistant.js';

/**
 * How a question's wording is read, over a real index of the article built with the offline
 * embedder: multi-word expressions ("set up", "taken part"), questions about a span of time, and
 * "who" questions whose answer is a country or a body rather than a person.
 */
const parts = useArticleAssistant('question-wording');

const analyze = (question: string) => analyzeQuery(question, parts().index);
const ask = (question: string) => parts().assistant.ask({ origin: 'api/ask', question });
/** Asks `question` in a chat after one earlier question and its answer. */
const askAfter = (question: string, earlier: string, reply: string) =>
  parts().assistant.ask({ origin: 'api/chat', question, history: [{ role: 'user', content: earlier }, { role: 'assistant', content: reply }] });

describe('multi-word expressions in questions', () => {
  it('searches for what a phrase the article never uses means, instead of its words', () => {
    const query = analyze('When was the consultative partnership between Russia and ASEAN set up?');

    expect(query.terms).toContain('set_up');
    expect(query.terms).not.toContain('set');
    expect(query.related.get('set_up')).toContain('establish');
  });

  it('keeps the words of a phrase the article uses, and lends them what the phrase means', () => {
    const query = analyze('How long has Russia taken part in the ASEAN Regional Forum?');

    expect(query.terms).toEqual(expect.arrayContaining(['take', 'part']));
    expect(query.related.get('part')).toContain('participate');
  });

  it('answers "taken part" with the sentence about Russian participation', async () => {
    const record = await ask('How long has Russia taken part in the ASEAN Regional Forum?');

    expect(record.abstained).toBe(false);
    expect(record.answer).toContain('more than 15 years of Russian participation in the work of the ASEAN Regional Forum');
  });
});

describe('phrases that only shape a question', () => {
  it('does not look for "take place" in the answer to "where did … take place?"', async () => {
    const record = await ask('Where did the East Asia Summit of January 2007 take place?');

    expect(record.abstained).toBe(false);
    expect(record.answer).toContain('in the city of Cebu');
  });
});

describe('multi-word expressions in the article', () => {
  it('credits a sentence with what its own phrase means ("taking part" for participants)', async () => {
    const record = await ask('From how many countries did participants come to the June 2013 ASEAN-Russia Business Forum?');

    expect(record.abstained).toBe(false);
    expect(record.answer).toContain('Taking part in the forum were more than 200 government officials');
    expect(record.answer).toContain('from 16 countries worldwide');
  });
});

describe('ordinals', () => {
  it('abstains on the third summit rather than quote a paragraph about two-thirds of Russia’s territory', async () => {
    const record = await ask('Where was the third ASEAN-Russia summit held?');

    expect(record.abstained).toBe(true);
  });

  it('answers "Where was it held?" after the first summit with the first summit, not the sentence comparing both', async () => {
    const record = await askAfter('Where was it held?', 'When was the first Russia-ASEAN summit held?', 'Of special importance was the first Russia-ASEAN Summit, held on December 13, 2005 in Kuala Lumpur, Malaysia. [1]');

    // "If the First Russia-ASEAN Summit opened…, the Second Summit, held in Hanoi, raised…" had been quoted.
    expect(record.answer).toMatch(/^Of special importance was the first Russia-ASEAN Summit, held on December 13, 2005 in Kuala Lumpur/);
    expect(record.answer).not.toContain('Hanoi');
  });
});

describe('follow-ups about a stage of what was named before', () => {
  it('answers "When did that start?" with the date of what the question before asked about', async () => {
    const record = await askAfter('When did that start?', 'Who coordinated ASEAN relations with Russia?', 'Hanoi. [1]');

    // "start" had to be in the answering sentence, and "…by 2015" was quoted.
    expect(record.citations[0]!.quote).toMatch(/requested in 1996 that Hanoi assume the role of coordinating/);
  });
});

describe('"how big" about something named', () => {
  it('answers "How big is ASEAN?" with its population and GDP', async () => {
    const record = await ask('How big is ASEAN?');

    expect(record.citations[0]!.quote).toBe('The Association’s combined population totals more than 650 million, and its overall GDP is greater than $2.3 trillion.');
  });

  it('abstains on the size of a country the article gives none for, rather than quote "medium-sized businesses"', async () => {
    expect((await ask('How big is Vietnam?')).abstained).toBe(true);
  });
});

describe('questions about a span of time', () => {
  it('answers "how many years" with the dates the span runs between', async () => {
    const record = await ask('How many years did it take for Russia to go from consultative partner to full dialogue partner?');

    expect(record.abstained).toBe(false);
    expect(record.answer).toContain('established between Russia and ASEAN in 1994');
    expect(record.answer).toContain('It was in 1996 that Russia was conferred the status of a full-fledged ASEAN dialogue partner');
  });
});

describe('"who" questions', () => {
  it('answers a bare "who" with the country the article names', async () => {
    const record = await ask("Who coordinated ASEAN's relations with Russia?");

    expect(record.abstained).toBe(false);
    expect(record.answer).toContain('Hanoi assume the role of coordinating the organization’s relations with Russia');
  });

  it('still abstains when the question names an office the article never fills', async () => {
    const record = await ask("Who was Russia's foreign minister at the time of the first Russia-ASEAN summit?");

    expect(record.abstained).toBe(true);
  });
});

describe('two-part questions', () => {
  it('answers each part with the kind of fact it asks for', async () => {
    const record = await ask('When did Russia and Vietnam sign their strategic partnership declaration, and what does Point XIV of it state?');

    expect(record.abstained).toBe(false);
    expect(record.answer).toContain('since the 2001 signing of an historic bilateral document');
    expect(record.answer).toContain('Point XIV of the Declaration of Strategic Partnership states');
  });

  it('reads a later part that leans on the first against it, as a follow-up', async () => {
    const query = analyze('When was the first Russia-ASEAN summit held, and where was the second one held?');
    const trace = await parts().answerer.trace(query, await parts().retriever.retrieve(query, { topK: 5 }));

    expect(trace.steps.map((step) => step.query.focus)).toEqual(['When was the first Russia-ASEAN summit held?', 'Where was the second one held?']);
    expect(trace.steps[1]!.query.termWeights.get('second')).toBe(1);
    expect(trace.steps[1]!.query.termWeights.get('summit')).toBe(0.5);
  });
});

describe('a statement before the question', () => {
  it('answers what the question asks, not the ordinal of the statement that sets the scene', async () => {
    const record = await ask('The first action program ran until 2015; what was being prepared to replace it?');

    expect(record.abstained).toBe(false);
    expect(record.standaloneQuestion).toBe('The first action program ran until 2015: what was being prepared to replace it?');
    expect(record.answer).toContain('preparing a new Comprehensive Program of Action to Promote Cooperation between ASEAN and Russia for the years after 2015');
  });
});

describe('names of several words', () => {
  it('abstains where the article has the words of "East Asia Summit" only apart', async () => {
    for (const question of ['When did Russia become a full member of the East Asia Summit?', 'In what year was the ASEAN Regional Forum set up?']) {
      const record = await ask(question);
      expect(record.abstained, question).toBe(true);
    }
  });

  it('answers from the paragraph that writes the name whole', async () => {
    const record = await ask('Which country is Vietnam helping to get into the East Asia Summit?');

    expect(record.answer).toContain('to help Russia be included in the East Asia Summit (EAS)');
  });
});

describe('acronyms', () => {
  it('searches for an acronym at full weight when the question uses a word found only in its long form', () => {
    const query = analyze('Which country pushed for closer links with the Shanghai grouping?');

    expect(query.weighted.get('sco')).toBe(1);
  });

  it('keeps an acronym at a side weight for a long-form word the article uses everywhere', () => {
    const query = analyze('What do the nations of Southeast Asia think of Russia?');

    expect(query.weighted.get('asean')).toBeLessThan(0.5);
  });

  it('credits "the Association" for "Southeast Asian", through ASEAN, without searching for it', async () => {
    const query = analyze('What is the combined population of the Southeast Asian grouping?');
    expect(query.related.get('southeast')).toContain('associate');
    expect(query.weighted.has('associate')).toBe(false);

    const record = await ask('What is the combined population of the Southeast Asian grouping?');
    expect(record.answer).toContain('The Association’s combined population totals more than 650 million');
  });
});

describe('a capital named by its country', () => {
  it('reads "the Vietnamese capital" as Hanoi, in search and in the paragraph that must name it', async () => {
    const query = analyze('What did the joint declaration adopted in the Vietnamese capital say about security?');
    expect(query.terms).toContain('vietnamese_capital');
    expect(query.related.get('vietnamese_capital')).toContain('hanoi');

    const record = await ask('What did the joint declaration adopted in the Vietnamese capital say about security?');
    expect(record.abstained).toBe(false);
    expect(record.answer).toContain('national security cannot be ensured by impairing the security of others');
  });

  it('still wants the names of any other phrase in the paragraph: the European Union is not Europe', async () => {
    const record = await ask('How many member states does the European Union have?');

    expect(record.abstained).toBe(true);
  });
});

describe('sentences that point back', () => {
  it('reads "They saw…" with the sentence before it, which says who they are', async () => {
    const record = await ask("What did Moscow's new rulers make of Washington and the capitals of the EU right after the USSR fell apart?");

    expect(record.abstained).toBe(false);
    expect(record.answer).toContain('They saw the United States and Western Europe as their main political and ideological allies');
    // The sentence it points back to is quoted too, so the answer says who "they" are.
    expect(record.answer).toContain('the leaders of the new Russia oriented the country’s foreign policy toward the West');
  });
});

describe('indefinite pronouns', () => {
  it('does not count "anything" as a word the article lacks, so a paraphrase is still weighed', async () => {
    const record = await ask('Did the plan say anything about coping with floods, earthquakes and similar calamities?');

    expect(record.abstained).toBe(false);
    expect(record.answer).toContain('mitigating the consequences of natural disasters');
  });
});
