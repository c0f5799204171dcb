/** Percentiles of timing samples, the way every section of the bench reports them. */

export interface Percentiles {
  p50: number;
  p95: number;
  p99: number;
  /** How many samples the percentiles are taken over. */
  n: number;
}

/** Nearest-rank percentile of unsorted samples (`p` in 0–100). */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!;
}

/** Rounds to `digits` decimals, so results.json stays readable. */
export function round(x: number, digits = 2): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

export function percentiles(values: readonly number[]): Percentiles {
  return { p50: round(percentile(values, 50), 3), p95: round(percentile(values, 95), 3), p99: round(percentile(values, 99), 3), n: values.length };
}

/**
 * Runs `fn` over `inputs` in turn: `warmUp` calls unmeasured (JIT, caches), then `measured` calls
 * timed one by one, in milliseconds.
 */
export async function timeEach<T>(inputs: readonly T[], warmUp: number, measured: number, fn: (input: T) => unknown): Promise<Percentiles> {
  for (let i = 0; i < warmUp; i++) await fn(inputs[i % inputs.length]!);
  const samples: number[] = [];
  for (let i = 0; i < measured; i++) {
    const input = inputs[(warmUp + i) % inputs.length]!;
    const started = performance.now();
    await fn(input);
    samples.push(performance.now() - started);
  }
  return percentiles(samples);
}
