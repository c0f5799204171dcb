import { describe, expect, it } from 'vitest';
import { questionParts } from '../../server/question-parts.js';

describe('questionParts', () => {
  it('splits a question that asks two things at once', () => {
    expect(questionParts('In what year was the declaration signed, and what does its Point XIV emphasize?')).toEqual([
      'In what year was the declaration signed?',
      'What does its Point XIV emphasize?',
    ]);
  });

  it('splits at "but" and without a comma too', () => {
    expect(questionParts('When was the first summit held but where was the second held?')).toEqual(['When was the first summit held?', 'Where was the second held?']);
  });

  it('leaves an "and" between names or things alone', () => {
    expect(questionParts('When did Russia and ASEAN sign the road map?')).toEqual(['When did Russia and ASEAN sign the road map?']);
    expect(questionParts('What did Russia and Vietnam build and run together?')).toEqual(['What did Russia and Vietnam build and run together?']);
  });

  it('leaves a statement alone even when it joins two clauses', () => {
    expect(questionParts('Tell me about the summit, and what it adopted')).toEqual(['Tell me about the summit, and what it adopted']);
  });
});
