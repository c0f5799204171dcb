import { describe, expect, it } from 'vitest';
import { EvidenceNotFoundError, locateEvidence, spansOverlap, type Span } from '../../eval/evidence.js';
import type { EvalQuestion } from '../../eval/question-set.js';

function question(overrides: Partial<EvalQuestion> = {}): EvalQuestion {
  return { id: 'q1', type: 'factual', question: 'What?', evidence: [], facts: [], ...overrides };
}

const span = (start: number, end: number, documentId = 'doc'): Span => ({ documentId, start, end });

describe('locateEvidence', () => {
  const text = 'First sentence here. Second one follows. First sentence here.';

  it('gives each evidence sentence its offsets in the document', () => {
    const located = locateEvidence([question({ evidence: ['Second one follows.'] })], [{ id: 'doc', text }]);
    expect(located.get('q1')).toEqual([{ sentence: 'Second one follows.', spans: [span(21, 40)] }]);
  });

  it('keeps every place a sentence occurs, across documents', () => {
    const located = locateEvidence([question({ evidence: ['First sentence here.'] })], [
      { id: 'doc', text },
      { id: 'other', text: 'First sentence here.' },
    ]);
    expect(located.get('q1')?.[0]?.spans).toEqual([span(0, 20), span(41, 61), span(0, 20, 'other')]);
  });

  it('gives unanswerable questions no evidence', () => {
    const located = locateEvidence([question({ type: 'unanswerable' })], [{ id: 'doc', text }]);
    expect(located.get('q1')).toEqual([]);
  });

  it('names the question and the sentence when the text lacks it', () => {
    const find = () => locateEvidence([question({ id: 'q7', evidence: ['Not in the text.'] })], [{ id: 'doc', text }]);
    expect(find).toThrow(EvidenceNotFoundError);
    expect(find).toThrow(/q7.*\(doc\).*"Not in the text\."/);
  });

  it('does not match curly quotes to straight ones', () => {
    const find = () => locateEvidence([question({ evidence: ['It said "yes".'] })], [{ id: 'doc', text: 'It said “yes”.' }]);
    expect(find).toThrow(EvidenceNotFoundError);
  });
});

describe('spansOverlap', () => {
  it('counts a quote that is the evidence sentence', () => {
    expect(spansOverlap(span(10, 50), span(10, 50))).toBe(true);
  });

  it('counts a clause quoted from inside a long sentence', () => {
    expect(spansOverlap(span(20, 30), span(0, 200))).toBe(true);
  });

  it('counts an overlap of exactly half the shorter span', () => {
    expect(spansOverlap(span(0, 20), span(10, 100))).toBe(true);
  });

  it('does not count an overlap of less than half the shorter span', () => {
    expect(spansOverlap(span(0, 20), span(11, 100))).toBe(false);
  });

  it('does not count spans that only touch', () => {
    expect(spansOverlap(span(0, 10), span(10, 20))).toBe(false);
  });

  it('does not count the same offsets in another document', () => {
    expect(spansOverlap(span(0, 10), span(0, 10, 'other'))).toBe(false);
  });

  it('does not count an empty span', () => {
    expect(spansOverlap(span(5, 5), span(0, 10))).toBe(false);
  });
});
