import type { Turn } from './types';

const KEY = 'article-assistant.conversation.v1';

/** The conversation, kept in localStorage so it survives a reload. */
export function loadTurns(): Turn[] {
  try {
    const raw = localStorage.getItem(KEY);
    if (!raw) return [];
    const turns = JSON.parse(raw) as Turn[];
    if (!Array.isArray(turns)) return [];
    // An answer that was streaming when the page went away did not finish.
    return turns.map((t) => (t.state === 'streaming' ? { ...t, state: 'stopped' } : t));
  } catch {
    return [];
  }
}

export function saveTurns(turns: readonly Turn[]): void {
  try {
    localStorage.setItem(KEY, JSON.stringify(turns));
  } catch {
    // Storage full or disabled: the conversation still works, it just won't survive a reload.
  }
}

export function newTurnId(): string {
  return `t${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
}
