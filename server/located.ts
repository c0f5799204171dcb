import type { SourceDocument } from '../ingest/documents.js';
import type { Sentence } from '../ingest/sentences.js';
import type { Corpus, Location } from './answer-location.js';
import { definitionLocation } from './definition.js';
import { conclusionLocation, overviewLocation } from './overview.js';
import type { RankedPassage } from './retrieve.js';
import type { Candidate } from './sentence-scorer.js';

/** The location of the answer to `question`, when it is a question of that kind; otherwise undefined. */
export function locate(question: string, corpus: Corpus): Location | undefined {
  return overviewLocation(question, corpus) ?? conclusionLocation(question, corpus) ?? definitionLocation(question, corpus);
}

/** Documents an answer quotes from at most, one spot each. */
const MAX_SPOTS = 3;

/**
 * What the answer quotes: the located sentences of the spots whose passages were retrieved
 * (retrieval puts them first), in the order they rank. Nothing when none was.
 */
export function locatedAnswer(location: Location, ranked: readonly RankedPassage[]): Candidate[] {
  const chosen: Candidate[] = [];
  let quotedSpots = 0;
  for (const hit of ranked) {
    const spot = location.spots.find((s) => s.passage.id === hit.passage.id);
    if (!spot || quotedSpots >= MAX_SPOTS) continue;
    quotedSpots++;
    for (const sentence of spot.sentences) chosen.push(quoted(spot.doc, sentence, hit));
  }
  return chosen;
}

/** A located sentence as the answerer quotes it: it answers by where it stands, not by the words it shares. */
function quoted(doc: SourceDocument, sentence: Sentence, hit: RankedPassage): Candidate {
  return {
    doc,
    sentence,
    passageId: hit.passage.id,
    rank: hit.rank,
    matched: new Set(),
    credits: new Map(),
    pairs: 0,
    coverage: 0,
    similarity: 0,
    score: 0,
    checks: { missingAnchors: [], otherOrdinal: false, missingNames: [], missingNameRuns: [], named: true, described: true, answerType: 'other', typed: true },
  };
}
