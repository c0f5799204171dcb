import type { SourceDocument } from '../ingest/documents.js';
import type { Sentence } from '../ingest/sentences.js';
import { stem, terms, words } from '../ingest/tokenize.js';
import { passageHolding, type Corpus, type Location, type Spot } from './answer-location.js';

/**
 * Questions about a document as a whole: "What is this article about?", "Summarize the text",
 * "What does the author argue?", "What's the gist?". They name nothing the document says (every
 * word is a stop word or one that talks about documents), so no sentence matches them; they are
 * answered from the document's own opening: the sentences of its abstract, or its first sentences
 * when it has none.
 */

/** Words that talk about a document or what it does, not about its subject. */
const OVERVIEW_TERMS = new Set(
  (
    'article text author paper piece essay document writer report ' +
    'summary summarize summarise summarized summarizing sum overview gist synopsis abstract tl dr nutshell recap outline ' +
    'main central key overall general chief principal basic core ' +
    'topic topics idea ideas theme themes thesis subject subjects point points argument arguments message purpose aim goal focus scope ' +
    'discuss discusses cover covers analyze analyzes analyse examine examines explore explores study address argue argues claim ' +
    'deal deals concern concerns give me brief briefly short shortly quick quickly please explain describe'
  )
    .split(' ')
    .map(stem),
);

/** The question names the document ("the article", "this paper", "the author"). */
const NAMES_DOCUMENT = /\b(?:article|text|paper|piece|essay|document|author|writer)s?\b/i;
/** The question asks for an overview by name ("summarize", "the gist", "the main point"). */
const ASKS_OVERVIEW =
  /\b(?:summar(?:y|i[sz]e[sd]?)|overview|gist|synopsis|tl;?\s?dr|in a nutshell|(?:main|central|key|overall) (?:point|idea|topic|theme|argument|thesis|message|subject)s?)\b/i;
/** What a document is said to do: "what is it about", "what does it argue/analyze/cover". */
const DOCUMENT_VERB = /\b(?:about|argue|argues|analy[sz]e|analy[sz]es|discuss|discusses|cover|covers|examine|examines|explore|explores|address|claim|purpose|aim|focus|scope|topic|theme|thesis|subject|point)\b/i;

/** Words that ask how a document ends rather than what it is about. */
const CONCLUSION_TERMS = new Set(['conclusion', 'conclusions', 'conclude', 'concludes', 'concluded', 'end', 'ends', 'ending', 'final', 'finally', 'closing'].map(stem));
const ASKS_CONCLUSION = /\b(?:conclu(?:sions?|des?|ded)|in the end|end(?:s|ing)?\b(?!\s+of)|closing|final (?:words?|thoughts?|point))\b/i;

/**
 * Whether `question` asks what a document concludes ("What does the author conclude?", "How does
 * the article end?"), rather than about anything in it.
 */
export function isConclusionQuestion(question: string): boolean {
  if (!ASKS_CONCLUSION.test(question)) return false;
  return terms(question).every((t) => OVERVIEW_TERMS.has(t) || CONCLUSION_TERMS.has(t));
}

/** Whether `question` asks what a document is about as a whole, rather than about anything in it. */
export function isOverviewQuestion(question: string): boolean {
  if (words(question).length === 0 || isConclusionQuestion(question)) return false;
  if (terms(question).some((t) => !OVERVIEW_TERMS.has(t))) return false;
  return ASKS_OVERVIEW.test(question) || (NAMES_DOCUMENT.test(question) && DOCUMENT_VERB.test(question));
}

/** A first line that only labels what follows ("Abstract.", "Summary:"). */
const LABEL = /^\s*(?:abstract|summary|annotation|synopsis|résumé|resume)\s*[.:]?\s*$/i;
/** Sentences shorter than this are labels, not statements. */
const MIN_WORDS = 4;
/** A statement ends as a sentence does; a heading does not. */
const SENTENCE_END = /[.!?…]["”’)\]]*$/;

/**
 * The sentences that state what `doc` is about: those of its first paragraph holding statements
 * (an "Abstract." label and short heading lines left out), at most `max`. The article's opening
 * paragraph is its abstract: "The author analyzes different eras of the partnership…".
 */
export function overviewSentences(doc: SourceDocument, max: number): Sentence[] {
  for (const paragraph of doc.paragraphs) {
    if (paragraph.end > doc.bodyEnd) break;
    const statements = statementsOf(doc, paragraph.n);
    if (statements.length > 0) return statements.slice(0, max);
  }
  return [];
}

/** The sentences of paragraph `n` that state something: no label ("Abstract."), no heading. */
function statementsOf(doc: SourceDocument, n: number): Sentence[] {
  return doc.sentences.filter((s) => s.paragraph === n && isStatement(doc.text.slice(s.start, s.end)));
}

function isStatement(text: string): boolean {
  return !LABEL.test(text) && words(text).length >= MIN_WORDS && SENTENCE_END.test(text.trim());
}

/** Sentences quoted from a lone document's overview; with several documents, the first of each. */
const OVERVIEW_SENTENCES = 2;

/** Openings and closings worked out once per corpus: they do not change while it is served. */
const openings = new WeakMap<Corpus, Spot[]>();
const closings = new WeakMap<Corpus, Spot[]>();

/** Each document's sentences that `sentencesOf` picks, in the passage holding them, worked out once per corpus. */
function spotsPerDocument(corpus: Corpus, cache: WeakMap<Corpus, Spot[]>, sentencesOf: (doc: SourceDocument, max: number) => Sentence[]): Spot[] {
  let spots = cache.get(corpus);
  if (!spots) {
    const perDocument = corpus.documents.size === 1 ? OVERVIEW_SENTENCES : 1;
    spots = [];
    for (const doc of corpus.documents.values()) {
      const sentences = sentencesOf(doc, perDocument);
      const passage = sentences.length > 0 ? passageHolding(corpus, doc, sentences) : undefined;
      if (passage) spots.push({ doc, passage, sentences });
    }
    cache.set(corpus, spots);
  }
  return spots;
}

/** Where an overview question's answer stands: each document's overview sentences, in the passage holding them. */
export function overviewLocation(question: string, corpus: Corpus): Location | undefined {
  if (!isOverviewQuestion(question)) return undefined;
  const spots = spotsPerDocument(corpus, openings, overviewSentences);
  return spots.length > 0 ? { kind: 'overview', spots } : undefined;
}

/** A line between paragraphs that opens a last section: "* * *", "***", "Conclusion", "Conclusions". */
const SECTION_BREAK = /(?:^|\n)[ \t]*(?:(?:\*[ \t]*){3,}|conclusions?|in conclusion)[ \t]*(?:\n|$)/i;

/**
 * The sentences that state what `doc` concludes: the first statements of the paragraph after its
 * last section break ("* * *" before the article's closing section), or of its last paragraph when
 * it has none; at most `max`.
 */
export function conclusionSentences(doc: SourceDocument, max: number): Sentence[] {
  const body = doc.paragraphs.filter((p) => p.end <= doc.bodyEnd);
  let closing = body.length - 1;
  for (let i = body.length - 1; i > 0; i--) {
    if (SECTION_BREAK.test(doc.text.slice(body[i - 1]!.end, body[i]!.start))) {
      closing = i;
      break;
    }
  }
  const paragraph = body[closing];
  return paragraph ? statementsOf(doc, paragraph.n).slice(0, max) : [];
}

/** Where a conclusion question's answer stands: each document's concluding sentences, in the passage holding them. */
export function conclusionLocation(question: string, corpus: Corpus): Location | undefined {
  if (!isConclusionQuestion(question)) return undefined;
  const spots = spotsPerDocument(corpus, closings, conclusionSentences);
  return spots.length > 0 ? { kind: 'conclusion', spots } : undefined;
}
