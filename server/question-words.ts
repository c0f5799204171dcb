/**
 * The small vocabulary that reading a question's wording rests on, shared by question shapes,
 * two-part questions and follow-ups so they agree on what counts as a question word or an ordinal.
 */

/** Words that open a question asking for something ("what", "when", "how"). */
export const WH_WORDS: readonly string[] = ['what', 'which', 'who', 'whom', 'whose', 'when', 'where', 'why', 'how'];

/** Auxiliaries that open a yes/no question ("did", "is", "has"). */
export const AUXILIARIES: readonly string[] = ['did', 'does', 'do', 'is', 'are', 'was', 'were', 'has', 'have'];

/** How a question may open, as alternatives for a RegExp: a question word, "in what", an auxiliary… */
export const QUESTION_OPENERS = [...WH_WORDS, 'in what', 'in which', 'at what', ...AUXILIARIES, 'can', 'could'].join('|');

/** Whether a text opens as a question does ("What…", "In which…", "Did…"). */
export const OPENS_AS_QUESTION = new RegExp(`^\\s*(?:${QUESTION_OPENERS})\\b`, 'i');

/** Ordinal words, in order: "first" is ORDINAL_WORDS[0]. */
export const ORDINAL_WORDS: readonly string[] = ['first', 'second', 'third', 'fourth', 'fifth', 'sixth', 'seventh', 'eighth', 'ninth', 'tenth'];

/** An ordinal written in digits ("24th", "21st"), as a regular-expression source. */
export const NUMBERED_ORDINAL = '\\d+(?:st|nd|rd|th)';

/** A year as the article writes one, 1500–2099 ("1967", "2014"). */
export const YEAR = /\b(1[5-9]\d\d|20\d\d)\b/;
