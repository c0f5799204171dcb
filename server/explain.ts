import type { AnswerStep, AnswerTrace } from './answer.js';
import type { AssistantParts } from './load-assistant.js';
import { analyzeQuery } from './query.js';
import { blockedReason, sameSentence } from './sentence-scorer.js';

/** Sentences an explanation lists per step. */
const SHOWN = 8;

/**
 * How the extractive answerer would answer `question` now, for an answer whose own trace is not at
 * hand (one reused from the answer cache, or written by a language model).
 */
export async function traceAnswer(parts: Pick<AssistantParts, 'index' | 'retriever' | 'answerer'>, question: string, topK: number): Promise<AnswerTrace> {
  const { index, retriever, answerer } = parts;
  const query = analyzeQuery(question, index);
  return answerer.trace(query, await retriever.retrieve(query, { topK }));
}

/**
 * Why an extractive answer is what it is, for `npm run ask -- --explain`: the question's terms and
 * the related words searched for them, and then each step the answerer took (each part of a
 * two-part question, then the whole question when the parts gave no answer). A step lists the
 * kind of fact asked for and the sentences of the top passages best first, each with its score,
 * what it covers, whether it was quoted, and why it cannot answer when it cannot. The steps are
 * the answerer's own (`ExtractiveAnswerer.trace`), so the explanation cannot tell another story.
 */
export function explainTrace(trace: AnswerTrace, parts: Pick<AssistantParts, 'index' | 'answerer'>): string[] {
  const { index, answerer } = parts;
  const { query } = trace;
  const lines = [
    `terms: ${query.terms.map((t) => `${t} (idf ${index.lexical.idf(t).toFixed(2)})`).join(', ') || 'none'}`,
    ...[...query.related].map(([term, list]) => `  ${term} → ${list.join(', ')}`),
    ...[...query.nearby].map(([term, list]) => `  ${term} ≈ ${list.join(', ')} (word vectors)`),
  ];
  const byParts = trace.steps.length > 1 || (trace.steps[0] !== undefined && trace.steps[0].query !== query);
  trace.steps.forEach((step, i) => {
    const whole = step.query === query;
    const leans = step.query.focus !== step.query.text ? ', read against the first part' : '';
    if (byParts) lines.push(whole ? 'the parts gave no answer; the whole question:' : `part ${i + 1}: “${step.query.focus}”${leans}`);
    lines.push(...explainStep(step, Math.min(answerer.tuning.passagesConsidered, trace.passages)));
  });
  if (trace.located) {
    const asks = {
      overview: 'what the document is about as a whole, so the answer quotes its opening',
      conclusion: 'what the document concludes, so the answer quotes the opening of its closing section',
      definition: 'what an acronym stands for, so the answer quotes where it is spelled out',
    }[trace.located];
    lines.push(`asks ${asks}: ${trace.chosen.map((c) => `${c.doc.id} ${c.sentence.start}–${c.sentence.end}`).join(', ')}`);
  } else if (trace.offTopic === 'empty') {
    lines.push('the question names nothing to look up (only stop words, question words or small talk), so the answer abstains');
  } else if (trace.offTopic === 'unknown') {
    lines.push(`only ${percent(trace.knownShare)} of the question’s weight is in words the article uses (${percent(answerer.tuning.minKnownShare)} needed), so the answer abstains`);
  } else if (trace.offTopic === 'unreached') {
    lines.push(`${percent(trace.unreachedShare)} of the question’s weight is in words the article never uses and nothing relates to it (under ${percent(answerer.tuning.maxUnreachedShare)} allowed), so the answer abstains`);
  } else if (trace.chosen.length === 0) lines.push('no sentence can answer, so the answer abstains');
  return lines;
}

function percent(share: number): string {
  return `${Math.round(100 * share)}%`;
}

function explainStep(step: AnswerStep, passages: number): string[] {
  const { shape } = step.query;
  const lines = [
    `asks for: ${shape.answerType === 'other' ? 'a statement' : `a ${shape.answerType}`}${shape.anchors.length > 0 ? `; must hold ${shape.anchors.join(', ')}` : ''}${shape.names.length > 0 ? `; names ${shape.names.join(', ')}` : ''}`,
    `sentences of the top ${passages} passages, best first (${step.candidates.length}):`,
  ];
  for (const c of step.candidates.slice(0, SHOWN)) {
    const text = c.doc.text.slice(c.sentence.start, c.sentence.end).replace(/\s+/g, ' ');
    const quoted = step.chosen.some((x) => sameSentence(x, c));
    const blocked = blockedReason(c);
    const verdict = quoted ? 'quoted' : blocked === undefined ? 'can answer' : `cannot answer: ${blocked}`;
    lines.push(
      `  ${c.score.toFixed(3)} covers ${(100 * c.coverage).toFixed(0)}% [${[...c.matched].join(', ')}], passage ${c.rank}, ${verdict}`,
      `        “${text.length > 110 ? `${text.slice(0, 109)}…` : text}” (${c.doc.id} ${c.sentence.start}–${c.sentence.end})`,
    );
  }
  const neighbours = step.chosen.filter((c) => !step.candidates.slice(0, SHOWN).some((x) => sameSentence(x, c)));
  for (const c of neighbours) lines.push(`  also quoted, as the neighbour the best sentence needs: ${c.doc.id} ${c.sentence.start}–${c.sentence.end}`);
  return lines;
}
