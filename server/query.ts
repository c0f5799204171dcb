import type { Bm25Index } from '../ingest/bm25.js';
import { CAPITAL, type Thesaurus } from '../ingest/thesaurus.js';
import { findPhrases, PHRASE_JOINER } from '../ingest/phrases.js';
import { stem, termsOf, words } from '../ingest/tokenize.js';
import type { Corpus, Location } from './answer-location.js';
import { locate } from './located.js';
import { shapeOf, type QuestionShape } from './question-shape.js';
import type { WordNeighbours } from './word-neighbours.js';

/** A question as search sees it: the user's terms plus related corpus terms at lower weight. */
export interface AnalyzedQuery {
  /** The standalone question. */
  text: string;
  /** The part the user asked last; its wording sets the answer type. */
  focus: string;
  /** What the focus asks for and names (its answer type, anchors and names), read once. */
  shape: QuestionShape;
  /** Content terms, in order, without repeats: the focus's first, then the context's. */
  terms: string[];
  /** term → weight of the user's terms: 1 for the focus, less for context from earlier turns. */
  termWeights: Map<string, number>;
  /** term → what it weighs when sentences are scored: its IDF times its own weight, worked out once. */
  scoringWeights: Map<string, number>;
  /** term → weight, for lexical search: the user's terms at 1, related terms below. */
  weighted: Map<string, number>;
  /**
   * user term → related corpus terms standing in for it when a sentence is scored; the words
   * reached only through an acronym or a word vector come last and are not searched for (see
   * `weighted`).
   */
  related: Map<string, string[]>;
  /** user term the corpus never uses → the corpus terms nearest to it by word vectors, nearest first; not searched for. */
  nearby: Map<string, string[]>;
  /** The text plus the related words of terms the corpus lacks, for the weight-free embedder. */
  expandedText: string;
  /**
   * Where the answer stands, when the focus is a question answered by a place rather than by the
   * words it shares ("What is this article about?", "What is ASEAN?"; see located.ts); retrieval
   * ranks that place first and the answerer quotes it. Only worked out against a corpus.
   */
  located?: Location;
}

/** Weight of a related term standing in for a word the corpus never uses. */
const BRIDGE_WEIGHT = 0.6;
/** Weight of a related term added beside a word the corpus does use. */
const SIDE_WEIGHT = 0.2;
/**
 * A word of an acronym's long form that the corpus uses only where it defines the acronym (one
 * sentence, which two overlapping passages may share) names the same thing: "Shanghai" is the SCO,
 * so the acronym is searched for at the word's own weight. "Nations", used all over, is not ASEAN.
 */
const ALIAS_PASSAGES = 2;

const HOW_MUCH = /\bhow (large|big|small|many|much|long|often|high|far|old|great)\b/gi;

/** A follow-up pointing at what the earlier question named ("that", "it", "they"). */
const REFERS_TO_EARLIER = /\b(?:it|that|this|they|those|these)\b/i;
/** Verbs that ask about a stage of an event rather than name one. */
const EVENT_ASPECTS = new Set(['start', 'begin', 'end', 'finish', 'stop'].map(stem));

/** Asks the size of something named. */
const HOW_BIG = /\bhow (?:big|large)\b/i;
/** What the size of a country, a grouping or an economy is given in. */
const SIZE_TERMS = ['population', 'gdp', 'area', 'territory'].map(stem);

/** Words that ask "how much" rather than name anything ("how many", "how long", "how often"). */
export const QUANTITY_WORDS: readonly string[] = ['many', 'much', 'long', 'often'];
/** Words that only shape a question; they carry no evidence. */
const QUESTION_WORDS = new Set(['happen', 'year', 'date', 'describe', 'mention', 'name', 'kind', 'type', 'does', ...QUANTITY_WORDS].map(stem));

/** Phrases that only shape a question, like QUESTION_WORDS: "Where did the summit take place?" */
const QUESTION_PHRASES = new Set(['take_place']);

/** Weight of terms that come from an earlier question rather than the follow-up itself. */
const CONTEXT_WEIGHT = 0.5;

export interface QueryParts {
  standalone: string;
  focus: string;
  context: string;
}

/** What a question is analysed against: the corpus's words, and the bridges to them. */
export interface QueryVocabulary extends Partial<Corpus> {
  lexical: Bm25Index;
  thesaurus?: Thesaurus;
  wordNeighbours?: WordNeighbours;
}

export function analyzeQuery(question: string | QueryParts, vocabulary: QueryVocabulary): AnalyzedQuery {
  const { lexical, thesaurus, wordNeighbours } = vocabulary;
  const parts = typeof question === 'string' ? { standalone: question, focus: question, context: '' } : question;
  const text = parts.standalone;
  // "How large/long/many…" asks for a quantity; the adjective is not something to look for.
  const lent = new Map<string, string[]>();
  const contentTerms = (t: string) => {
    const found = withPhrases(t.replace(HOW_MUCH, ' '), thesaurus);
    for (const [term, list] of found.lent) lent.set(term, [...(lent.get(term) ?? []), ...list]);
    return found.list.filter((term) => !QUESTION_WORDS.has(term));
  };
  const termWeights = new Map<string, number>();
  // "When did that start?" after a question: when the named thing started is its date, which the
  // earlier question's words find; "start" is no word the answer must hold.
  const aspectOfEarlier = parts.context !== '' && REFERS_TO_EARLIER.test(parts.focus);
  for (const t of contentTerms(parts.focus)) if (!(aspectOfEarlier && EVENT_ASPECTS.has(t))) termWeights.set(t, 1);
  for (const t of contentTerms(parts.context)) if (!termWeights.has(t)) termWeights.set(t, CONTEXT_WEIGHT);
  const shape = shapeOf(parts.focus);
  // "How big is ASEAN?" names only what it asks about: the size is what to look for.
  if (HOW_BIG.test(parts.focus) && [...termWeights.keys()].every((t) => shape.names.includes(t))) {
    for (const t of SIZE_TERMS) if (!termWeights.has(t)) termWeights.set(t, CONTEXT_WEIGHT);
  }
  const own = [...termWeights.keys()];
  const weighted = new Map(termWeights);
  const related = new Map<string, string[]>();
  const nearby = new Map<string, string[]>();
  const bridged: string[] = [];
  // Names of the earlier turn count too: a follow-up's context may name the country.
  const names = new Set([...shape.names, ...(wordNeighbours && parts.context ? shapeOf(parts.context).names : [])]);
  for (const term of own) {
    const known = lexical.has(term);
    const list = [...new Set([...(lent.get(term) ?? []), ...(thesaurus?.related(term) ?? [])])].filter((r) => !own.includes(r));
    // An acronym's long-form words stand for each other through it ("Southeast Asian" → ASEAN →
    // "the Association"): enough to credit a sentence, too loose to search by.
    const throughAcronym = list
      .flatMap((r) => (thesaurus?.isAlias(term, r) ? thesaurus.aliasesOf(r) : []))
      .filter((r) => r !== term && !own.includes(r) && !list.includes(r));
    // A word the corpus never uses is credited where a word near it in meaning stands ("clout" →
    // advantage); searching by them pulled in off-topic passages. Never for a name: Cambodia is
    // near Vietnam in use, but a different country.
    const near = (known || names.has(term) ? [] : (wordNeighbours?.of(term) ?? [])).filter((r) => r !== term && !own.includes(r) && !list.includes(r));
    if (near.length > 0) nearby.set(term, near);
    const unsearched = [...new Set(throughAcronym)].filter((r) => r !== term && !own.includes(r) && !list.includes(r));
    if (list.length + unsearched.length === 0) continue;
    related.set(term, [...list, ...unsearched]);
    const weight = (known ? SIDE_WEIGHT : BRIDGE_WEIGHT) * termWeights.get(term)!;
    for (const r of list) {
      const same = thesaurus?.isAlias(term, r) && lexical.documentFrequency(term) <= ALIAS_PASSAGES;
      weighted.set(r, Math.max(weighted.get(r) ?? 0, same ? termWeights.get(term)! : weight));
    }
    if (!known) bridged.push(...list);
  }
  // A country named only to name its capital ("the Vietnamese capital" → Hanoi) is found where the capital is.
  for (const term of own) {
    const meaning = related.get(term);
    const phraseWords = term.split(PHRASE_JOINER);
    if (!meaning || !phraseWords.includes(CAPITAL)) continue;
    for (const name of phraseWords.filter((w) => names.has(w) && !own.includes(w))) {
      related.set(name, [...new Set([...(related.get(name) ?? thesaurus?.related(name) ?? []), ...meaning])]);
    }
  }
  const scoringWeights = new Map(own.map((t) => [t, lexical.idf(t) * termWeights.get(t)!]));
  const expandedText = bridged.length > 0 ? `${text} ${bridged.join(' ')}` : text;
  // The vocabulary itself is the corpus (the loaded index): located.ts remembers places per corpus object.
  const located = isCorpus(vocabulary) ? locate(parts.focus, vocabulary) : undefined;
  return { text, focus: parts.focus, shape, terms: own, termWeights, scoringWeights, weighted, related, nearby, expandedText, ...(located ? { located } : {}) };
}

function isCorpus(vocabulary: QueryVocabulary): vocabulary is QueryVocabulary & Corpus {
  return vocabulary.passages !== undefined && vocabulary.documents !== undefined;
}

/**
 * The text's content terms, with each multi-word expression the thesaurus knows ("set up",
 * "head of state") standing as one term in place of its words: "set up" is about establishing,
 * not about setting. A phrase the corpus itself uses ("taking part") keeps its words, which
 * match literally, and lends them the phrase's related words ("participation").
 */
function withPhrases(text: string, thesaurus: Thesaurus | undefined): { list: string[]; lent: Map<string, string[]> } {
  // One pass over the words serves both: the terms drop stop words, phrases keep them ("head of state").
  const all = words(text);
  const list = termsOf(all);
  const lent = new Map<string, string[]>();
  if (!thesaurus) return { list, lent };
  for (const phrase of findPhrases(all, (key) => thesaurus.related(key).length > 0, (word) => thesaurus.startsPhrase(word))) {
    if (phrase.terms.length === 0) continue;
    const at = list.findIndex((_, i) => phrase.terms.every((t, j) => list[i + j] === t));
    if (at < 0) continue;
    if (QUESTION_PHRASES.has(phrase.key)) list.splice(at, phrase.terms.length);
    else if (thesaurus.corpusUses(phrase.key)) {
      for (const t of phrase.terms) lent.set(t, [...(lent.get(t) ?? []), ...thesaurus.related(phrase.key)]);
    } else list.splice(at, phrase.terms.length, phrase.key);
  }
  return { list, lent };
}
