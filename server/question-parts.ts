import { AUXILIARIES, OPENS_AS_QUESTION, WH_WORDS } from './question-words.js';

/**
 * A question that asks two things at once ("In what year was the declaration signed, and what does
 * its Point XIV emphasize?") splits into its parts, so each is answered with the kind of fact it
 * asks for: a year for the first, a statement for the second.
 */
const SECOND_QUESTION = new RegExp(
  `(?:,\\s*|\\s*;\\s*|\\s+)(?:and|but)\\s+(?=(?:${[...WH_WORDS, 'in what', 'in which', ...AUXILIARIES].join('|')})\\b)`,
  'i',
);

/** The parts of a two-part question, or the question alone. */
export function questionParts(question: string): string[] {
  const match = SECOND_QUESTION.exec(question);
  if (!match || !OPENS_AS_QUESTION.test(question)) return [question];
  const first = question.slice(0, match.index).trim();
  const second = question.slice(match.index + match[0].length).trim();
  if (!first || !second) return [question];
  return [`${first.replace(/[,;]+$/, '')}?`, second.charAt(0).toUpperCase() + second.slice(1)];
}
