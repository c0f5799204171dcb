import type { PassageView, Support } from './api-types.js';
import type { DraftAnswer } from './llm/llm-answerer.js';

/** What an extractive answer depends on besides the index: the question as searched, and topK. */
export interface AnswerKey {
  standalone: string;
  focus: string;
  context: string;
  topK: number;
}

/** The reusable part of an answer: everything but its id and timings. */
export interface CachedAnswer {
  passages: readonly PassageView[];
  draft: DraftAnswer;
  groundedness: number;
  support: Support;
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}

/**
 * Extractive answers are a pure function of the index and the searched question, so an identical
 * question is answered from memory: least recently used entries go first once `capacity` is
 * reached. Entries are frozen, so no caller can change an answer another caller will be given.
 * One cache belongs to one loaded index; a new index means a new assistant and an empty cache.
 */
export class AnswerCache {
  private readonly entries = new Map<string, CachedAnswer>();
  hits = 0;
  misses = 0;

  constructor(readonly capacity: number) {}

  get size(): number {
    return this.entries.size;
  }

  get(key: AnswerKey): CachedAnswer | undefined {
    const k = keyOf(key);
    const found = this.entries.get(k);
    if (!found) {
      this.misses++;
      return undefined;
    }
    this.hits++;
    // Re-inserting moves the entry to the end: Map keeps insertion order.
    this.entries.delete(k);
    this.entries.set(k, found);
    return found;
  }

  set(key: AnswerKey, answer: CachedAnswer): void {
    if (this.capacity <= 0) return;
    const k = keyOf(key);
    this.entries.delete(k);
    if (this.entries.size >= this.capacity) this.entries.delete(this.entries.keys().next().value!);
    this.entries.set(k, deepFreeze(answer));
  }
}

function keyOf(key: AnswerKey): string {
  return JSON.stringify([key.standalone, key.focus, key.context, key.topK]);
}
