import type { SourceDocument } from '../ingest/documents.js';
import { terms } from '../ingest/tokenize.js';
import type { LoadedIndex } from './index-store.js';
import { ParagraphTermCache } from './paragraph-terms.js';

/** Names looked up in the whole corpus, remembered between questions. */
const RUNS_REMEMBERED = 10_000;

/**
 * Names of several words ("East Asia Summit") that a paragraph must hold whole. The answering
 * paragraph must hold a question's names, but word by word a paragraph about "Southeast Asia" and
 * a summit holds all of "East Asia Summit". Only names the corpus itself writes whole are checked:
 * readers write "the Pacific Rim" or "Moscow University" where the article does not.
 */
export class NameRuns {
  private readonly written = new Map<string, boolean>();

  constructor(
    private readonly index: Pick<LoadedIndex, 'lexical' | 'passagesById' | 'thesaurus'>,
    private readonly paragraphs: ParagraphTermCache = new ParagraphTermCache(),
  ) {}

  /**
   * The runs the corpus writes whole that paragraph `n` of `doc` holds neither whole nor by an
   * acronym of theirs ("East Asia Summit" → EAS).
   */
  missingFrom<Run extends readonly string[]>(runs: readonly Run[], doc: SourceDocument, n: number): Run[] {
    return runs.filter((run) => this.writtenWhole(run) && !this.holds(doc, n, run));
  }

  private holds(doc: SourceDocument, n: number, run: readonly string[]): boolean {
    const { list } = this.paragraphs.of(doc, n);
    if (contains(list, run)) return true;
    const { thesaurus } = this.index;
    const acronyms = new Set(run.flatMap((t) => thesaurus.aliasesOf(t)));
    return [...acronyms].some((a) => list.includes(a) && run.every((t) => thesaurus.aliasesOf(a).some((x) => x === t || sameWord(x, t))));
  }

  /** Whether some passage of the corpus writes the run whole; only those using its rarest word are read. */
  private writtenWhole(run: readonly string[]): boolean {
    const key = run.join(' ');
    let found = this.written.get(key);
    if (found === undefined) {
      const { lexical, passagesById } = this.index;
      const rarest = run.reduce((a, b) => (lexical.documentFrequency(b) < lexical.documentFrequency(a) ? b : a));
      found = lexical.passagesWith(rarest).some((id) => contains(terms(passagesById.get(id)?.text ?? ''), run));
      if (this.written.size >= RUNS_REMEMBERED) this.written.delete(this.written.keys().next().value!);
      this.written.set(key, found);
    }
    return found;
  }
}

/** Whether `list` has `run` as consecutive items. */
function contains(list: readonly string[], run: readonly string[]): boolean {
  for (let i = 0; i + run.length <= list.length; i++) if (run.every((t, j) => list[i + j] === t)) return true;
  return false;
}

/** "asia" and "asian": one is the other with an ending, four letters or more in common. */
function sameWord(a: string, b: string): boolean {
  const [short, long] = a.length <= b.length ? [a, b] : [b, a];
  return short.length >= 4 && long.startsWith(short) && long.length - short.length <= 2;
}
