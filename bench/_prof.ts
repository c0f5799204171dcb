import { ingest } from '../ingest/ingest.js';
import { silentProgress } from '../ingest/progress.js';
import { loadConfig } from '../server/config.js';
const config = loadConfig({ ...process.env, EMBEDDINGS: 'local' });
const t = performance.now();
await ingest({ inputs: ['/tmp/bench-try/corpus-10000'], vectorsDir: '/tmp/bench-prof-v', chunk: config.chunk, embeddings: { ...config.embeddings, mode: 'local' }, force: true, log: { info() {}, warn() {}, error() {} }, progress: silentProgress });
console.log((performance.now() - t) / 1000);
