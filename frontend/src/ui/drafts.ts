/**
 * Keeps what the user typed in sessionStorage until it is saved, so a failed request, an expired
 * session or a reload never loses it. Storage failures (private mode, quota) are ignored.
 */
export class Drafts {
  readonly #storage: Storage | null;
  /** Whose drafts these are: another user signing in on this tab never sees them. */
  owner = '';

  constructor(storage?: Storage | null) {
    this.#storage = storage === undefined ? Drafts.#sessionStorage() : storage;
  }

  static #sessionStorage(): Storage | null {
    try {
      return globalThis.sessionStorage ?? null;
    } catch {
      return null;
    }
  }

  #key(key: string) {
    return `draft:${this.owner}:${key}`;
  }

  get(key: string): Record<string, string> | null {
    try {
      const raw = this.#storage?.getItem(this.#key(key));
      const value: unknown = raw ? JSON.parse(raw) : null;
      if (!value || typeof value !== 'object') return null;
      const result: Record<string, string> = {};
      for (const [k, v] of Object.entries(value)) if (typeof v === 'string') result[k] = v;
      return result;
    } catch {
      return null;
    }
  }

  set(key: string, value: Record<string, string>): void {
    try {
      if (Object.values(value).every((v) => v === '')) this.#storage?.removeItem(this.#key(key));
      else this.#storage?.setItem(this.#key(key), JSON.stringify(value));
    } catch {
      // Not fatal: the draft just won't survive a reload.
    }
  }

  clear(key: string): void {
    try {
      this.#storage?.removeItem(this.#key(key));
    } catch {
      // ignore
    }
  }

  /** Forgets every draft of the current owner (after an explicit log-out). */
  clearAll(): void {
    try {
      const prefix = this.#key('');
      const keys = Array.from({ length: this.#storage?.length ?? 0 }, (_, i) => this.#storage?.key(i));
      for (const key of keys) if (key?.startsWith(prefix)) this.#storage?.removeItem(key);
    } catch {
      // ignore
    }
  }
}
