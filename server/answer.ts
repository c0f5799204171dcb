import { assertCitations, type Citation } from './citations.js';
import { DEFAULT_TUNING, type AnswerTuning } from './answer-tuning.js';
import type { LoadedIndex } from './index-store.js';
import { knownShare, unreachedShare } from './known-share.js';
import { analyzeQuery, type AnalyzedQuery } from './query.js';
import { resolveQuestion } from './followup.js';
import type { Location } from './answer-location.js';
import { locatedAnswer } from './located.js';
import { questionParts } from './question-parts.js';
import { isSmallTalk } from './small-talk.js';
import type { RankedPassage } from './retrieve.js';
import { canAnswer, sameSentence, SentenceScorer, type Candidate } from './sentence-scorer.js';

export interface ExtractiveAnswer {
  answer: string;
  abstained: boolean;
  citations: Citation[];
}

/** One question (or one part of a two-part question) weighed: every sentence scored, and those chosen. */
export interface AnswerStep {
  query: AnalyzedQuery;
  /** Every sentence of the top passages, best first. */
  candidates: Candidate[];
  chosen: Candidate[];
}

export interface AnswerTrace {
  /** The question as analysed. */
  query: AnalyzedQuery;
  /** How many retrieved passages there were to weigh (at most `passagesConsidered` are). */
  passages: number;
  /** Share of the question's weight in words the corpus uses; below `minKnownShare` nothing is weighed. */
  knownShare: number;
  /** Share of its weight in words the corpus never uses and nothing relates to it; from `maxUnreachedShare` on nothing is weighed. */
  unreachedShare: number;
  /**
   * Why nothing was weighed, when nothing was: the question names nothing to look up ('empty':
   * "Who is the author?", or small talk such as "thanks!"), too little of its weight
   * is in words the article uses ('unknown'), or too much in words nothing relates to ('unreached').
   */
  offTopic?: 'empty' | 'unknown' | 'unreached';
  /**
   * The question's answer stands in a known place and is quoted from there (see located.ts): what a
   * document is about ('overview'), what it concludes ('conclusion'), or what an acronym stands for ('definition').
   */
  located?: Location['kind'];
  /** The parts of a two-part question, then the whole question when the parts gave no answer. */
  steps: AnswerStep[];
  /** What the answer quotes; empty when it abstains. */
  chosen: Candidate[];
}

/** Content terms each part of a two-part question needs to be searched on its own. */
const MIN_PART_TERMS = 2;

/**
 * Builds extractive answers: picks the sentences of the top passages that cover the question best
 * and quotes them verbatim with `[n]` markers. Abstains when no sentence covers enough of the
 * question, rather than quoting something merely nearby.
 */
export class ExtractiveAnswerer {
  readonly scorer: SentenceScorer;

  constructor(
    private readonly index: LoadedIndex,
    readonly tuning: AnswerTuning = DEFAULT_TUNING,
  ) {
    this.scorer = new SentenceScorer(index, tuning);
  }

  /** The answer; `onTrace`, when given, also receives how it was reached (see `trace`). */
  async answer(query: AnalyzedQuery, ranked: readonly RankedPassage[], onTrace?: (trace: AnswerTrace) => void): Promise<ExtractiveAnswer> {
    const trace = await this.trace(query, ranked);
    onTrace?.(trace);
    const { chosen } = trace;
    if (chosen.length === 0) return this.abstain(query.text, trace.offTopic === 'empty');
    // Quote in document order so the answer reads as the article does.
    return this.compose([...chosen].sort((a, b) => a.doc.id.localeCompare(b.doc.id) || a.sentence.start - b.sentence.start));
  }

  /**
   * How the answer is reached, step by step: what `answer` quotes, and every sentence each step
   * weighed (for `npm run ask -- --explain`). A two-part question ("…signed, and what does Point
   * XIV emphasize?") is answered part by part, each part by its best sentence (and a neighbour it
   * needs) with the kind of fact it asks for. It is answered whole when it is one question, when a
   * part is too short to search on its own ("and whom did they meet?"), or when no part can be
   * answered; nothing is chosen when no sentence covers enough of it, and nothing is weighed when
   * the corpus uses too few of its words to be about it at all.
   */
  async trace(query: AnalyzedQuery, ranked: readonly RankedPassage[]): Promise<AnswerTrace> {
    const known = knownShare(query, this.index.lexical);
    const unreached = unreachedShare(query, this.index.lexical);
    const passages = ranked.length;
    const weighed = { query, passages, knownShare: known, unreachedShare: unreached };
    const location = query.located;
    if (location) {
      const chosen = locatedAnswer(location, ranked.slice(0, this.tuning.passagesConsidered));
      if (chosen.length > 0) return { ...weighed, located: location.kind, steps: [], chosen };
    }
    if (query.terms.length === 0 || isSmallTalk(query.focus)) return { ...weighed, offTopic: 'empty', steps: [], chosen: [] };
    if (known < this.tuning.minKnownShare) return { ...weighed, offTopic: 'unknown', steps: [], chosen: [] };
    if (unreached >= this.tuning.maxUnreachedShare) return { ...weighed, offTopic: 'unreached', steps: [], chosen: [] };
    const steps: AnswerStep[] = [];
    for (const part of this.partsOf(query)) {
      const candidates = await this.scorer.candidates(part, ranked);
      steps.push({ query: part, candidates, chosen: this.choose(part, candidates, 1) });
    }
    const byParts: Candidate[] = [];
    for (const c of steps.flatMap((step) => step.chosen)) {
      if (!byParts.some((x) => sameSentence(x, c))) byParts.push(c);
    }
    if (byParts.length > 0) return { ...weighed, steps, chosen: byParts };
    const candidates = await this.scorer.candidates(query, ranked);
    const whole = { query, candidates, chosen: this.choose(query, candidates) };
    return { ...weighed, steps: [...steps, whole], chosen: whole.chosen };
  }

  /**
   * The parts of a two-part question, each analysed on its own; none when it is one question or a
   * part is too short. A later part that leans on the first ("…, and where was the second one
   * held?") is read against it, as a follow-up is read against the question before.
   */
  private partsOf(query: AnalyzedQuery): AnalyzedQuery[] {
    if (query.focus !== query.text) return [];
    const texts = questionParts(query.text);
    if (texts.length < 2) return [];
    const parts = texts.map((part, i) =>
      analyzeQuery(i === 0 ? part : resolveQuestion(part, [{ role: 'user', content: texts[0]! }]), this.index),
    );
    const ownTerms = (part: AnalyzedQuery) => part.terms.filter((t) => part.termWeights.get(t) === 1).length;
    return parts.every((part) => ownTerms(part) >= MIN_PART_TERMS) ? parts : [];
  }

  /** The sentences that answer `query` best, or none when no sentence covers enough of it. */
  private choose(query: AnalyzedQuery, candidates: readonly Candidate[], maxQuotes = this.tuning.maxQuotes): Candidate[] {
    const eligible = candidates.filter(canAnswer);
    const best = eligible[0];
    if (!best || best.coverage < this.tuning.minCoverage || query.terms.length === 0) return [];
    const chosen = [best];
    for (const c of eligible.slice(1)) {
      if (chosen.length >= maxQuotes) break;
      const addsTerms = [...c.matched].some((t) => !chosen.some((x) => x.matched.has(t)));
      if (c.score >= best.score * this.tuning.secondSentenceRatio && addsTerms && c.coverage >= this.tuning.minCoverage * 0.6) {
        chosen.push(c);
      }
    }
    const neighbour = this.scorer.completingNeighbour(best, query);
    if (neighbour && !chosen.some((c) => sameSentence(c, neighbour))) chosen.push(neighbour);
    return chosen;
  }

  private compose(chosen: readonly Candidate[]): ExtractiveAnswer {
    let answer = '';
    const citations: Citation[] = chosen.map((c, i) => {
      const n = i + 1;
      const quote = c.doc.text.slice(c.sentence.start, c.sentence.end);
      if (answer) answer += ' ';
      const answerStart = answer.length;
      answer += `${quote} [${n}]`;
      return {
        n,
        documentId: c.doc.id,
        passageId: c.passageId,
        quote,
        start: c.sentence.start,
        end: c.sentence.end,
        answerStart,
        answerEnd: answerStart + quote.length,
        paragraph: c.sentence.paragraph,
        notes: c.sentence.notes.map((n) => ({ n, text: c.doc.notes.find((note) => note.n === n)?.text ?? '' })),
        verified: true,
      };
    });
    assertCitations(answer, citations, this.index.documents);
    return { answer, abstained: false, citations };
  }

  /** The abstention: what the article lacks, or, for a message that names nothing to look up, what to ask instead. */
  private abstain(question: string, empty: boolean): ExtractiveAnswer {
    const asked = question.trim().replace(/\s+/g, ' ');
    return {
      answer: empty
        ? `The article does not say. “${asked}” names nothing to look up in it: ask about something it discusses, or what it is about as a whole.`
        : `The article does not say. None of the passages closest to “${asked}” answers it; they are listed for reference.`,
      abstained: true,
      citations: [],
    };
  }
}
