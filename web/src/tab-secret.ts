/**
 * A key kept for this browser tab only (sessionStorage), for as long as the tab lives. When
 * storage is disabled reads find nothing and writes are dropped: the page asks again next time.
 */
export function tabSecret(storageName: string): { get(): string | null; set(value: string | null): void } {
  return {
    get() {
      try {
        return sessionStorage.getItem(storageName);
      } catch {
        return null;
      }
    },
    set(value) {
      try {
        if (value === null) sessionStorage.removeItem(storageName);
        else sessionStorage.setItem(storageName, value);
      } catch {
        // Storage disabled: the key lasts until the page is closed.
      }
    },
  };
}

/** The Authorization header for a key, or none. */
export function bearer(key: string | null): Record<string, string> {
  return key ? { authorization: `Bearer ${key}` } : {};
}
