import { fold, terms } from '../ingest/tokenize.js';
import { AUXILIARIES, NUMBERED_ORDINAL, ORDINAL_WORDS, YEAR } from './question-words.js';

/** What kind of fact a question asks for, when its wording says so. */
export type AnswerType = 'date' | 'day' | 'number' | 'duration' | 'person' | 'place' | 'name' | 'other';

export interface QuestionShape {
  answerType: AnswerType;
  /**
   * Terms an answer must contain for the question to be the one answered: numbers, years and
   * ordinals. "the third summit" is not answered by a sentence about the second. (Names are not
   * anchors: paraphrases swap them too freely, "Moscow" for "Russia", "Asia-Pacific" for "APR".)
   */
  anchors: string[];
  /**
   * Names in the question (capitalised words after the first), folded and stemmed. The passage
   * that answers must be about them; a name the corpus never uses means the article cannot answer.
   */
  names: string[];
  /**
   * Ordinals the question asks about together ("the first two summits": first, second). Any one of
   * them may answer; none is required.
   */
  ordinalRange: string[];
  /**
   * Names of several words: capitalised words standing next to each other after the first word
   * ("East Asia Summit" → east, asia, summit), each as its terms. Where the article writes such a
   * name whole, the answering paragraph must too: "Southeast Asia" and a summit are not it.
   */
  nameRuns: string[][];
  /** Every word of the question, folded ("asean", "russia’s" → as `fold` gives them). */
  words: string[];
}

const ORDINALS = new Set(ORDINAL_WORDS);
/**
 * A word after an ordinal that makes it say when something happened, not which one: "first
 * pushed for", "first proposed", "for the first time". Such an ordinal picks out nothing.
 */
const ADVERBIAL = /^(\p{L}+ed|time|times)$/iu;
/** "the first two …", "the first three …": several ordinals at once. */
const FIRST_N = /\bfirst (two|three|four|five)\b/i;
const COUNTS: Record<string, number> = { two: 2, three: 3, four: 4, five: 5 };
/** A span of time: stated as a number ("more than 15 years") or by its dates ("in 1994 … in 1996"). */
const DURATION_QUESTION = /\b(how long|how many (years|months|decades))\b/i;
/** The verbs after which "when" asks a question ("when did", "when will"), as alternatives for a RegExp. */
const WHEN_VERBS = [...AUXILIARIES, 'had', 'will', 'would', 'could', 'can'].join('|');
/**
 * "when" asks for a date where it opens the question, ends it, or opens a question of its own
 * ("…, and when did…"); inside a sentence before a subject ("what did they discuss when they met")
 * it only says which occasion.
 */
const ASKING_WHEN = `^\\s*when\\b|\\bwhen(?=\\s+(${WHEN_VERBS})\\b)|\\bwhen\\s*\\?`;
const DATE_QUESTION = new RegExp(`${ASKING_WHEN}|\\b((what|which) year|the year (of|when)|since when|how long ago)\\b`, 'i');
/** A date down to the month or day: "what date", "on what exact date", "in what month", "the date of". */
const DAY_QUESTION = /\b((what|which) ([\p{L}-]+ )?(month|date|day)|the (month|date|day) (of|when))\b/iu;
/** A place: "where", "in which city", "in which Philippine city", "what capital". (Not "which country": a country may answer as the subject.) */
const PLACE_QUESTION = /\b(where|(which|what) ([\p{L}-]+ )?(city|town|capital))\b/iu;
/**
 * Named things asked for by their kind: "Which Russian energy companies…?", "Which countries…?".
 * The answer names them; a sentence that only says "Russian energy companies" does not.
 */
const NAME_QUESTION = /\b(which|what) ([\p{L}-]+ ){0,2}(companies|firms|countries|nations|states|organizations|organisations|cities|observers)\b/iu;
/** A capitalised word inside a sentence (not its first word). */
const INNER_CAPITALISED = /(?<=\S\s+)\p{Lu}[\p{L}-]+/gu;
/** A place in a sentence: a name after "in", "at", "to" or "from" ("held in Hanoi", "in the city of Cebu"). */
const PLACE_IN_SENTENCE = /\b(?:[Ii]n|[Aa]t|[Tt]o|[Ff]rom) (?:the )?(?:city of )?\p{Lu}[\p{L}.-]+/u;
const NUMBER_QUESTION = /\b(how (many|much|long|big|large|high|often)|what (share|percentage|proportion|fraction|volume|number|amount|size)|what (was|is|were|are) the (\w+ )?(volume|value|size|amount|number|total|sum|share|percentage)|rate)\b/i;
/** Words naming an office: "who was the foreign minister" wants a person's name. */
const ROLE = '(leader|president|minister|official|person|individual|politician|diplomat|chairman|secretary|ambassador|head|chief|king|premier|envoy|spokesman)s?';
/** What only a person does: "who chairs the Council", "who said…". */
const PERSON_VERB = '(chairs?|chaired|heads|headed|leads|led|presides?|presided|represents|represented|said|says|wrote|writes)';
/**
 * A question after a person: one that names the office it asks about ("Which Russian leader…?",
 * "Who was Russia's foreign minister…?") or something only a person does ("Who chairs the
 * Council?", "Who said…?"). A bare "who" asks after whoever acted, which the article
 * may name as a country, a body or a group ("Who coordinated…?" – Hanoi; "Who is involved…?" –
 * ministries and agencies), so it does not demand a person's name.
 */
const PERSON_QUESTION = new RegExp(
  `\\bwhich (\\w+ ){0,2}${ROLE}\\b(?![’'])|\\bwho(m)? (is|was|are|were) ([\\p{L}’'-]+ ){0,3}${ROLE}\\b(?![’'])|\\bwho ${PERSON_VERB}\\b`,
  'iu',
);
/** Capitalised words that name places, bodies and events rather than people. */
const NOT_PERSON = new Set(
  ('Asia Asian Pacific East Eastern South Southeast North West Western Summit Forum Council Russia Russian Federation ' +
    'ASEAN Union Soviet Region Regional Declaration Program Programme Ministry Foreign Economic Fund Center Centre ' +
    'Association Organization Cooperation Committee Secretariat Chamber Commerce Industry University Charter Treaty ' +
    'Partnership Dialogue Joint Comprehensive Action Strategic International Institute Academy Sciences Studies ' +
    'Development Kuala Lumpur Hanoi Moscow Manila Vietnam Vietnamese China Chinese India Japan Korea Malaysia ' +
    'Philippines Thailand Indonesia Singapore Brunei Laos Cambodia Myanmar Europe European America American United ' +
    'States Nations Security Republic Socialist Business Direct Investment Infrastructure Commission Collegium ' +
    'Concept Policy Affairs Deputy Secretary General President Minister Prime Chairman Trade Petersburg Cold War ' +
    'Shanghai Organization APR SCO EAS ARF TAC UN RF SRV MGIMO SPIEF GDP PRC U.S.A').split(' '),
);
const PERSON_NAME = /(?:\b\p{Lu}\.\s?)+\p{Lu}\p{Ll}+|\b\p{Lu}[\p{L}]+(?:\s+\p{Lu}[\p{L}]*)+/gu;
const YEARS = new RegExp(YEAR.source, 'g');
/** A numbered ordinal ("the 24th meeting", "the 21st century") counts nothing. */
const ORDINAL_NUMBER = new RegExp(`\\b${NUMBERED_ORDINAL}\\b`, 'gi');
const MONTHS = '(january|february|march|april|may|june|july|august|september|october|november|december)';
/** A day of a month ("June 22", "22 June") dates something; it counts nothing. */
const DAY_OF_MONTH = new RegExp(`\\b${MONTHS} \\d{1,2}\\b|\\b\\d{1,2} (?=${MONTHS}\\b)`, 'gi');
const MONTH = new RegExp(`\\b${MONTHS}\\b`, 'i');
/** Words that state a quantity. Not "one": "one of the most important" states none. */
const NUMBER_WORDS = /\b(two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|twenty|thirty|forty|fifty|hundred|hundreds|thousand|million|billion|trillion|half|third|thirds|quarter|dozen)\b/i;

/**
 * An office word followed by a capitalised word that is not part of a title names something
 * else: "Which ASEAN Foreign Ministers Meeting…?" asks for a meeting, "Who was the Secretary
 * General…?" for a person. (Checked apart from PERSON_QUESTION, which ignores case.)
 */
const NEXT_NAME_WORD = /^\s+(\p{Lu}[\p{L}-]*)/u;
const TITLE_WORD = new RegExp(`^(${ROLE}|general)$`, 'i');
/** Whether a match ends in an office word (not a verb: "who led Russia's delegation" names no office). */
const ENDS_IN_ROLE = new RegExp(`${ROLE}$`, 'i');

/** Where the question asks for a person, if it does. */
function personAsked(question: string): RegExpExecArray | null {
  const match = PERSON_QUESTION.exec(question);
  if (!match || !ENDS_IN_ROLE.test(match[0])) return match;
  const next = NEXT_NAME_WORD.exec(question.slice(match.index + match[0].length));
  return !next || TITLE_WORD.test(next[1]!) ? match : null;
}

/**
 * A leading "when" clause that sets the scene rather than asks ("When the leaders met in 2012,
 * what did they pledge?"): "when" not followed by an auxiliary, up to the first comma.
 */
const WHEN_CLAUSE = new RegExp(`^\\s*when\\s+(?!(${WHEN_VERBS})\\b)[^,]*,\\s*`, 'i');

/** Each kind of fact with how to find the wording that asks for it; on a tie in position, the first listed wins. */
const ASKING: ReadonlyArray<[AnswerType, (question: string) => RegExpExecArray | null]> = [
  ['day', (q) => DAY_QUESTION.exec(q)],
  ['date', (q) => DATE_QUESTION.exec(q)],
  ['duration', (q) => DURATION_QUESTION.exec(q)],
  ['number', (q) => NUMBER_QUESTION.exec(q)],
  ['person', personAsked],
  ['place', (q) => PLACE_QUESTION.exec(q)],
  ['name', (q) => NAME_QUESTION.exec(q)],
];

/**
 * The kind of fact asked for by the wording that comes first: "How many countries were members
 * when it adopted its Declaration?" asks for a number; its "when" opens a clause, not the question.
 */
function answerTypeOf(question: string): AnswerType {
  const main = question.replace(WHEN_CLAUSE, '');
  let found: AnswerType = 'other';
  let at = Infinity;
  for (const [type, find] of ASKING) {
    const match = find(main);
    if (match && match.index < at) [found, at] = [type, match.index];
  }
  return found;
}

/** Reads the answer type and anchors off the question's wording. */
export function shapeOf(question: string): QuestionShape {
  const answerType = answerTypeOf(question);
  const firstN = FIRST_N.exec(question);
  const range = firstN ? ORDINAL_WORDS.slice(0, COUNTS[firstN[1]!.toLowerCase()]) : undefined;
  const anchors = new Set<string>();
  const tokens = withoutFalseOrdinals(question).match(/[\p{L}\p{N}][\p{L}\p{N}’'.-]*/gu) ?? [];
  const names = new Set<string>();
  const nameRuns = nameRunsOf(question);
  tokens.forEach((token, i) => {
    const clean = token.replace(/[’']s$/u, '').replace(/[.’']+$/u, '');
    const folded = fold(clean);
    // A range of years ("2005-2015") is two anchors, as the article's terms have it.
    if (/^\d/.test(folded)) for (const part of terms(clean)) anchors.add(part);
    else if (ORDINALS.has(folded) && !range && !ADVERBIAL.test(tokens[i + 1] ?? '')) anchors.add(folded);
    else if (i > 0 && /^\p{Lu}/u.test(clean)) for (const part of terms(clean)) names.add(part);
  });
  return { answerType, anchors: [...anchors], names: [...names], nameRuns, ordinalRange: range ?? [], words: tokens.map(fold) };
}

/**
 * Ordinal words that pick out nothing: fractions ("two-thirds", "one third") and the idiom "in
 * the first place".
 */
const FALSE_ORDINALS =
  /\b(one|two|three|four|five|six|seven|eight|nine|ten)[- ](halves|half|thirds?|quarters?|fourths?|fifths?|sixths?|sevenths?|eighths?|ninths?|tenths?)\b|\bin the first place\b/gi;

/**
 * `text` with its false ordinals blanked, in questions and in the article alike: "two-thirds of
 * its territory" is not about a third summit, and "who helped in the first place" about no first one.
 */
export function withoutFalseOrdinals(text: string): string {
  return text.replace(FALSE_ORDINALS, ' ');
}

/**
 * Whether the sentence names a different ordinal than the question and not the question's own:
 * "the Second Summit was held in Hanoi" does not answer "when was the first summit held", even in
 * a paragraph that mentions the first.
 */
export function contradictsOrdinal(sentenceTerms: readonly string[], shape: Pick<QuestionShape, 'anchors' | 'ordinalRange'>): boolean {
  const asked = [...shape.anchors.filter((a) => ORDINALS.has(a)), ...shape.ordinalRange];
  if (asked.length === 0 || asked.some((a) => sentenceTerms.includes(a))) return false;
  return sentenceTerms.some((t) => ORDINALS.has(t));
}

/**
 * Whether a sentence names an ordinal the question asks about and another one beside it ("If the
 * First Summit opened…, the Second Summit, held in Hanoi, raised…"): it is about both, and its facts
 * may belong to the other.
 */
export function mixesOrdinals(sentenceTerms: readonly string[], asked: readonly string[]): boolean {
  return asked.length > 0 && sentenceTerms.some((t) => asked.includes(t)) && sentenceTerms.some((t) => ORDINALS.has(t) && !asked.includes(t));
}

/** Whether `term` is an ordinal word ("first", "second"…). */
export function isOrdinal(term: string): boolean {
  return ORDINALS.has(term);
}

/** What deciding whether a sentence holds the kind of fact asked for needs besides the sentence. */
export interface TypeContext {
  /**
   * Tells capitalised common words ("Meeting", which the corpus also writes in lower case) from
   * name parts, so "Foreign Ministers Meeting" is not taken for a person.
   */
  isCommonWord?: (word: string) => boolean;
  /** The question's own words, folded: a name the question already gives answers nothing. */
  asked?: readonly string[];
}

/** Whether `sentence` holds the kind of fact the question asks for. */
export function hasAnswerType(sentence: string, type: AnswerType, context: TypeContext = {}): boolean {
  const isCommonWord = context.isCommonWord ?? (() => false);
  if (type === 'date') return YEAR.test(sentence) || MONTH.test(sentence);
  if (type === 'day') return MONTH.test(sentence);
  if (type === 'place') return PLACE_IN_SENTENCE.test(sentence);
  if (type === 'name') {
    const asked = (context.asked ?? []).map((w) => w.slice(0, 4));
    return (sentence.match(INNER_CAPITALISED) ?? []).some((w) => !isCommonWord(w) && !asked.includes(fold(w).slice(0, 4)));
  }
  if (type === 'duration') return hasAnswerType(sentence, 'date') || hasAnswerType(sentence, 'number');
  if (type === 'number') return /\d/.test(sentence.replace(DAY_OF_MONTH, '').replace(YEARS, '').replace(ORDINAL_NUMBER, '')) || NUMBER_WORDS.test(sentence);
  if (type === 'person') {
    // A name is two name-like words ("Dmitry Mezentsev") or an initial and one ("A. Likhachyov").
    for (const match of sentence.matchAll(PERSON_NAME)) {
      const nameLike = match[0].split(/[\s.]+/).filter((w) => w.length > 1 && !NOT_PERSON.has(w) && !isCommonWord(w));
      if (nameLike.length >= 2 || (nameLike.length === 1 && /\p{Lu}\./u.test(match[0]))) return true;
    }
    return false;
  }
  return true;
}

/** A month ends a name: "Lavrov's July 2014 talks", "the ASEAN Summit in October". */
const MONTH_WORD = new RegExp(`^${MONTHS}$`, 'i');
/** Capitalised words after a space, separated by single spaces only (a comma, dash or "of" ends a run). */
const CAPITALISED_RUN = /(?<=\s)\p{Lu}[\p{L}\p{N}.-]*(?: \p{Lu}[\p{L}\p{N}.-]*)+/gu;

/** The question's names of two or more words, each as its terms (see `QuestionShape.nameRuns`). */
function nameRunsOf(question: string): string[][] {
  const runs: string[][] = [];
  for (const [run] of question.matchAll(CAPITALISED_RUN)) {
    const words = run.split(' ');
    const month = words.findIndex((w) => MONTH_WORD.test(w));
    const named = terms((month >= 0 ? words.slice(0, month) : words).join(' '));
    if (named.length >= 2) runs.push(named);
  }
  return runs;
}
