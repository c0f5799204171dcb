import { loadConfig } from '../server/config.js';
import { loadQuestions } from '../eval/question-set.js';
import { benchScale } from './scale.js';
const config = loadConfig({ ...process.env, EMBEDDINGS: 'local' });
const queries = (await loadQuestions()).map((q) => q.question);
const r = await benchScale({ size: Number(process.argv[2]), workDir: '/tmp/bench-try', config, articleFile: 'data/article.txt', queries, log: (l) => process.stderr.write(l) });
console.log(JSON.stringify(r, null, 2));
