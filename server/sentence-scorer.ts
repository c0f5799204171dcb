import type { SourceDocument } from '../ingest/documents.js';
import { sentencesWithin, type Sentence } from '../ingest/sentences.js';
import { findPhrases } from '../ingest/phrases.js';
import { terms, words } from '../ingest/tokenize.js';
import type { AnswerTuning } from './answer-tuning.js';
import type { LoadedIndex } from './index-store.js';
import { NameRuns } from './name-runs.js';
import { ParagraphTermCache } from './paragraph-terms.js';
import type { AnalyzedQuery } from './query.js';
import { queryVector } from './query-vector.js';
import { contradictsOrdinal, hasAnswerType, isOrdinal, mixesOrdinals, withoutFalseOrdinals, type AnswerType, type QuestionShape } from './question-shape.js';
import { REFERS_BACK } from './refers-back.js';
import type { RankedPassage } from './retrieve.js';

/**
 * Share of a term's weight earned when only a related word (thesaurus) or a word near it by word
 * vectors is found (0.5 for the word-vector ones put the fact in 4 fewer of 831 answers and
 * abstained on no more unanswerable questions).
 */
const RELATED_CREDIT = 0.7;
/** Share earned by a word that only shares its first five letters ("partner"/"partnership"). */
const PREFIX_CREDIT = 0.6;

/** Sentences whose terms are kept between questions (all of them for the article). */
const SENTENCES_REMEMBERED = 50_000;

/** A sentence's terms in the forms scoring looks them up in. */
interface AnalysedSentence {
  terms: string[];
  set: Set<string>;
  /** First five letters of its terms of five letters or more. */
  prefixes: Set<string>;
  /** Its terms as numbers and ordinals are looked for in them: false ordinals ("two-thirds") left out. */
  anchorTerms: string[];
  /** Its adjacent term pairs, "a b". */
  pairs: Set<string>;
  /** What its multi-word expressions mean ("taking part" → participate), as related words match. */
  meanings: Set<string>;
}

export interface Candidate {
  doc: SourceDocument;
  sentence: Sentence;
  passageId: string;
  rank: number;
  matched: Set<string>;
  /** term → weight earned: the term's IDF, less when only a related or similar word is found. */
  credits: Map<string, number>;
  /** Query word pairs that stand next to each other in the sentence, as in the question. */
  pairs: number;
  coverage: number;
  similarity: number;
  score: number;
  /** What the sentence was checked for; `canAnswer` says whether it passed them all, `blockedReason` which one failed. */
  checks: SentenceChecks;
}

/** What a sentence was checked for before it may answer, each check on its own. */
export interface SentenceChecks {
  /** The question's numbers and ordinals that neither the sentence nor its paragraph holds. */
  missingAnchors: string[];
  /** The sentence names a different ordinal than the question's. */
  otherOrdinal: boolean;
  /** Names of the question that its paragraph lacks (with no related word standing in). */
  missingNames: string[];
  /** Names of several words ("east asia summit") that the article writes whole and its paragraph does not. */
  missingNameRuns: string[];
  /**
   * Whether few enough names are missing: one word may be, from `namesSlackFrom` names on, and one
   * name of several words, when the question has two or more (each may belong to another sentence).
   */
  named: boolean;
  /** Whether it covers enough of the question's plain content words. */
  described: boolean;
  /** The kind of fact the question asks for, and whether the sentence holds one. */
  answerType: AnswerType;
  typed: boolean;
}

/**
 * Scores the sentences of retrieved passages against a question: how much of the question's
 * (IDF-weighted) terms each covers, how similar it is to the question as a vector, and whether it
 * can answer at all (the question's numbers, names and kind of fact are there).
 */
export class SentenceScorer {
  private readonly sentencesByPassage = new Map<string, Sentence[]>();
  /** `documentId:sentenceStart` → the first passage holding the sentence. */
  private readonly passageOfSentence = new Map<string, string>();
  private readonly sentenceVectors = new Map<string, number[]>();
  private readonly paragraphs = new ParagraphTermCache();
  private readonly lowercaseWords = new Map<string, Set<string>>();
  private readonly analysed = new Map<string, AnalysedSentence>();
  private readonly nameRuns: NameRuns;

  constructor(
    private readonly index: LoadedIndex,
    private readonly tuning: AnswerTuning,
  ) {
    this.nameRuns = new NameRuns(index, this.paragraphs);
    for (const passage of index.passages) {
      const doc = index.documents.get(passage.documentId);
      const inside = doc ? sentencesWithin(doc.sentences, passage) : [];
      this.sentencesByPassage.set(passage.id, inside);
      for (const sentence of inside) {
        const key = `${passage.documentId}:${sentence.start}`;
        if (!this.passageOfSentence.has(key)) this.passageOfSentence.set(key, passage.id);
      }
    }
  }

  /** Every sentence considered, best first, with the numbers behind its rank (for --explain and tuning). */
  async candidates(query: AnalyzedQuery, ranked: readonly RankedPassage[]): Promise<Candidate[]> {
    const weights = query.scoringWeights;
    const { shape } = query;
    const totalWeight = sum(weights.values()) || 1;
    const seen = new Set<string>();
    const found: Candidate[] = [];
    // Ordinals the question asks about: its earlier turn's ("Where was it held?" after "…the first
    // summit…") and a range's ("the first two summits") included.
    const askedOrdinals = [...query.terms.filter(isOrdinal), ...shape.ordinalRange];
    const mixed = new Set<Candidate>();
    for (const hit of ranked.slice(0, this.tuning.passagesConsidered)) {
      const doc = this.index.documents.get(hit.passage.documentId);
      if (!doc) continue;
      for (const sentence of this.sentencesByPassage.get(hit.passage.id) ?? []) {
        const key = `${doc.id}:${sentence.start}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const sentenceText = doc.text.slice(sentence.start, sentence.end);
        const analysed = this.analyse(key, sentenceText);
        const sentenceTerms = analysed.anchorTerms;
        const paragraph = this.paragraphs.of(doc, sentence.paragraph).anchors;
        const missingAnchors = shape.anchors.filter((a) => !sentenceTerms.includes(a) && !paragraph.has(a));
        const otherOrdinal = contradictsOrdinal(sentenceTerms, shape);
        const missingNames = shape.names.filter((n) => !paragraph.has(n) && !(query.related.get(n) ?? []).some((r) => paragraph.has(r)));
        // With many names (a two-part question), one may belong to the other part.
        const namesAllowedMissing = shape.names.length >= this.tuning.namesSlackFrom ? 1 : 0;
        const missingNameRuns = this.nameRuns.missingFrom(shape.nameRuns, doc, sentence.paragraph).map((run) => run.join(' '));
        const runsAllowedMissing = shape.nameRuns.length >= 2 ? 1 : 0;
        const named = !this.tuning.namesRequired || (missingNames.length <= namesAllowedMissing && missingNameRuns.length <= runsAllowedMissing);
        const credits = creditTerms(analysed, query, weights);
        this.inheritFromReferent(credits, doc, sentence, sentenceText, query);
        const matched = new Set(credits.keys());
        const weight = sum(credits.values());
        const described = descriptiveCoverage(credits, weights, query, shape) >= this.tuning.minDescriptiveCoverage;
        const typed = hasAnswerType(sentenceText, shape.answerType, { isCommonWord: (w) => this.isCommonWord(doc, w), asked: shape.words });
        const checks: SentenceChecks = { missingAnchors, otherOrdinal, missingNames, missingNameRuns, named, described, answerType: shape.answerType, typed };
        const pairs = adjacentPairs(query.terms, analysed.pairs);
        const candidate: Candidate = { doc, sentence, passageId: hit.passage.id, rank: hit.rank, matched, credits, pairs, coverage: weight / totalWeight, similarity: 0, score: 0, checks };
        found.push(candidate);
        if (mixesOrdinals(sentenceTerms, askedOrdinals)) mixed.add(candidate);
      }
    }
    const vector = await queryVector(this.index, query);
    const vectors = await this.vectorsFor(found);
    found.forEach((c, i) => {
      c.similarity = dot(vector, vectors[i]!);
      c.score = 0.65 * c.coverage + 0.35 * c.similarity + 0.04 / c.rank + this.tuning.pairBonus * c.pairs;
      if (mixed.has(c)) c.score -= this.tuning.mixedOrdinalPenalty;
    });
    return found.sort((a, b) => b.score - a.score);
  }

  /**
   * The sentence just before or after `best` in its paragraph, when the answer needs it: `best`
   * opens by pointing back ("These advantages give Russia…"), or the neighbour adds a good share
   * of the question that `best` leaves uncovered ("…the forum" → "…from 16 countries").
   */
  completingNeighbour(best: Candidate, query: AnalyzedQuery): Candidate | undefined {
    const weights = query.scoringWeights;
    const totalWeight = sum(weights.values()) || 1;
    let chosen: Candidate | undefined;
    let bestGain = 0;
    for (const offset of [-1, 1] as const) {
      const sentence = sentenceBeside(best.doc, best.sentence, offset);
      if (!sentence) continue;
      const credits = creditTerms(this.analyseIn(best.doc, sentence), query, weights);
      let gain = 0;
      for (const [term, credit] of credits) gain += Math.max(0, credit - (best.credits.get(term) ?? 0));
      gain /= totalWeight;
      const pointsBack = offset === -1 && REFERS_BACK.test(best.doc.text.slice(best.sentence.start, best.sentence.end));
      if ((gain >= this.tuning.neighbourGain || pointsBack) && gain + (pointsBack ? 1 : 0) > bestGain) {
        bestGain = gain + (pointsBack ? 1 : 0);
        const passageId = this.passageOfSentence.get(`${best.doc.id}:${sentence.start}`) ?? best.passageId;
        chosen = { ...best, sentence, passageId, credits, matched: new Set(credits.keys()) };
      }
    }
    return chosen;
  }

  /**
   * A sentence that opens by pointing back ("They saw the United States…", "The two exchanged
   * views…") is about what the sentence before it in its paragraph says: it earns that sentence's
   * credits too, at `referentCredit` of their weight, where its own are lower.
   */
  private inheritFromReferent(credits: Map<string, number>, doc: SourceDocument, sentence: Sentence, text: string, query: AnalyzedQuery): void {
    if (this.tuning.referentCredit <= 0 || !REFERS_BACK.test(text)) return;
    const before = sentenceBeside(doc, sentence, -1);
    if (!before) return;
    const referent = creditTerms(this.analyseIn(doc, before), query, query.scoringWeights);
    for (const [term, credit] of referent) {
      const inherited = credit * this.tuning.referentCredit;
      if (inherited > (credits.get(term) ?? 0)) credits.set(term, inherited);
    }
  }

  /** A sentence of `doc` analysed (see `analyse`). */
  private analyseIn(doc: SourceDocument, sentence: Sentence): AnalysedSentence {
    return this.analyse(`${doc.id}:${sentence.start}`, doc.text.slice(sentence.start, sentence.end));
  }

  /** A sentence's terms, worked out once: sentences are fixed, questions keep returning to them. */
  private analyse(key: string, text: string): AnalysedSentence {
    let found = this.analysed.get(key);
    if (!found) {
      const list = terms(text);
      const pairs = new Set<string>();
      for (let i = 1; i < list.length; i++) pairs.add(`${list[i - 1]} ${list[i]}`);
      const thesaurus = this.index.thesaurus;
      const phrases = findPhrases(words(text), (k) => thesaurus.corpusUses(k), (w) => thesaurus.startsPhrase(w));
      const meanings = new Set(phrases.flatMap((p) => thesaurus.related(p.key)));
      const blanked = withoutFalseOrdinals(text);
      const anchorTerms = blanked === text ? list : terms(blanked);
      found = { terms: list, set: new Set(list), prefixes: new Set(list.filter((w) => w.length >= 5).map((w) => w.slice(0, 5))), anchorTerms, pairs, meanings };
      if (this.analysed.size >= SENTENCES_REMEMBERED) this.analysed.delete(this.analysed.keys().next().value!);
      this.analysed.set(key, found);
    }
    return found;
  }

  /** Whether the document also writes `word` in lower case, i.e. it is a common word, not a name. */
  private isCommonWord(doc: SourceDocument, word: string): boolean {
    let set = this.lowercaseWords.get(doc.id);
    if (!set) {
      set = new Set(doc.text.slice(0, doc.bodyEnd).match(/\b\p{Ll}[\p{L}-]*/gu) ?? []);
      this.lowercaseWords.set(doc.id, set);
    }
    return set.has(word.toLowerCase());
  }

  /**
   * Embeds every sentence up front (up to `limit`), so the first questions are as fast as the
   * rest; on large corpora the remainder is embedded lazily as passages are retrieved.
   */
  async warmUp(limit = 5000): Promise<number> {
    const all: Array<Pick<Candidate, 'doc' | 'sentence'>> = [];
    for (const doc of this.index.documents.values()) {
      for (const sentence of doc.sentences) {
        if (all.length >= limit) break;
        all.push({ doc, sentence });
      }
    }
    await this.vectorsFor(all);
    return all.length;
  }

  /** Sentence vectors are computed once per sentence and kept: the sentence set is fixed. */
  private async vectorsFor(candidates: ReadonlyArray<Pick<Candidate, 'doc' | 'sentence'>>): Promise<number[][]> {
    const keyOf = (c: Pick<Candidate, 'doc' | 'sentence'>) => `${c.doc.id}:${c.sentence.start}`;
    const missing = candidates.filter((c) => !this.sentenceVectors.has(keyOf(c)));
    if (missing.length > 0) {
      const texts = missing.map((c) => c.doc.text.slice(c.sentence.start, c.sentence.end));
      const vectors = await this.index.embedder.embedDocuments(texts);
      missing.forEach((c, i) => this.sentenceVectors.set(keyOf(c), vectors[i]!));
    }
    return candidates.map((c) => this.sentenceVectors.get(keyOf(c))!);
  }
}

/** The sentence just before (-1) or after (1) `sentence` in its paragraph, if there is one. */
function sentenceBeside(doc: SourceDocument, sentence: Sentence, offset: -1 | 1): Sentence | undefined {
  const beside = doc.sentences[doc.sentences.findIndex((s) => s.start === sentence.start) + offset];
  return beside?.paragraph === sentence.paragraph ? beside : undefined;
}

/** Whether two candidates are the same sentence (one sentence may stand in two overlapping passages). */
export function sameSentence(a: Pick<Candidate, 'doc' | 'sentence'>, b: Pick<Candidate, 'doc' | 'sentence'>): boolean {
  return a.doc.id === b.doc.id && a.sentence.start === b.sentence.start;
}

/** Whether a sentence passes every check: holds the question's anchors, names and kind of fact, and enough of its words. */
export function canAnswer(candidate: Pick<Candidate, 'checks'>): boolean {
  return blockedReason(candidate) === undefined;
}

/** Why a sentence cannot answer, in words ("its paragraph lacks hanoi"), or undefined when it can. */
export function blockedReason({ checks }: Pick<Candidate, 'checks'>): string | undefined {
  if (checks.missingAnchors.length > 0) return `lacks ${checks.missingAnchors.join(', ')}`;
  if (checks.otherOrdinal) return 'is about another ordinal';
  if (!checks.named) return `its paragraph lacks ${[...checks.missingNames, ...checks.missingNameRuns.map((run) => `“${run}”`)].join(', ')}`;
  if (!checks.described) return 'covers too few of the question’s plain words';
  if (!checks.typed) return `holds no ${ANSWER_TYPE_NAMES[checks.answerType]}`;
  return undefined;
}

/** What a sentence must hold to answer each kind of question, for explanations. */
const ANSWER_TYPE_NAMES: Record<AnswerType, string> = {
  date: 'date',
  day: 'month or day',
  number: 'number',
  duration: 'date or number',
  person: 'person’s name',
  name: 'name the question does not give',
  place: 'place named after “in”, “at”, “to” or “from”',
  other: 'answer',
};



function sum(values: Iterable<number>): number {
  let total = 0;
  for (const v of values) total += v;
  return total;
}

/**
 * What each question term earns in a sentence: its full weight when the sentence uses it, less
 * when only a related word (thesaurus) stands there, or a phrase of the sentence means it or a
 * related word ("Taking part in the forum were…" for "participants"), or a word with the same
 * first five letters.
 */
function creditTerms(sentence: AnalysedSentence, query: AnalyzedQuery, weights: ReadonlyMap<string, number>): Map<string, number> {
  const has = sentence.set;
  const standsIn = (words: readonly string[] | undefined) => words !== undefined && words.some((r) => has.has(r) || sentence.meanings.has(r));
  const credits = new Map<string, number>();
  for (const [term, weight] of weights) {
    if (has.has(term)) credits.set(term, weight);
    else if (sentence.meanings.has(term) || standsIn(query.related.get(term)) || standsIn(query.nearby.get(term))) credits.set(term, weight * RELATED_CREDIT);
    else if (term.length >= 5 && sentence.prefixes.has(term.slice(0, 5))) {
      credits.set(term, weight * PREFIX_CREDIT);
    }
  }
  return credits;
}

/**
 * How much of the question's plain content (its focus words other than names, numbers and
 * ordinals: "volume", "trade") a sentence covers. Names and years are easy to match by accident;
 * a sentence that shares only those answers a different question.
 */
function descriptiveCoverage(
  credits: ReadonlyMap<string, number>,
  weights: ReadonlyMap<string, number>,
  query: AnalyzedQuery,
  shape: QuestionShape,
): number {
  let total = 0;
  let earned = 0;
  for (const [term, weight] of weights) {
    if (query.termWeights.get(term) !== 1 || shape.names.includes(term) || shape.anchors.includes(term)) continue;
    total += weight;
    earned += credits.get(term) ?? 0;
  }
  return total === 0 ? 1 : earned / total;
}

/** How many of the question's adjacent term pairs the sentence also has next to each other. */
function adjacentPairs(queryTerms: readonly string[], sentencePairs: ReadonlySet<string>): number {
  const wanted = new Set<string>();
  for (let i = 1; i < queryTerms.length; i++) wanted.add(`${queryTerms[i - 1]} ${queryTerms[i]}`);
  let count = 0;
  for (const pair of wanted) if (sentencePairs.has(pair)) count++;
  return count;
}

function dot(a: readonly number[], b: readonly number[]): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i]! * (b[i] ?? 0);
  return sum;
}
