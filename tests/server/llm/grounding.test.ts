import { describe, expect, it } from 'vitest';
import type { Citation } from '../../../server/citations.js';
import { groundedness, supportOf } from '../../../server/llm/grounding.js';

/** A citation of `quote` where it stands in `answer`; verified unless told otherwise. */
function citation(answer: string, quote: string, overrides: Partial<Citation> = {}): Citation {
  const answerStart = answer.indexOf(quote);
  if (answerStart < 0) throw new Error(`answer does not contain ${quote}`);
  return {
    n: 1,
    documentId: 'article',
    passageId: 'article:0',
    quote,
    start: 0,
    end: quote.length,
    answerStart,
    answerEnd: answerStart + quote.length,
    paragraph: 1,
    notes: [],
    verified: true,
    ...overrides,
  };
}

describe('groundedness', () => {
  it('is 1 when every sentence holds a verified quote', () => {
    const answer = 'It began in Malaysia: “the first summit was held in Kuala Lumpur.” [1]';
    expect(groundedness(answer, [citation(answer, 'the first summit was held in Kuala Lumpur.')])).toBe(1);
  });

  it('counts the share of sentences with a verified citation', () => {
    const answer = 'It began in Malaysia: “the first summit was held in Kuala Lumpur.” [1] Trade then doubled. Nobody disputes this.';
    expect(groundedness(answer, [citation(answer, 'the first summit was held in Kuala Lumpur.')])).toBeCloseTo(1 / 3);
  });

  it('counts a sentence that carries the marker of a verified citation', () => {
    const answer = '“The summit was held in Kuala Lumpur” [1]. It was the first one [1].';
    expect(groundedness(answer, [citation(answer, 'The summit was held in Kuala Lumpur')])).toBe(1);
  });

  it('does not count sentences backed only by unverified citations', () => {
    const answer = '“Trade reached $18.5 billion in 2013.” [1] It grew.';
    const c = citation(answer, 'Trade reached $18.5 billion in 2013.', { verified: false, reason: 'not-found' });
    expect(groundedness(answer, [c])).toBe(0);
  });

  it('does not split a quotation at the sentence ends inside it', () => {
    const answer = 'The article says “ASEAN grew. Trade grew. Ties grew.” [1] That is all.';
    expect(groundedness(answer, [citation(answer, 'ASEAN grew. Trade grew. Ties grew.')])).toBe(1 / 2);
  });

  it('ignores empty fragments and fragments that are only markers', () => {
    const answer = 'The summit “was held in Kuala Lumpur.”\n\n[1]\n';
    expect(groundedness(answer, [citation(answer, 'was held in Kuala Lumpur.')])).toBe(1);
  });

  it('is 0 for an empty answer', () => {
    expect(groundedness('', [])).toBe(0);
    expect(groundedness('  [1] ', [])).toBe(0);
  });

  it('splits lines of a list into sentences', () => {
    const answer = '- “the first summit was in Kuala Lumpur” [1]\n- trade doubled';
    expect(groundedness(answer, [citation(answer, 'the first summit was in Kuala Lumpur')])).toBe(1 / 2);
  });
});

describe('supportOf', () => {
  const answer = '“The summit was held in Kuala Lumpur” [1]';
  const verified = citation(answer, 'The summit was held in Kuala Lumpur');
  const unverified = { ...verified, n: 2, verified: false, reason: 'not-found' as const };

  it('is abstained whenever the assistant abstained', () => {
    expect(supportOf({ abstained: true, groundedness: 1, citations: [verified] })).toBe('abstained');
  });

  it('is unsupported without any verified citation', () => {
    expect(supportOf({ abstained: false, groundedness: 0.5, citations: [unverified] })).toBe('unsupported');
    expect(supportOf({ abstained: false, groundedness: 0, citations: [] })).toBe('unsupported');
  });

  it('is unsupported when no sentence is grounded', () => {
    expect(supportOf({ abstained: false, groundedness: 0, citations: [verified] })).toBe('unsupported');
  });

  it('is supported when every sentence is grounded and every citation verified', () => {
    expect(supportOf({ abstained: false, groundedness: 1, citations: [verified] })).toBe('supported');
  });

  it('is partial when a sentence goes unbacked', () => {
    expect(supportOf({ abstained: false, groundedness: 0.5, citations: [verified] })).toBe('partial');
  });

  it('is partial when every sentence is grounded but one citation failed', () => {
    expect(supportOf({ abstained: false, groundedness: 1, citations: [verified, unverified] })).toBe('partial');
  });
});
