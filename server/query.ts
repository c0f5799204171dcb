import type { Bm25Index } from '../ingest/bm25.js';
import type { Thesaurus } from '../ingest/thesaurus.js';
import { terms } from '../ingest/tokenize.js';

/** A question as search sees it: the user's terms plus related corpus terms at lower weight. */
export interface AnalyzedQuery {
  text: string;
  /** The user's own content terms, in order, without repeats. */
  terms: string[];
  /** term → weight, for lexical search: the user's terms at 1, related terms below. */
  weighted: Map<string, number>;
  /** user term → related corpus terms standing in for it */
  related: Map<string, string[]>;
  /** The text plus the related words of terms the corpus lacks, for the weight-free embedder. */
  expandedText: string;
}

/** Weight of a related term standing in for a word the corpus never uses. */
const BRIDGE_WEIGHT = 0.6;
/** Weight of a related term added beside a word the corpus does use. */
const SIDE_WEIGHT = 0.2;

/** Words that only shape a question; they carry no evidence. */
const QUESTION_WORDS = new Set(['happen', 'year', 'date', 'describe', 'mention', 'name', 'kind', 'type', 'doe', 'many', 'much', 'long', 'often']);

export function analyzeQuery(text: string, lexical: Bm25Index, thesaurus?: Thesaurus): AnalyzedQuery {
  const own = [...new Set(terms(text))].filter((t) => !QUESTION_WORDS.has(t));
  const weighted = new Map(own.map((t) => [t, 1]));
  const related = new Map<string, string[]>();
  const bridged: string[] = [];
  for (const term of own) {
    const known = lexical.has(term);
    const list = (thesaurus?.related(term) ?? []).filter((r) => !own.includes(r));
    if (list.length === 0) continue;
    related.set(term, list);
    const weight = known ? SIDE_WEIGHT : BRIDGE_WEIGHT;
    for (const r of list) weighted.set(r, Math.max(weighted.get(r) ?? 0, weight));
    if (!known) bridged.push(...list);
  }
  return { text, terms: own, weighted, related, expandedText: bridged.length > 0 ? `${text} ${bridged.join(' ')}` : text };
}
