import { describe, expect, it } from 'vitest';
import { terms } from '../../ingest/tokenize.js';
import { contradictsOrdinal, hasAnswerType, shapeOf, withoutFalseOrdinals } from '../../server/question-shape.js';

describe('shapeOf: the kind of fact a question asks for', () => {
  it.each([
    ['How many years passed between the two summits?', 'duration'],
    ['How long has Russia taken part in the forum?', 'duration'],
    ['How long ago was the first summit?', 'date'],
    ['When was the first summit held?', 'date'],
    // A date to the month or day, and a place.
    ['What was the date of the first summit?', 'day'],
    ['In what month did the deputy ministers meet in Manila?', 'day'],
    ['Where was the second summit held?', 'place'],
    ['In which city was the 24th ASEAN Foreign Ministers Meeting held in 1991?', 'place'],
    // A word between "which" and the kind of fact does not hide it.
    ['On what exact date did ASEAN and the SCO sign their protocol?', 'day'],
    ['In which Philippine city was the 2007 summit held?', 'place'],
    ['Which country chaired ASEAN in 2010?', 'other'],
    ["Who led Russia's delegation to the first summit?", 'person'],
    ['Which Russian energy companies operate in Southeast Asia?', 'name'],
    ['Who represented Russia at the first summit in Kuala Lumpur?', 'person'],
    ['How many people live in the member countries?', 'number'],
    ['What was the total value of Soviet assistance?', 'number'],
    ['What is the overall size of the fund?', 'number'],
    ["Who was Russia's foreign minister at the time?", 'person'],
    ['Which two Russian officials held talks?', 'person'],
    ["Which regional leaders' gathering did Russia join?", 'other'],
    ["Who coordinated ASEAN's relations with Russia?", 'other'],
    ['Who chairs the Russia-ASEAN Business Council?', 'person'],
    ['Which individual leads the Russia-ASEAN Business Council as its chair?', 'person'],
    ['Who said that relations have a bright future?', 'person'],
    ['Who is involved in preparing for the foreign ministers’ meetings?', 'other'],
    ['Why does ASEAN need Russia?', 'other'],
    // An office word inside a name asks for the thing named, not a person.
    ['Which ASEAN Foreign Ministers Meeting did a Soviet guest delegation attend in 1991?', 'other'],
    ['Who was ASEAN’s Secretary General when the first summit took place?', 'person'],
    // The wording that comes first decides: this "when" opens a clause.
    ['How many countries were members of ASEAN when it adopted its founding Declaration in 1967?', 'number'],
    ['When and how many times did the leaders meet?', 'date'],
    // A "when" inside the question says which occasion; it asks for a date where it opens a question or ends one.
    ["What did Lavrov and the bloc's top official talk over when they met in mid-2014?", 'other'],
    ['What was Russia’s situation like when Hanoi took on the coordinating job?', 'other'],
    ['Where was the second summit held, and when did it take place?', 'place'],
    ['The second summit was held when?', 'date'],
    // A "when" clause that sets the scene leaves the question to what follows it.
    ['When the two presidents held talks in 2012, what did they pledge?', 'other'],
    ['When the bloc was first set up, how many members did it have?', 'number'],
    ['When did the two presidents hold talks, and what did they pledge?', 'date'],
  ])('%s → %s', (question, type) => {
    expect(shapeOf(question).answerType).toBe(type);
  });
});

describe('hasAnswerType for a day and a place', () => {
  it('wants a month for a day, not only a year', () => {
    expect(hasAnswerType('In its founding Declaration of 1967, ASEAN defined itself as a regional association.', 'day')).toBe(false);
    expect(hasAnswerType('The first summit was held on December 13, 2005.', 'day')).toBe(true);
  });

  it('wants a name after "in", "at", "to" or "from" for a place', () => {
    expect(hasAnswerType('The Second Summit was held in Hanoi on October 30, 2010.', 'place')).toBe(true);
    expect(hasAnswerType('During the summit in the city of Cebu, the Philippines proposed it.', 'place')).toBe(true);
    expect(hasAnswerType('In 1991, a Soviet guest delegation was invited to attend the 24th meeting.', 'place')).toBe(false);
  });
});

describe('hasAnswerType for things named by their kind', () => {
  it('wants a name the question does not already give', () => {
    const asked = shapeOf('Which Russian energy companies operate on Southeast Asian markets?').words;

    expect(hasAnswerType('Russian energy companies have wide experience in operating on the markets of Southeast Asia.', 'name', { asked })).toBe(false);
    expect(hasAnswerType('Russian energy companies such as Gazprom operate there.', 'name', { asked })).toBe(true);
  });
});

describe('hasAnswerType for a number', () => {
  it('does not count the day of a month as a number', () => {
    expect(hasAnswerType('One such event, the Business Forum of June 22, 2013, was held in St. Petersburg.', 'number')).toBe(false);
    expect(hasAnswerType('The mission arrived on 24 March 2014.', 'number')).toBe(false);
    expect(hasAnswerType('A delegation attended the 24th ASEAN Foreign Ministers Meeting.', 'number')).toBe(false);
  });

  it('counts a number beside a date', () => {
    expect(hasAnswerType('On March 24, 2014, delegates from 16 countries met.', 'number')).toBe(true);
  });
});

describe('hasAnswerType for a span of time', () => {
  it('accepts a sentence that states the span as a number', () => {
    expect(hasAnswerType('It has taken part for more than 15 years.', 'duration')).toBe(true);
  });

  it('accepts a sentence that gives only the dates the span runs between', () => {
    expect(hasAnswerType('Relations were established in 1994.', 'duration')).toBe(true);
  });

  it('rejects a sentence with neither a number nor a date', () => {
    expect(hasAnswerType('Relations were established long ago.', 'duration')).toBe(false);
  });
});

describe('numbers in questions', () => {
  it('reads a range of years as the two years the article\'s terms hold', () => {
    const shape = shapeOf('Which areas did the 2005-2015 cooperation program cover?');

    expect(shape.anchors).toEqual(['2005', '2015']);
    expect(terms('the 2005-2015 Comprehensive Program of Action')).toEqual(expect.arrayContaining(shape.anchors));
  });
});

describe('names of several words in questions', () => {
  it('reads capitalised words next to each other after the first word as one name', () => {
    expect(shapeOf('In what year did Russia become a full participant in the East Asia Summit?').nameRuns).toEqual([['east', 'asia', 'summit']]);
    expect(shapeOf('Which Moscow university’s ASEAN Center works with the Russia-ASEAN Business Council?').nameRuns).toEqual([
      ['asean', 'center'],
      ['russia', 'asean', 'busi', 'council'],
    ]);
  });

  it('ends a name at a month, a comma or a lower-case word, and reads none in single capitalised words', () => {
    expect(shapeOf("What got the most attention in Lavrov's July 2014 talks?").nameRuns).toEqual([]);
    expect(shapeOf('Did Russia, Vietnam and Laos agree?').nameRuns).toEqual([]);
    expect(shapeOf('East Asia leaders met where?').nameRuns).toEqual([]);
  });
});

describe('ordinals in questions', () => {
  it('holds a sentence about another summit against "the first summit"', () => {
    const shape = shapeOf('Where was the first summit held?');

    expect(shape.anchors).toContain('first');
    expect(contradictsOrdinal(['second', 'summit', 'hanoi'], shape)).toBe(true);
    expect(contradictsOrdinal(['first', 'summit', 'kuala'], shape)).toBe(false);
  });

  it('lets any of "the first two summits" answer, and requires neither', () => {
    const shape = shapeOf('In which cities were the first two summits held?');

    expect(shape.ordinalRange).toEqual(['first', 'second']);
    expect(shape.anchors).not.toContain('first');
    expect(contradictsOrdinal(['second', 'summit', 'hanoi'], shape)).toBe(false);
    expect(contradictsOrdinal(['first', 'summit', 'kuala'], shape)).toBe(false);
    expect(contradictsOrdinal(['third', 'summit'], shape)).toBe(true);
  });

  it('reads no ordinal in a fraction', () => {
    expect(terms(withoutFalseOrdinals('two-thirds of its territory lies in Asia'))).not.toContain('third');
    expect(terms(withoutFalseOrdinals('one third of the trade; the third summit'))).toEqual(['trade', 'third', 'summit']);
  });

  it('takes "first" for when, not which, before a verb or "time"', () => {
    expect(shapeOf('Which country first pushed for closer links with the SCO?').anchors).not.toContain('first');
    expect(shapeOf('When did a Soviet delegation attend for the first time?').anchors).not.toContain('first');
    expect(shapeOf('Who helped Vietnam build up its fuel and power sector in the first place?').anchors).not.toContain('first');
  });
});
