import hnsw from 'hnswlib-node';
import { readdirSync } from 'node:fs';
const base = '/tmp/bench-try/vectors-10000';
const dir = readdirSync(base).map((d) => `${base}/${d}`).find((d) => readdirSync(d).includes('hnswlib.index'))!;
const idx = new hnsw.HierarchicalNSW('cosine', 1024);
idx.readIndexSync(`${dir}/hnswlib.index`);
const n = idx.getCurrentCount();
const vecs = Array.from({ length: n }, (_, i) => idx.getPoint(i));
console.log('n', n);
for (const mode of ['presized', 'resize64']) {
  const t = performance.now();
  const h = new hnsw.HierarchicalNSW('cosine', 1024);
  h.initIndex(mode === 'presized' ? n : 64);
  for (let i = 0; i < n; i++) {
    if (mode === 'resize64' && i % 64 === 0 && i + 64 > h.getMaxElements()) h.resizeIndex(Math.min(n, i + 64));
    h.addPoint(vecs[i]!, i);
  }
  console.log(mode, ((performance.now() - t) / 1000).toFixed(2), 's');
}
for (const efc of [100, 50]) {
  const t = performance.now();
  const h = new hnsw.HierarchicalNSW('cosine', 1024);
  h.initIndex(n, 16, efc);
  for (let i = 0; i < n; i++) h.addPoint(vecs[i]!, i);
  console.log('efc', efc, ((performance.now() - t) / 1000).toFixed(2), 's');
}
