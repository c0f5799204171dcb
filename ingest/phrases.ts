import { isStopWord, stem, words } from './tokenize.js';

/**
 * Multi-word expressions ("take part", "set up", "head of state") as the thesaurus keys them: the
 * stemmed words, stop words included, joined by `_`. A phrase means something its words do not,
 * so a question's phrase is looked up whole.
 */

/** Longest multi-word lemma ("come into being") kept as a phrase. */
export const MAX_PHRASE_WORDS = 4;
/** Joins the stemmed words of a phrase into one key: "take_part", "set_up". */
export const PHRASE_JOINER = '_';

/**
 * The stems a word may take in a phrase. The stemmer strips "-ing" and "-ed" without mending the
 * stem, so "setting" gives "sett" and "taking" "tak", where the phrase has "set" and "take".
 */
function stemsOf(word: string): string[] {
  const s = stem(word);
  if (!/(ing|ed)$/.test(word) || s === word) return [s];
  const undoubled = /([b-df-hj-np-tv-z])\1$/.test(s) && !/(ll|ss|zz)$/.test(s) ? [s.slice(0, -1)] : [];
  return [s, ...undoubled, ...(s.endsWith('e') ? [] : [`${s}e`])];
}

/** The phrase keys of two to MAX_PHRASE_WORDS words in `text` that `wanted` accepts. */
export function phraseKeysIn(text: string, wanted: (key: string) => boolean): Set<string> {
  const all = words(text).map(stemsOf);
  const keys = new Set<string>();
  for (let i = 0; i < all.length; i++) {
    let prefixes = all[i]!;
    for (let n = 2; n <= MAX_PHRASE_WORDS && i + n <= all.length; n++) {
      prefixes = prefixes.flatMap((p) => all[i + n - 1]!.map((s) => `${p}${PHRASE_JOINER}${s}`));
      for (const key of prefixes) if (wanted(key)) keys.add(key);
    }
  }
  return keys;
}

export interface FoundPhrase {
  key: string;
  /** The content terms of the words it spans (stop words dropped), as terms() gives them. */
  terms: string[];
}

/**
 * The phrases in a text's words (`words(text)`, stop words included) that `known` recognises,
 * longest first and without overlaps, left to right.
 * `starts`, when given, says which stems can begin a phrase at all, so most words are passed by
 * without building any key.
 */
export function findPhrases(list: readonly string[], known: (key: string) => boolean, starts?: (stem: string) => boolean): FoundPhrase[] {
  const all = list.map(stemsOf);
  const found: FoundPhrase[] = [];
  for (let i = 0; i < all.length; ) {
    let match: { key: string; n: number } | undefined;
    if (!starts || all[i]!.some(starts)) {
      // Keys of 2, 3 … words starting here, built once; the longest known one wins.
      const byLength: string[][] = [];
      let keys = all[i]!;
      for (let n = 2; n <= MAX_PHRASE_WORDS && i + n <= all.length; n++) {
        keys = keys.flatMap((p) => all[i + n - 1]!.map((s) => `${p}${PHRASE_JOINER}${s}`));
        byLength.push(keys);
      }
      for (let n = byLength.length + 1; n >= 2 && !match; n--) {
        const key = byLength[n - 2]!.find(known);
        if (key) match = { key, n };
      }
    }
    if (match) {
      const spanned = list.slice(i, i + match.n).filter((w) => !isStopWord(w)).map(stem);
      found.push({ key: match.key, terms: spanned });
      i += match.n;
    } else i++;
  }
  return found;
}
