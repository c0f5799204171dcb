/**
 * The one tokenizer behind lexical search, the offline embedder and answer scoring, so that a word
 * matches the same way everywhere: Unicode-folded, lower-cased, lightly stemmed, stop words dropped.
 */

const STOP_WORDS = new Set(
  (
    'a an the and or but nor of to in on at by for from with without into onto over under as is are was were be been ' +
    'being am do does did doing done have has had having it its it’s this that these those there here their theirs ' +
    'they them he him his she her hers we us our you your i me my mine what which who whom whose when where why how ' +
    'not no so than then too very can could should would will shall may might must also just about above after ' +
    'again against all any both each few more most other some such only own same s t up down out off once further ' +
    'if while because until one ones article say says said tell text author'
  ).split(' '),
);

const WORD = /[\p{L}\p{N}]+(?:[.,]\p{N}+)*/gu;

/** Lower-cases and strips diacritics so `Trương` matches `truong`. */
export function fold(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase();
}

/** Every word of `text`, folded, in order, stop words included (used for n-grams and bigrams). */
export function words(text: string): string[] {
  return fold(text).match(WORD) ?? [];
}

/** Whether a folded word carries no content of its own. */
export function isStopWord(word: string): boolean {
  return STOP_WORDS.has(word);
}

const STEM_RULES: ReadonlyArray<[RegExp, string]> = [
  [/ational$/, 'ate'],
  [/ization$/, 'ize'],
  [/ations?$/, 'ate'],
  [/nesses$|ness$/, ''],
  [/ments?$/, ''],
  [/ings?$/, ''],
  [/edly$/, ''],
  [/ied$|ies$/, 'y'],
  [/([^aeiou])ed$/, '$1'],
  [/(ss|sh|ch|x|z)es$/, '$1'],
  [/([^su])s$/, '$1'],
  [/ly$/, ''],
];

/**
 * Strips common English inflections so `summits`/`summit` and `founding`/`founded` meet.
 * Deliberately light: over-stemming merges unrelated words, which hurts precision more than a
 * missed inflection hurts recall.
 */
export function stem(word: string): string {
  if (word.length <= 3 || /\d/.test(word)) return word;
  for (const [pattern, replacement] of STEM_RULES) {
    if (!pattern.test(word)) continue;
    const stemmed = word.replace(pattern, replacement);
    return stemmed.length >= 3 ? stemmed : word;
  }
  return word;
}

/** Content terms of `text`: folded, stop words removed, stemmed. */
export function terms(text: string): string[] {
  const out: string[] = [];
  for (const word of words(text)) {
    if (!isStopWord(word)) out.push(stem(word));
  }
  return out;
}
