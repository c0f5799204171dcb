import type { SourceDocument } from '../ingest/documents.js';
import type { Sentence } from '../ingest/sentences.js';
import { terms } from '../ingest/tokenize.js';
import { assertCitations, type Citation } from './citations.js';
import type { LoadedIndex } from './index-store.js';
import type { AnalyzedQuery } from './query.js';
import { hasAnswerType, shapeOf } from './question-shape.js';
import type { RankedPassage } from './retrieve.js';

export interface ExtractiveAnswer {
  answer: string;
  abstained: boolean;
  citations: Citation[];
}

export interface AnswerTuning {
  /** Below this share of the question's (IDF-weighted) terms found in the best sentence, abstain. */
  minCoverage: number;
  /** Passages whose sentences are considered. */
  passagesConsidered: number;
  /** A second sentence is quoted when it scores at least this share of the best and adds terms. */
  secondSentenceRatio: number;
  maxQuotes: number;
  /** Whether the rarest known term of the question must be in the quoted sentence (or a related word). */
  keyTermRequired: boolean;
  /** Whether names in the question must occur in the answering paragraph (or a related word). */
  namesRequired: boolean;
  /** Score bonus per query word pair found next to each other in the sentence. */
  pairBonus: number;
}

export const DEFAULT_TUNING: AnswerTuning = {
  minCoverage: 0.25,
  passagesConsidered: 4,
  secondSentenceRatio: 0.7,
  maxQuotes: 2,
  pairBonus: 0.03,
  namesRequired: true,
  keyTermRequired: false,
};

/** Share of a term's weight earned when only a related word (thesaurus) is found. */
const RELATED_CREDIT = 0.7;

export interface Candidate {
  doc: SourceDocument;
  sentence: Sentence;
  passageId: string;
  rank: number;
  matched: Set<string>;
  /** Query word pairs that stand next to each other in the sentence, as in the question. */
  pairs: number;
  coverage: number;
  similarity: number;
  score: number;
  /** Holds the question's anchors and the kind of fact it asks for. */
  eligible: boolean;
}

/**
 * Builds extractive answers: picks the sentences of the top passages that cover the question best
 * and quotes them verbatim with `[n]` markers. Abstains when no sentence covers enough of the
 * question, rather than quoting something merely nearby.
 */
export class ExtractiveAnswerer {
  private readonly sentencesByPassage = new Map<string, Sentence[]>();
  private readonly sentenceVectors = new Map<string, number[]>();
  private readonly paragraphTermCache = new Map<string, Set<string>>();
  private readonly lowercaseWords = new Map<string, Set<string>>();

  constructor(
    private readonly index: LoadedIndex,
    private readonly tuning: AnswerTuning = DEFAULT_TUNING,
  ) {
    for (const passage of index.passages) {
      const doc = index.documents.get(passage.documentId);
      const inside = doc?.sentences.filter((s) => s.start >= passage.start && s.end <= passage.end) ?? [];
      this.sentencesByPassage.set(passage.id, inside);
    }
  }

  async answer(query: AnalyzedQuery, ranked: readonly RankedPassage[]): Promise<ExtractiveAnswer> {
    const candidates = (await this.candidates(query, ranked)).filter((c) => c.eligible);
    const best = candidates[0];
    if (!best || best.coverage < this.tuning.minCoverage || query.terms.length === 0) {
      return this.abstain(query.text);
    }
    const chosen = [best];
    for (const c of candidates.slice(1)) {
      if (chosen.length >= this.tuning.maxQuotes) break;
      const addsTerms = [...c.matched].some((t) => !chosen.some((x) => x.matched.has(t)));
      if (c.score >= best.score * this.tuning.secondSentenceRatio && addsTerms && c.coverage >= this.tuning.minCoverage * 0.6) {
        chosen.push(c);
      }
    }
    // Quote in document order so the answer reads as the article does.
    chosen.sort((a, b) => a.doc.id.localeCompare(b.doc.id) || a.sentence.start - b.sentence.start);
    return this.compose(chosen);
  }

  /** Every sentence considered, best first, with the numbers behind its rank (for --explain and tuning). */
  async candidates(query: AnalyzedQuery, ranked: readonly RankedPassage[]): Promise<Candidate[]> {
    const weights = new Map(query.terms.map((t) => [t, this.index.lexical.idf(t) * (query.termWeights.get(t) ?? 1)]));
    const shape = shapeOf(query.focus);
    // The rarest focus term the corpus knows: a sentence that lacks it answers another question.
    const keyTerm = query.terms
      .filter((t) => query.termWeights.get(t) === 1 && this.index.lexical.has(t))
      .sort((a, b) => this.index.lexical.idf(b) - this.index.lexical.idf(a))[0];
    const totalWeight = [...weights.values()].reduce((a, b) => a + b, 0) || 1;
    const seen = new Set<string>();
    const found: Candidate[] = [];
    for (const hit of ranked.slice(0, this.tuning.passagesConsidered)) {
      const doc = this.index.documents.get(hit.passage.documentId);
      if (!doc) continue;
      for (const sentence of this.sentencesByPassage.get(hit.passage.id) ?? []) {
        const key = `${doc.id}:${sentence.start}`;
        if (seen.has(key)) continue;
        seen.add(key);
        const sentenceText = doc.text.slice(sentence.start, sentence.end);
        const sentenceTerms = terms(sentenceText);
        const paragraph = this.paragraphTerms(doc, sentence.paragraph);
        const anchored = shape.anchors.every((a) => sentenceTerms.includes(a) || paragraph.has(a));
        const named =
          !this.tuning.namesRequired ||
          shape.names.every((n) => paragraph.has(n) || (query.related.get(n) ?? []).some((r) => paragraph.has(r)));
        const matched = new Set<string>();
        let weight = 0;
        for (const [term, idf] of weights) {
          if (sentenceTerms.includes(term)) {
            matched.add(term);
            weight += idf;
          } else if ((query.related.get(term) ?? []).some((r) => sentenceTerms.includes(r))) {
            matched.add(term);
            weight += idf * RELATED_CREDIT;
          } else if (term.length >= 5 && sentenceTerms.some((s) => s.length >= 5 && s.slice(0, 5) === term.slice(0, 5))) {
            matched.add(term);
            weight += idf * 0.6;
          }
        }
        const keyed = !this.tuning.keyTermRequired || !keyTerm || matched.has(keyTerm);
        const eligible = anchored && named && keyed && hasAnswerType(sentenceText, shape.answerType, (w) => this.isCommonWord(doc, w));
        const pairs = adjacentPairs(query.terms, sentenceTerms);
        found.push({ doc, sentence, passageId: hit.passage.id, rank: hit.rank, matched, pairs, coverage: weight / totalWeight, similarity: 0, score: 0, eligible });
      }
    }
    const vector = await this.index.embedder.embedQuery(this.index.expandDenseQueries ? query.expandedText : query.text);
    const vectors = await this.vectorsFor(found);
    found.forEach((c, i) => {
      c.similarity = dot(vector, vectors[i]!);
      c.score = 0.65 * c.coverage + 0.35 * c.similarity + 0.04 / c.rank + this.tuning.pairBonus * c.pairs;
    });
    return found.sort((a, b) => b.score - a.score);
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

  /** Terms of a whole paragraph: a year or ordinal in the question may be stated once per paragraph. */
  private paragraphTerms(doc: SourceDocument, n: number): Set<string> {
    const key = `${doc.id}:${n}`;
    let found = this.paragraphTermCache.get(key);
    if (!found) {
      const p = doc.paragraphs.find((x) => x.n === n);
      found = new Set(p ? terms(doc.text.slice(p.start, p.end)) : []);
      this.paragraphTermCache.set(key, found);
    }
    return found;
  }

  /** Sentence vectors are computed once per sentence and kept: the sentence set is fixed. */
  private async vectorsFor(candidates: readonly Candidate[]): Promise<number[][]> {
    const keyOf = (c: Candidate) => `${c.doc.id}:${c.sentence.start}`;
    const missing = candidates.filter((c) => !this.sentenceVectors.has(keyOf(c)));
    if (missing.length > 0) {
      const texts = missing.map((c) => c.doc.text.slice(c.sentence.start, c.sentence.end));
      const vectors = await this.index.embedder.embedDocuments(texts);
      missing.forEach((c, i) => this.sentenceVectors.set(keyOf(c), vectors[i]!));
    }
    return candidates.map((c) => this.sentenceVectors.get(keyOf(c))!);
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

function adjacentPairs(queryTerms: readonly string[], sentenceTerms: readonly string[]): number {
  const wanted = new Set<string>();
  for (let i = 1; i < queryTerms.length; i++) wanted.add(`${queryTerms[i - 1]} ${queryTerms[i]}`);
  let count = 0;
  for (let i = 1; i < sentenceTerms.length; i++) if (wanted.delete(`${sentenceTerms[i - 1]} ${sentenceTerms[i]}`)) count++;
  return count;
}

function dot(a: readonly number[], b: readonly number[]): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i]! * (b[i] ?? 0);
  return sum;
}
