import path from 'node:path';
import { loadConfig } from '../server/config.js';
import { loadAssistant } from '../server/load-assistant.js';
import { prepareIndex } from '../server/prepare-index.js';
import { loadQuestions } from './question-set.js';
import { formatReport } from './report.js';
import { runEvaluation } from './run.js';

/**
 * `npm run eval [-- --json] [--verbose] [--questions <file>]`: a question set (by default
 * eval/questions.json; eval/heldout.json is the held-out one) through the real pipeline.
 */
async function main(argv: readonly string[]): Promise<number> {
  const at = argv.indexOf('--questions');
  const file = at >= 0 ? argv[at + 1] : undefined;
  if (at >= 0 && !file) {
    process.stderr.write('error: --questions needs a file, e.g. --questions eval/heldout.json\n');
    return 2;
  }
  let questions;
  try {
    questions = await loadQuestions(file ? path.resolve(file) : undefined);
  } catch (error) {
    process.stderr.write(`error: cannot read the question set ${file ?? 'eval/questions.json'}: ${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  }
  const config = loadConfig();
  const log = { info: (m: string) => process.stderr.write(`${m}\n`), warn: (m: string) => process.stderr.write(`warning: ${m}\n`), error: (m: string) => process.stderr.write(`error: ${m}\n`) };
  await prepareIndex(config, log);
  const parts = await loadAssistant(config, { onFallback: (reason) => log.warn(`model not used: ${reason}`), log });
  const report = await runEvaluation(questions, parts);
  if (argv.includes('--json')) {
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    return 0;
  }
  process.stdout.write(formatReport(report, { verbose: argv.includes('--verbose') }));
  return 0;
}

process.exitCode = await main(process.argv.slice(2));
