/**
 * The `k` best of `candidates` by `scores[candidate]`, best first; ties go to the lower number.
 * A bounded min-heap: O(n log k) instead of sorting every candidate, which matters when a common
 * word touches most of 100,000 passages and only 20 are wanted.
 */
export function topK(candidates: readonly number[], scores: ArrayLike<number>, k: number): number[] {
  if (k <= 0) return [];
  // worse(a, b): a ranks below b.
  const worse = (a: number, b: number) => scores[a]! < scores[b]! || (scores[a] === scores[b] && a > b);
  const heap: number[] = [];
  const up = (i: number) => {
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!worse(heap[i]!, heap[parent]!)) break;
      [heap[i], heap[parent]] = [heap[parent]!, heap[i]!];
      i = parent;
    }
  };
  const down = (i: number) => {
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < heap.length && worse(heap[l]!, heap[m]!)) m = l;
      if (r < heap.length && worse(heap[r]!, heap[m]!)) m = r;
      if (m === i) return;
      [heap[i], heap[m]] = [heap[m]!, heap[i]!];
      i = m;
    }
  };
  for (const c of candidates) {
    if (heap.length < k) {
      heap.push(c);
      up(heap.length - 1);
    } else if (worse(heap[0]!, c)) {
      heap[0] = c;
      down(0);
    }
  }
  return heap.sort((a, b) => (worse(a, b) ? 1 : worse(b, a) ? -1 : 0));
}
