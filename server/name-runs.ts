import type { SourceDocument } from '../ingest/documents.js';
import { terms } from '../ingest/tokenize.js';
import type { LoadedIndex } from './index-store.js';

/** Names looked up in the whole corpus, and paragraphs' terms, remembered between questions. */
const RUNS_REMEMBERED = 10_000;
const PARAGRAPHS_REMEMBERED = 50_000;

/**
 * Names of several words ("East Asia Summit") that a paragraph must hold whole. The answering
 * paragraph must hold a question's names, but word by word a paragraph about "Southeast Asia" and
 * a summit holds all of "East Asia Summit". Only names the corpus itself writes whole are checked:
 * readers write "the Pacific Rim" or "Moscow University" where the article does not.
 */
export class NameRuns {
  private readonly paragraphTerms = new Map<string, string[]>();
  private readonly written = new Map<string, boolean>();

  constructor(private readonly index: Pick<LoadedIndex, 'lexical' | 'passagesById' | 'thesaurus'>) {}

  /**
   * The runs the corpus writes whole that paragraph `n` of `doc` holds neither whole nor by an
   * acronym of theirs ("East Asia Summit" → EAS).
   */
  missingFrom<Run extends readonly string[]>(runs: readonly Run[], doc: SourceDocument, n: number): Run[] {
    return runs.filter((run) => this.writtenWhole(run) && !this.holds(doc, n, run));
  }

  private holds(doc: SourceDocument, n: number, run: readonly string[]): boolean {
    const list = this.termsOf(doc, n);
    if (contains(list, run)) return true;
    const { thesaurus } = this.index;
    const acronyms = new Set(run.flatMap((t) => thesaurus.aliasesOf(t)));
    return [...acronyms].some((a) => run.every((t) => thesaurus.isAlias(a, t)) && list.includes(a));
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

  private termsOf(doc: SourceDocument, n: number): string[] {
    const key = `${doc.id}:${n}`;
    let list = this.paragraphTerms.get(key);
    if (!list) {
      const p = doc.paragraphs.find((x) => x.n === n);
      list = p ? terms(doc.text.slice(p.start, p.end)) : [];
      if (this.paragraphTerms.size >= PARAGRAPHS_REMEMBERED) this.paragraphTerms.delete(this.paragraphTerms.keys().next().value!);
      this.paragraphTerms.set(key, list);
    }
    return list;
  }
}

/** Whether `list` has `run` as consecutive items. */
function contains(list: readonly string[], run: readonly string[]): boolean {
  for (let i = 0; i + run.length <= list.length; i++) if (run.every((t, j) => list[i + j] === t)) return true;
  return false;
}
