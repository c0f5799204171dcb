/** The knobs of extractive answering, tuned against eval/questions.json (see npm run eval). */
export interface AnswerTuning {
  /** Below this share of the question's (IDF-weighted) terms found in the best sentence, abstain. */
  minCoverage: number;
  /** Passages whose sentences are considered. */
  passagesConsidered: number;
  /** A second sentence is quoted when it scores at least this share of the best and adds terms. */
  secondSentenceRatio: number;
  maxQuotes: number;
  /** A neighbouring sentence is added when it covers at least this much more of the question. */
  neighbourGain: number;
  /** Whether names in the question must occur in the answering paragraph (or a related word). */
  namesRequired: boolean;
  /** From this many names in a question on, one of them may be missing from the paragraph. */
  namesSlackFrom: number;
  /** Below this share of the question's plain content words (not names or numbers) a sentence cannot answer. */
  minDescriptiveCoverage: number;
  /**
   * Below this share of the question's weight in words the corpus uses at all, the article is
   * taken not to cover the question, and the answer abstains (see `knownShare`).
   */
  minKnownShare: number;
  /**
   * From this share of the question's weight in words the corpus never uses and nothing relates to
   * it, the question is taken to be about something else, and the answer abstains (see `unreachedShare`).
   */
  maxUnreachedShare: number;
  /** Score bonus per query word pair found next to each other in the sentence. */
  pairBonus: number;
  /**
   * Share of the credits of the sentence before that a sentence opening by pointing back ("They
   * saw…", "These advantages…") earns; 0 reads every sentence on its own.
   */
  referentCredit: number;
  /**
   * Taken off the score of a sentence that names an ordinal the question asks about beside another
   * one ("If the First Summit opened…, the Second Summit, held in Hanoi, raised…"): it is about
   * both, and its facts may belong to the other.
   */
  mixedOrdinalPenalty: number;
}

export const DEFAULT_TUNING: AnswerTuning = {
  minCoverage: 0.25,
  passagesConsidered: 5,
  secondSentenceRatio: 0.7,
  maxQuotes: 2,
  neighbourGain: 0.12,
  pairBonus: 0.03,
  namesRequired: true,
  minDescriptiveCoverage: 0.15,
  namesSlackFrom: 3,
  minKnownShare: 0.12,
  maxUnreachedShare: 0.5,
  referentCredit: 0.5,
  mixedOrdinalPenalty: 0.05,
};
