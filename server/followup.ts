import { stem, terms } from '../ingest/tokenize.js';
import { isOverviewQuestion } from './overview.js';
import { QUANTITY_WORDS } from './query.js';
import { NUMBERED_ORDINAL, OPENS_AS_QUESTION, ORDINAL_WORDS, QUESTION_OPENERS, WH_WORDS, YEAR } from './question-words.js';
export type { Turn } from './api-types.js';
import type { Turn } from './api-types.js';
import { isSmallTalk } from './small-talk.js';


const ORDINAL = new RegExp(`\\b(${ORDINAL_WORDS.join('|')}|${NUMBERED_ORDINAL})\\b`, 'i');
const OPENER = /^\s*(and|but|also|so|then|what about|how about|and what about)\b/i;
const PRONOUN = /\b(it|its|they|them|their|this|that|these|those|he|she|his|her|there|then)\b/i;
/**
 * Content words that only shape a question ("how many", "roughly"), which add nothing to a search.
 * ("one", "about", "what", "again" and the like are stop words and never reach this filter.)
 */
const FILLER = new Set([...QUANTITY_WORDS, 'rough', 'approximate', 'exact'].map(stem));

function contentTerms(text: string): string[] {
  return terms(text).filter((t) => !FILLER.has(t));
}

/** A name (a capitalised word after the first) or a number: something a question can stand on. */
const NAMED = /\s\p{Lu}|\d/u;

/**
 * Whether `question` leans on the conversation for its meaning: "And the second one?", "How big
 * is it?", or a short question that names nothing ("Roughly how many people turned up?"). Small
 * talk ("thanks!") and a question about the article as a whole stand on their own.
 */
export function isFollowUp(question: string): boolean {
  if (isSmallTalk(question) || isOverviewQuestion(question)) return false;
  const count = contentTerms(question).length;
  if (count === 0) return true;
  if (count > 3) return false;
  return OPENER.test(question) || PRONOUN.test(question) || !NAMED.test(question.trim());
}

/** A question made to stand on its own, and which part of it is the user's latest ask. */
export interface ResolvedQuestion {
  /** The question as searched and recorded, e.g. "When was the second Russia-ASEAN summit held?". */
  standalone: string;
  /** The text whose wording decides what is asked (answer type) and whose terms weigh most. */
  focus: string;
  /** Earlier question text the follow-up leans on; its terms weigh less. Empty when none. */
  context: string;
}

/** A question word of its own: the follow-up asks something new ("Where was the second one held?"). */
const ASKS = new RegExp(`\\b(${WH_WORDS.join('|')})\\b`, 'i');

/** An earlier text and what leans on it, searched as one: "When was the forum held: How many came?". */
function leaning(earlier: string, later: string): string {
  return `${earlier.replace(/[?.!\s]+$/, '')}: ${later}`;
}

function resolveOne(question: string, previous: string): ResolvedQuestion {
  const ordinal = ORDINAL.exec(question);
  const year = YEAR.exec(question);
  const swapped =
    ordinal && ORDINAL.test(previous) ? previous.replace(ORDINAL, ordinal[1]!) : year && YEAR.test(previous) ? previous.replace(YEAR, year[1]!) : undefined;
  // "And the second one?" asks the previous question again about another thing; "Where was the
  // second one held?" asks its own question about it, with the previous one as context.
  if (swapped !== undefined && !ASKS.test(question)) return { standalone: swapped, focus: swapped, context: '' };
  const context = swapped ?? previous;
  const focus = question.replace(OPENER, '').trim();
  return { standalone: leaning(context, focus), focus, context };
}

/**
 * A statement that sets the scene before the question in the same message ("The first action
 * program ran until 2015; what was being prepared to follow it?"): the statement ends at a
 * semicolon, a colon, a spaced dash or a full stop, and the question opens as questions do.
 */
const LEADING_STATEMENT = new RegExp(`^(.+?)(?:\\s*[;:]\\s+|\\s+[—–-]\\s+|\\s*—\\s*|\\.\\s+)((?:${QUESTION_OPENERS})\\b.*)$`, 'is');

/** The scene-setting statement and the question after it, when a message is one; otherwise undefined. */
export function leadingStatement(message: string): { statement: string; question: string } | undefined {
  const match = LEADING_STATEMENT.exec(message.trim());
  if (!match || OPENS_AS_QUESTION.test(match[1]!.replace(OPENER, ''))) return undefined;
  return { statement: match[1]!.trim(), question: match[2]!.trim() };
}

/**
 * Turns a follow-up into a question that stands on its own, using earlier user turns: an ordinal
 * or a year swaps the one in the previous question ("the first summit" → "the second summit"),
 * anything else is searched together with the previous question. Earlier follow-ups are resolved
 * in turn, so chains work.
 */
export function resolveQuestion(question: string, history: readonly Turn[] = []): ResolvedQuestion {
  let previous: string | undefined;
  for (const turn of history) {
    // Small talk ("thanks!") sets no context for the questions after it.
    if (turn.role !== 'user' || turn.content.trim() === '' || isSmallTalk(turn.content)) continue;
    previous = previous && isFollowUp(turn.content) ? resolveOne(turn.content, previous).standalone : turn.content.trim();
  }
  const own = question.trim();
  // A question that leans on a statement before it in the same message is read against it, as a
  // follow-up is read against the question before.
  const led = leadingStatement(own);
  // Not when the question names its own ordinal or year: "The first summit was in Kuala Lumpur.
  // Where was the second one held?" is read whole, for the statement's facts answer the first.
  if (led && isFollowUp(led.question) && !ORDINAL.test(led.question) && !YEAR.test(led.question)) {
    const context = previous ? leaning(previous, led.statement) : led.statement;
    return { standalone: leaning(context, led.question), focus: led.question, context };
  }
  if (!previous || !isFollowUp(question)) return { standalone: own, focus: own, context: '' };
  return resolveOne(question, previous);
}

export function standaloneQuestion(question: string, history: readonly Turn[] = []): string {
  return resolveQuestion(question, history).standalone;
}
