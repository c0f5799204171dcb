import { loadConfig } from '../server/config.js';
import { loadAssistant } from '../server/load-assistant.js';
import { prepareIndex } from '../server/prepare-index.js';
import { evaluate } from './evaluate.js';
import { loadQuestions } from './question-set.js';

/** `npm run eval [-- --json] [--verbose]`: the question set through the real pipeline. */
async function main(argv: readonly string[]): Promise<number> {
  const config = loadConfig();
  const log = { info: (m: string) => process.stderr.write(`${m}\n`), warn: (m: string) => process.stderr.write(`warning: ${m}\n`), error: (m: string) => process.stderr.write(`error: ${m}\n`) };
  await prepareIndex(config, log);
  const { assistant, index } = await loadAssistant(config);
  const { results, summary } = await evaluate(await loadQuestions(), assistant, index);
  if (argv.includes('--json')) {
    process.stdout.write(`${JSON.stringify({ embedder: index.manifest.embedder.id, summary, results }, null, 2)}\n`);
    return 0;
  }
  if (argv.includes('--verbose')) {
    for (const r of results) {
      const flag = r.answerable ? (r.answerHit ? 'ok ' : r.abstained ? 'ABS' : 'MISS') : r.abstained ? 'ok ' : 'FALSE';
      process.stdout.write(`${flag} ${r.id} (${r.type}) rank=${r.evidenceRank ?? '-'} ${r.answer.slice(0, 140).replace(/\s+/g, ' ')}\n`);
    }
  }
  const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
  const rows: Array<[string, string]> = [
    ['embedder', index.manifest.embedder.id],
    ['questions', `${summary.answerable} answerable, ${summary.unanswerable} unanswerable`],
    ['evidence recall@1', pct(summary.recallAt1)],
    ['evidence recall@5', pct(summary.recallAt5)],
    ['MRR', summary.mrr.toFixed(3)],
    ['answer hit rate', pct(summary.answerHitRate)],
    ['verbatim citations', `${pct(summary.verbatimRate)} of ${summary.citations}`],
    ['abstained, unanswerable', `${summary.abstainedUnanswerable} of ${summary.unanswerable}`],
    ['abstained, answerable', `${summary.abstainedAnswerable} of ${summary.answerable}`],
    ['latency p50 / p95', `${summary.latencyP50Ms.toFixed(2)} / ${summary.latencyP95Ms.toFixed(2)} ms`],
  ];
  for (const [k, v] of rows) process.stdout.write(`${k.padEnd(26)} ${v}\n`);
  process.stdout.write('\nby question type          n   recall@5  answer hit  abstained\n');
  for (const type of ['factual', 'paraphrase', 'multi', 'unanswerable'] as const) {
    const group = results.filter((r) => r.type === type);
    if (group.length === 0) continue;
    const share = (n: number) => pct(n / group.length).padStart(9);
    const found = group.filter((r) => r.evidenceRank !== null && r.evidenceRank <= 5).length;
    const line = `${type.padEnd(22)} ${String(group.length).padStart(4)} ${type === 'unanswerable' ? '        –' : share(found)}  ${type === 'unanswerable' ? '         –' : share(group.filter((r) => r.answerHit).length).padStart(10)}  ${share(group.filter((r) => r.abstained).length)}`;
    process.stdout.write(`${line}\n`);
  }
  return 0;
}

process.exitCode = await main(process.argv.slice(2));
