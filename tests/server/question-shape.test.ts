import { describe, expect, it } from 'vitest';
import { contradictsOrdinal, hasAnswerType, shapeOf } from '../../server/question-shape.js';

describe('shapeOf: the kind of fact a question asks for', () => {
  it.each([
    ['How many years passed between the two summits?', 'duration'],
    ['How long has Russia taken part in the forum?', 'duration'],
    ['How long ago was the first summit?', 'date'],
    ['When was the first summit held?', 'date'],
    ['How many people live in the member countries?', 'number'],
    ['What was the total value of Soviet assistance?', 'number'],
    ['What is the overall size of the fund?', 'number'],
    ["Who was Russia's foreign minister at the time?", 'person'],
    ['Which two Russian officials held talks?', 'person'],
    ["Which regional leaders' gathering did Russia join?", 'other'],
    ["Who coordinated ASEAN's relations with Russia?", 'other'],
    ['Who chairs the Russia-ASEAN Business Council?', 'person'],
    ['Who said that relations have a bright future?', 'person'],
    ['Who is involved in preparing for the foreign ministers’ meetings?', 'other'],
    ['Why does ASEAN need Russia?', 'other'],
  ])('%s → %s', (question, type) => {
    expect(shapeOf(question).answerType).toBe(type);
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

  it('takes "first" for when, not which, before a verb or "time"', () => {
    expect(shapeOf('Which country first pushed for closer links with the SCO?').anchors).not.toContain('first');
    expect(shapeOf('When did a Soviet delegation attend for the first time?').anchors).not.toContain('first');
  });
});
