import type { RetrievalMode } from '../server/retrieve.js';
import type { QuestionResult } from './evaluate.js';
import type { EvalReport } from './run.js';

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;

const MODE_LABELS: Record<RetrievalMode, string> = { hybrid: 'hybrid (RRF)', dense: 'dense only', lexical: 'BM25 only' };

/** One line per question: outcome, evidence rank, citations judged against the evidence, answer. */
export function questionLine(r: QuestionResult): string {
  const flag = r.answerable ? (r.answerHit ? 'ok   ' : r.abstained ? 'ABS  ' : 'MISS ') : r.abstained ? 'ok   ' : 'FALSE';
  const cites = r.answerable && !r.abstained ? ` cites=${r.preciseCitations}/${r.citations} evidence=${r.evidenceCovered}/${r.evidenceNeeded}` : '';
  return `${flag} ${r.id} (${r.type}) rank=${r.evidenceRank ?? '-'}${cites} ${r.answer.slice(0, 140).replace(/\s+/g, ' ')}`;
}

function table(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ').trimEnd();
  return [line(header), ...rows.map(line)].join('\n');
}

/** The human-readable report of `npm run eval`; `verbose` adds a line per question first. */
export function formatReport(report: EvalReport, { verbose = false } = {}): string {
  const { summary: s, byType, modes } = report;
  const out: string[] = [];
  if (verbose) out.push(...report.results.map(questionLine), '');
  const c = s.citation;
  const a = s.abstention;
  const rows: Array<[string, string]> = [
    ['embedder', report.embedder],
    ['answers written by', report.model ?? 'extractive quotes'],
    ['questions', `${s.answerable} answerable, ${s.unanswerable} unanswerable`],
    ['evidence recall@1', pct(s.recallAt1)],
    ['evidence recall@5', pct(s.recallAt5)],
    ['MRR', s.mrr.toFixed(3)],
    ['answer hit rate', pct(s.answerHitRate)],
    ['verbatim citations', `${pct(s.verbatimRate)} of ${s.citations}`],
    ['citation precision', `${pct(c.precision)} per answer (${c.preciseCitations} of ${c.citations} citations on ${c.answers} answers)`],
    ['citation recall', `${pct(c.recall)} of answers cite all evidence; ${pct(c.recallShare)} of evidence per answer`],
    ['abstention precision', `${pct(a.precision)} (${a.correct} of ${a.abstentions} abstentions were on unanswerable)`],
    ['abstention recall', `${pct(a.recall)} (${a.correct} of ${a.unanswerable} unanswerable)`],
    ['abstained, answerable', `${s.abstainedAnswerable} of ${s.answerable}`],
    ['latency p50 / p95', `${s.latencyP50Ms.toFixed(2)} / ${s.latencyP95Ms.toFixed(2)} ms`],
  ];
  out.push(...rows.map(([k, v]) => `${k.padEnd(26)} ${v}`), '');

  const dash = '–';
  out.push(
    table(
      ['by question type', 'n', 'recall@5', 'answer hit', 'abstained', 'cit. precision', 'cit. recall', 'evidence cited'],
      byType.map((t) => [
        t.type,
        String(t.questions),
        t.recallAt5 === null ? dash : pct(t.recallAt5),
        t.answerHitRate === null ? dash : pct(t.answerHitRate),
        pct(t.abstainedShare),
        t.citation ? pct(t.citation.precision) : dash,
        t.citation ? pct(t.citation.recall) : dash,
        t.citation ? pct(t.citation.recallShare) : dash,
      ]),
    ),
    '',
  );

  out.push(
    table(
      ['retrieval (answerable, extractive)', 'recall@1', 'recall@5', 'MRR', 'answer hit'],
      modes.map((m) => [MODE_LABELS[m.mode], pct(m.recallAt1), pct(m.recallAt5), m.mrr.toFixed(3), pct(m.answerHitRate)]),
    ),
  );
  return `${out.join('\n')}\n`;
}
