import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * A full, synchronous garbage collection, so heap sizes measured after it compare live objects
 * rather than whenever V8 last happened to collect. `--expose-gc` is switched on at run time
 * (V8 reads it when a context is created), so neither vitest's config nor its command line changes.
 */
export function forcedGc(): () => void {
  const existing = (globalThis as { gc?: () => void }).gc;
  if (existing) return existing;
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}

/** Heap in use after two forced collections (the second frees what finalizers of the first released). */
export function settledHeapUsed(gc: () => void): number {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}
