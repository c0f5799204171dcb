import { terms } from './tokenize.js';

/**
 * Finds acronyms a text defines, "Association of Southeast Asian Nations (ASEAN)", and relates
 * each to the words of its long form both ways, so a question about "Southeast Asian nations"
 * meets a passage that only says "ASEAN".
 */
export function acronymAliases(text: string): Map<string, string[]> {
  const aliases = new Map<string, Set<string>>();
  const add = (from: string, to: string) => {
    if (from === to) return;
    let set = aliases.get(from);
    if (!set) aliases.set(from, (set = new Set()));
    set.add(to);
  };
  const definition = /((?:\p{Lu}[\p{L}’'-]*[ \t]+(?:(?:of|and|for|the|on|in)[ \t]+)*){1,8})\((\p{Lu}{2,6})\)/gu;
  for (const match of text.matchAll(definition)) {
    const acronym = match[2]!;
    const words = match[1]!.trim().split(/[ \t]+/);
    const capitals = words.filter((w) => /^\p{Lu}/u.test(w));
    const longForm = longFormFor(acronym, capitals).join(' ');
    const [key] = terms(acronym);
    if (!key) continue;
    for (const t of terms(longForm)) {
      add(key, t);
      add(t, key);
    }
  }
  return new Map([...aliases].map(([k, v]) => [k, [...v]]));
}

/**
 * The run of capitalised words whose initials spell the acronym ("Treaty … Amity … Cooperation"
 * for TAC); failing that, as many trailing words as the acronym has letters (ASEAN's "E" has no word).
 */
function longFormFor(acronym: string, capitals: readonly string[]): string[] {
  for (let start = 0; start + acronym.length <= capitals.length; start++) {
    const run = capitals.slice(start, start + acronym.length);
    if (run.every((w, i) => w[0] === acronym[i])) return run;
  }
  return capitals.slice(-acronym.length);
}
