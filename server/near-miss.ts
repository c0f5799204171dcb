import type { Candidate } from './sentence-scorer.js';

/**
 * The sentence showing that the article takes up what the question is about but does not give
 * the fact it asks for, when there is one: the best-scoring sentence holds the question's names
 * and plain words but not the kind of fact asked for, or not its number or year ("Which Russian
 * energy companies operate in Southeast Asia?" – "Russian energy companies have wide experience
 * in operating on the markets of Southeast Asia."). When the best sentence that can answer covers
 * less than `ratio` of what that one covers, it answers something else, and the answer abstains;
 * unless it is the sentence just before or after in the same paragraph, which often goes on to
 * give the fact ("…the Business Forum of June 22, 2013…" – "Taking part in the forum were … from
 * 16 countries").
 */
export function nearMissOf(candidates: readonly Candidate[], best: Candidate, ratio: number): Candidate | undefined {
  const top = candidates[0];
  if (!top || top.eligible) return undefined;
  const { checks } = top;
  const onSubject = checks.named && checks.described && !checks.otherOrdinal;
  const lacksFact = !checks.typed || checks.missingAnchors.length > 0;
  return onSubject && lacksFact && best.coverage < ratio * top.coverage && !adjacent(top, best) ? top : undefined;
}

function adjacent(a: Candidate, b: Candidate): boolean {
  if (a.doc.id !== b.doc.id || a.sentence.paragraph !== b.sentence.paragraph) return false;
  const at = a.doc.sentences.findIndex((s) => s.start === a.sentence.start);
  return Math.abs(a.doc.sentences.findIndex((s) => s.start === b.sentence.start) - at) === 1;
}
