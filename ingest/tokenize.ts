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
    'if while because until one ones article say says said tell text author ' +
    'anything something everything nothing anyone someone everyone anybody somebody everybody nobody anywhere somewhere everywhere'
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

/** Irregular English forms the suffix rules cannot reach ("made" → "make"). */
const IRREGULAR: ReadonlyMap<string, string> = new Map(
  (
    'made:make held:hold took:take taken:take broke:break broken:break began:begin begun:begin gave:give ' +
    'given:give went:go gone:go saw:see seen:see came:come became:become become:become grew:grow grown:grow ' +
    'knew:know known:know brought:bring bought:buy built:build fought:fight found:find led:lead left:leave ' +
    'meant:mean met:meet paid:pay sold:sell sent:send spent:spend stood:stand told:tell thought:think ' +
    'understood:understand won:win wrote:write written:write chose:choose chosen:choose drew:draw drawn:draw ' +
    'fell:fall fallen:fall felt:feel kept:keep lay:lie laid:lay lost:lose rose:rise risen:rise ran:run ' +
    'shown:show spoke:speak spoken:speak struck:strike taught:teach worse:bad worst:bad better:good best:good ' +
    'larger:large largest:large greater:great greatest:great stronger:strong strongest:strong weaker:weak ' +
    'weakest:weak higher:high highest:high lower:low lowest:low bigger:big biggest:big smaller:small ' +
    'smallest:small closer:close closest:close longer:long longest:long earlier:early earliest:early ' +
    'newer:new newest:new older:old oldest:old wider:wide widest:wide deeper:deep deepest:deep ' +
    'countries:country children:child men:man women:woman people:people'
  )
    .split(' ')
    .map((pair) => pair.split(':') as [string, string]),
);

const STEM_RULES: ReadonlyArray<[RegExp, string]> = [
  [/ational$/, 'ate'],
  [/ization$/, 'ize'],
  [/ations?$/, 'ate'],
  [/nesses$|ness$/, ''],
  [/ments?$/, ''],
  [/ings?$/, ''],
  [/edly$/, ''],
  [/ied$|ies$|iest$/, 'y'],
  [/([^aeiou])ed$/, '$1'],
  // Not after "z": "analyzes" is "analyze" and an "s", as the question's "analyze" has it.
  [/(ss|sh|ch|x)es$/, '$1'],
  [/([^su])s$/, '$1'],
  [/ly$/, ''],
];

/**
 * Strips common English inflections so `summits`/`summit` and `founding`/`founded` meet.
 * Deliberately light: over-stemming merges unrelated words, which hurts precision more than a
 * missed inflection hurts recall.
 */
export function stem(word: string): string {
  let found = STEMS.get(word);
  if (found === undefined) {
    found = stemOnce(word);
    if (STEMS.size >= STEMS_KEPT) STEMS.clear();
    STEMS.set(word, found);
  }
  return found;
}

/** Stems already worked out: questions and corpora keep using the same few thousand words. */
const STEMS = new Map<string, string>();
const STEMS_KEPT = 100_000;

function stemOnce(word: string): string {
  // A Map, not an object: "constructor" must not find Object.prototype.constructor.
  const irregular = IRREGULAR.get(word);
  if (irregular) return irregular;
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
  return termsOf(words(text));
}

/** Content terms of words already read from a text (`words(text)`): stop words removed, stemmed. */
export function termsOf(list: readonly string[]): string[] {
  const out: string[] = [];
  for (const word of list) {
    if (!isStopWord(word)) out.push(stem(word));
  }
  return out;
}
