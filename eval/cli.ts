import { loadConfig } from '../server/config.js';
import { loadAssistant } from '../server/load-assistant.js';
import { prepareIndex } from '../server/prepare-index.js';
import { loadQuestions } from './question-set.js';
import { formatReport } from './report.js';
import { runEvaluation } from './run.js';

/** `npm run eval [-- --json] [--verbose]`: the question set through the real pipeline. */
async function main(argv: readonly string[]): Promise<number> {
  const config = loadConfig();
  const log = { info: (m: string) => process.stderr.write(`${m}\n`), warn: (m: string) => process.stderr.write(`warning: ${m}\n`), error: (m: string) => process.stderr.write(`error: ${m}\n`) };
  await prepareIndex(config, log);
  const parts = await loadAssistant(config, { onFallback: (reason) => log.warn(`model not used: ${reason}`) });
  const report = await runEvaluation(await loadQuestions(), parts);
  if (argv.includes('--json')) {
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
    return 0;
  }
  process.stdout.write(formatReport(report, { verbose: argv.includes('--verbose') }));
  return 0;
}

process.exitCode = await main(process.argv.slice(2));
