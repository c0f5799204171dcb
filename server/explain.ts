import type { AssistantParts } from './load-assistant.js';
import { analyzeQuery } from './query.js';
import { shapeOf } from './question-shape.js';

/** Sentences an explanation lists. */
const SHOWN = 8;

/**
 * Why an extractive answer is what it is, for `npm run ask -- --explain`: the question's terms and
 * the related words searched for them, the kind of fact it asks for, and the sentences of the top
 * passages best first, each with its score, what it covers, and why it cannot answer when it cannot.
 */
export async function explainAnswer(parts: Pick<AssistantParts, 'index' | 'retriever' | 'answerer'>, question: string, topK: number): Promise<string[]> {
  const { index, retriever, answerer } = parts;
  const query = analyzeQuery(question, index.lexical, index.thesaurus);
  const shape = shapeOf(query.focus);
  const ranked = await retriever.retrieve(query, { topK });
  const candidates = await answerer.scorer.candidates(query, ranked);
  const lines = [
    `terms: ${query.terms.map((t) => `${t} (idf ${index.lexical.idf(t).toFixed(2)})`).join(', ') || 'none'}`,
    ...[...query.related].map(([term, list]) => `  ${term} → ${list.join(', ')}`),
    `asks for: ${shape.answerType === 'other' ? 'a statement' : `a ${shape.answerType}`}${shape.anchors.length > 0 ? `; must hold ${shape.anchors.join(', ')}` : ''}${shape.names.length > 0 ? `; names ${shape.names.join(', ')}` : ''}`,
    `sentences of the top ${Math.min(topK, ranked.length)} passages, best first (${candidates.length}):`,
  ];
  for (const c of candidates.slice(0, SHOWN)) {
    const text = c.doc.text.slice(c.sentence.start, c.sentence.end).replace(/\s+/g, ' ');
    const verdict = c.eligible ? 'can answer' : `cannot answer: ${c.blocked}`;
    lines.push(
      `  ${c.score.toFixed(3)} covers ${(100 * c.coverage).toFixed(0)}% [${[...c.matched].join(', ')}], passage ${c.rank}, ${verdict}`,
      `        “${text.length > 110 ? `${text.slice(0, 109)}…` : text}” (${c.doc.id} ${c.sentence.start}–${c.sentence.end})`,
    );
  }
  return lines;
}
