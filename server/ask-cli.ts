import { pathToFileURL } from 'node:url';
import { ConfigError, loadConfig } from './config.js';
import type { AnswerTrace } from './answer.js';
import { explainTrace, traceAnswer } from './explain.js';
import { loadAssistant } from './load-assistant.js';
import { prepareIndex } from './prepare-index.js';

/**
 * `npm run ask -- "question" [--top-k N] [--explain]`: one answer, its quotes with locations, and
 * passage scores; `--explain` adds how the question was read and why each sentence could or could
 * not answer it.
 */
export async function runAskCli(
  argv: readonly string[],
  env: NodeJS.ProcessEnv = process.env,
  out: Pick<NodeJS.WritableStream, 'write'> = process.stdout,
  err: Pick<NodeJS.WritableStream, 'write'> = process.stderr,
): Promise<number> {
  const usage = 'usage: npm run ask -- "question" [--top-k N] [--explain]';
  const args = [...argv];
  const explain = args.includes('--explain');
  if (explain) args.splice(args.indexOf('--explain'), 1);
  let topK = 5;
  const k = args.indexOf('--top-k');
  if (k >= 0) {
    topK = Number(args[k + 1]);
    args.splice(k, 2);
    if (!Number.isInteger(topK) || topK < 1 || topK > 20) {
      err.write(`--top-k must be a whole number from 1 to 20\n${usage}\n`);
      return 2;
    }
  }
  const question = args.join(' ').trim();
  if (!question || question.startsWith('-')) {
    err.write(`${usage}\n`);
    return 2;
  }
  try {
    const config = loadConfig(env);
    const log = { info: (m: string) => err.write(`${m}\n`), warn: (m: string) => err.write(`warning: ${m}\n`), error: (m: string) => err.write(`error: ${m}\n`) };
    await prepareIndex(config, log);
    const parts = await loadAssistant(config, { log });
    const { assistant, index } = parts;
    let trace: AnswerTrace | undefined;
    const record = await assistant.ask({ question, topK, origin: 'cli' }, explain ? { trace: (t) => (trace = t) } : {});
    out.write(`${record.answer}\n`);
    if (record.standaloneQuestion !== question) out.write(`\n(searched: ${record.standaloneQuestion})\n`);
    if (record.citations.length > 0) {
      out.write('\nQuotes:\n');
      for (const c of record.citations) {
        const title = index.documents.get(c.documentId)?.title ?? c.documentId;
        const notes = c.notes.length > 0 ? `; cites note ${c.notes.map((n) => `${n.n}: ${n.text}`).join('; ')}` : '';
        out.write(`  [${c.n}] ${title} (${c.documentId}), paragraph ${c.paragraph}, characters ${c.start}–${c.end}${notes}\n`);
      }
    }
    out.write(`\nPassages (${record.mode}, ${record.timings.totalMs.toFixed(1)} ms):\n`);
    for (const p of record.passages) {
      const shown = (x: number | null, digits: number) => (x === null ? '–' : x.toFixed(digits));
      const preview = p.text.replace(/\s+/g, ' ').slice(0, 70);
      const lists = `dense ${shown(p.dense, 3)}, bm25 ${shown(p.lexical, 2)}, window ${shown(p.windows, 2)}, meaning ${shown(p.meaning, 2)}`;
      out.write(`  ${p.rank}. ${p.id} score ${p.score.toFixed(4)} (${lists}) ¶${p.paragraphs[0]}: ${preview}…\n`);
    }
    if (explain) {
      // The answerer's own trace; recomputed only when the answer was not made afresh by it.
      const why = explainTrace(trace ?? (await traceAnswer(parts, record.standaloneQuestion, topK)), parts);
      out.write(`\nWhy (extractive answering):\n${why.map((l) => `  ${l}\n`).join('')}`);
    }
    return 0;
  } catch (error) {
    err.write(`error: ${error instanceof ConfigError || error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  // Piped into `head` or a pager that quits early: stop quietly, as other command-line tools do.
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    process.exit(0);
  });
  process.exitCode = await runAskCli(process.argv.slice(2));
}
