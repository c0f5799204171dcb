import { pathToFileURL } from 'node:url';
import { ConfigError, loadConfig } from './config.js';
import { loadAssistant } from './load-assistant.js';
import { prepareIndex } from './prepare-index.js';

/** `npm run ask -- "question" [--top-k N]`: one answer, its quotes with locations, and passage scores. */
export async function runAskCli(argv: readonly string[], out = process.stdout, err = process.stderr): Promise<number> {
  const usage = 'usage: npm run ask -- "question" [--top-k N]';
  const args = [...argv];
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
    const config = loadConfig();
    await prepareIndex(config, { info: (m) => err.write(`${m}\n`), warn: (m) => err.write(`warning: ${m}\n`), error: (m) => err.write(`error: ${m}\n`) });
    const { assistant, index } = await loadAssistant(config);
    const record = await assistant.ask({ question, topK, origin: 'cli' });
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
      const dense = p.dense === null ? '–' : p.dense.toFixed(3);
      const lexical = p.lexical === null ? '–' : p.lexical.toFixed(2);
      const preview = p.text.replace(/\s+/g, ' ').slice(0, 70);
      out.write(`  ${p.rank}. ${p.id} score ${p.score.toFixed(4)} (dense ${dense}, bm25 ${lexical}) ¶${p.paragraphs[0]}: ${preview}…\n`);
    }
    return 0;
  } catch (error) {
    err.write(`error: ${error instanceof ConfigError || error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = await runAskCli(process.argv.slice(2));
}
