import { describe, expect, it } from 'vitest';
import { fold, isStopWord, stem, terms, words } from '../../ingest/tokenize.js';

describe('fold', () => {
  it('lower-cases and strips diacritics, Vietnamese đ included', () => {
    expect(fold('Trương Café')).toBe('truong cafe');
    expect(fold('Đà Nẵng')).toBe('da nang');
  });
});

describe('words', () => {
  it('keeps every word in order, stop words included', () => {
    expect(words('The Summit, in Hanoi!')).toEqual(['the', 'summit', 'in', 'hanoi']);
  });

  it('keeps decimals and thousands as one word', () => {
    expect(words('$2.3 trillion, $17.5 billion and 1,000 tons')).toEqual(['2.3', 'trillion', '17.5', 'billion', 'and', '1,000', 'tons']);
  });
});

describe('stem', () => {
  it('brings plurals and inflections of one word together', () => {
    expect(stem('summits')).toBe(stem('summit'));
    // Words that name Object.prototype members are words like any other.
    expect(stem('constructor')).toBe('constructor');
    expect(stem('founding')).toBe(stem('founded'));
    expect(stem('relations')).toBe(stem('relation'));
    expect(stem('busiest')).toBe(stem('busy'));
  });

  it('meets a verb in -ze with its third person, as "-es" after "z" is only an "s"', () => {
    // "Over what span of years does the author analyze…" against "The author analyzes…".
    expect(stem('analyzes')).toBe(stem('analyze'));
    expect(stem('organizes')).toBe(stem('organize'));
    expect(stem('boxes')).toBe(stem('box'));
  });

  it('leaves short words and numbers alone', () => {
    expect(stem('gas')).toBe('gas');
    expect(stem('2010s')).toBe('2010s');
  });
});

describe('terms', () => {
  it('drops stop words and stems what is left', () => {
    expect(terms('What did the article say about the summits?')).toEqual(['summit']);
  });

  it('drops indefinite pronouns, which name nothing to look for', () => {
    expect(terms('Did the plan say anything about floods?')).toEqual(['plan', 'flood']);
    expect(terms('Has someone, somewhere, done something?')).toEqual([]);
  });

  it('matches a question word for word with the passage it asks about', () => {
    expect(terms('When was ASEAN founded?')).toEqual(terms('ASEAN founding'));
  });

  it('gives no terms for an empty text or only stop words', () => {
    expect(terms('')).toEqual([]);
    expect(terms('it is what it is')).toEqual([]);
    expect(isStopWord('the')).toBe(true);
    expect(isStopWord('asean')).toBe(false);
  });
});
