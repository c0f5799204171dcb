import { loadQuestions } from '../eval/question-set.js';
import { loadConfig } from '../server/config.js';
import { benchScale } from './scale.js';

/**
 * One scale benchmark in a process of its own (`tsx bench/scale-worker.ts <size> <workDir>`), so
 * each corpus size starts from a clean heap, its memory is its own, and a 100,000-chunk index is
 * gone before the next one is built. Progress goes to stderr; the result is the last stdout line.
 */
const [size, workDir] = process.argv.slice(2);
if (!size || !workDir) throw new Error('usage: tsx bench/scale-worker.ts <chunks> <work dir>');
const config = loadConfig();
const queries = (await loadQuestions()).map((q) => q.question);
const result = await benchScale({
  size: Number(size),
  workDir,
  config,
  articleFile: config.corpus[0]!,
  queries,
  log: (line) => process.stderr.write(line),
});
process.stdout.write(`${JSON.stringify(result)}\n`);
