import type { SourceDocument } from '../ingest/documents.js';
import type { Sentence } from '../ingest/sentences.js';
import { passageHolding, type Corpus, type Location, type Spot } from './answer-location.js';
import { REFERS_BACK } from './refers-back.js';

/**
 * "What is ASEAN?", "What does APR stand for?": a question that asks only what an acronym is. Its
 * every word is a stop word but the acronym, which half the article's sentences hold, so the words
 * it shares pick no sentence in particular. It is answered where the document spells the acronym
 * out: "…is the Association of Southeast Asian Nations (ASEAN)." and, for "what is", the sentence
 * after it when that one goes on about it ("This rapidly developing subregional…organization…").
 */

/** An acronym as documents write one: two to six capitals. */
const ACRONYM = '(\\p{Lu}{2,6})';
const WHAT_IS = new RegExp(`^\\s*(?:[Ww]hat|[Ww]ho)(?:['’]s|\\s+is|\\s+are|\\s+was|\\s+were)\\s+(?:the\\s+)?${ACRONYM}\\s*[?.!]*\\s*$`, 'u');
const STANDS_FOR = new RegExp(`^\\s*[Ww]hat\\s+(?:does|did|do)\\s+(?:the\\s+)?${ACRONYM}\\s+(?:stand\\s+for|mean)\\s*[?.!]*\\s*$`, 'u');
const DEFINE = new RegExp(`^\\s*(?:[Dd]efine|[Ee]xplain)\\s+(?:the\\s+)?${ACRONYM}\\s*[?.!]*\\s*$`, 'u');

/** The acronym a question asks about, and whether it asks only what the letters stand for. */
export function askedAcronym(question: string): { acronym: string; lettersOnly: boolean } | undefined {
  const stands = STANDS_FOR.exec(question);
  if (stands) return { acronym: stands[1]!, lettersOnly: true };
  const what = WHAT_IS.exec(question) ?? DEFINE.exec(question);
  return what ? { acronym: what[1]!, lettersOnly: false } : undefined;
}

/** Spots worked out once per corpus and acronym. */
const remembered = new WeakMap<Corpus, Map<string, Spot[]>>();
/** Acronyms remembered per corpus; a client asking about ever new ones cannot grow it further. */
const REMEMBERED = 1_000;

/** Where a definition question's answer stands: in each document, the first sentence that spells the acronym out. */
export function definitionLocation(question: string, corpus: Corpus): Location | undefined {
  const asked = askedAcronym(question);
  if (!asked) return undefined;
  let byAcronym = remembered.get(corpus);
  if (!byAcronym) remembered.set(corpus, (byAcronym = new Map()));
  const key = `${asked.acronym}:${asked.lettersOnly}`;
  let spots = byAcronym.get(key);
  if (!spots) {
    spots = [...corpus.documents.values()].flatMap((doc) => spotIn(corpus, doc, asked.acronym, asked.lettersOnly) ?? []);
    if (byAcronym.size >= REMEMBERED) byAcronym.delete(byAcronym.keys().next().value!);
    byAcronym.set(key, spots);
  }
  return spots.length > 0 ? { kind: 'definition', spots } : undefined;
}

function spotIn(corpus: Corpus, doc: SourceDocument, acronym: string, lettersOnly: boolean): Spot | undefined {
  const at = doc.text.indexOf(`(${acronym})`);
  if (at < 0 || at >= doc.bodyEnd) return undefined;
  const index = doc.sentences.findIndex((s) => s.start <= at && at < s.end);
  const defining = doc.sentences[index];
  if (!defining) return undefined;
  const sentences: Sentence[] = [defining];
  const next = doc.sentences[index + 1];
  if (!lettersOnly && next && next.paragraph === defining.paragraph && REFERS_BACK.test(doc.text.slice(next.start, next.end))) sentences.push(next);
  const passage = passageHolding(corpus, doc, sentences) ?? passageHolding(corpus, doc, [defining]);
  if (!passage) return undefined;
  return { doc, passage, sentences: sentences.filter((s) => passage.start <= s.start && s.end <= passage.end) };
}
