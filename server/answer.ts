import { assertCitations, type Citation } from './citations.js';
import { DEFAULT_TUNING, type AnswerTuning } from './answer-tuning.js';
import type { LoadedIndex } from './index-store.js';
import { analyzeQuery, type AnalyzedQuery } from './query.js';
import { questionParts } from './question-parts.js';
import type { RankedPassage } from './retrieve.js';
import { SentenceScorer, type Candidate } from './sentence-scorer.js';

export interface ExtractiveAnswer {
  answer: string;
  abstained: boolean;
  citations: Citation[];
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
    private readonly tuning: AnswerTuning = DEFAULT_TUNING,
  ) {
    this.scorer = new SentenceScorer(index, tuning);
  }

  async answer(query: AnalyzedQuery, ranked: readonly RankedPassage[]): Promise<ExtractiveAnswer> {
    const chosen = (await this.answerParts(query, ranked)) ?? (await this.choose(query, ranked));
    if (!chosen) return this.abstain(query.text);
    // Quote in document order so the answer reads as the article does.
    chosen.sort((a, b) => a.doc.id.localeCompare(b.doc.id) || a.sentence.start - b.sentence.start);
    return this.compose(chosen);
  }

  /**
   * A two-part question ("…signed, and what does Point XIV emphasize?") answered part by part,
   * each with the kind of fact it asks for and by its best sentence (and a neighbour it needs).
   * Undefined when the question is one question, a part is too short to search on its own ("and
   * whom did they meet?"), or no part can be answered.
   */
  private async answerParts(query: AnalyzedQuery, ranked: readonly RankedPassage[]): Promise<Candidate[] | undefined> {
    if (query.focus !== query.text) return undefined;
    const parts = questionParts(query.text).map((part) => analyzeQuery(part, this.index.lexical, this.index.thesaurus));
    if (parts.length < 2 || parts.some((part) => part.terms.length < MIN_PART_TERMS)) return undefined;
    const chosen: Candidate[] = [];
    for (const part of parts) {
      for (const c of (await this.choose(part, ranked, 1)) ?? []) {
        if (!chosen.some((x) => x.doc.id === c.doc.id && x.sentence.start === c.sentence.start)) chosen.push(c);
      }
    }
    return chosen.length > 0 ? chosen : undefined;
  }

  /** The sentences that answer `query` best, or undefined when none covers enough of it. */
  private async choose(query: AnalyzedQuery, ranked: readonly RankedPassage[], maxQuotes = this.tuning.maxQuotes): Promise<Candidate[] | undefined> {
    const candidates = (await this.scorer.candidates(query, ranked)).filter((c) => c.eligible);
    const best = candidates[0];
    if (!best || best.coverage < this.tuning.minCoverage || query.terms.length === 0) return undefined;
    const chosen = [best];
    for (const c of candidates.slice(1)) {
      if (chosen.length >= maxQuotes) break;
      const addsTerms = [...c.matched].some((t) => !chosen.some((x) => x.matched.has(t)));
      if (c.score >= best.score * this.tuning.secondSentenceRatio && addsTerms && c.coverage >= this.tuning.minCoverage * 0.6) {
        chosen.push(c);
      }
    }
    const neighbour = this.scorer.completingNeighbour(best, query);
    if (neighbour && !chosen.some((c) => c.sentence.start === neighbour.sentence.start)) chosen.push(neighbour);
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

  private abstain(question: string): ExtractiveAnswer {
    const asked = question.trim().replace(/\s+/g, ' ');
    return {
      answer: `The article does not say. None of the passages closest to “${asked}” answers it; they are listed for reference.`,
      abstained: true,
      citations: [],
    };
  }
}
