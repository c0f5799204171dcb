import { ARTICLE } from './tests/ingest/article.js';
import { locateQuote } from './server/llm/quotes.js';
for (const reps of [1, 10, 40]) { const big = ARTICLE.repeat(reps); const t = performance.now(); for (let k = 0; k < 10; k++) locateQuote('held on December 13, 2005 in Kuala Lumpur, Malaysia, again', big); console.log(reps, ((performance.now() - t) / 10).toFixed(1), 'ms'); }
