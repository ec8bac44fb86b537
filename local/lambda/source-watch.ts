import { type FSWatcher, watch } from 'node:fs';

/**
 * Change notifications for source files from the operating system (inotify, FSEvents), so that
 * "has this handler changed?" costs nothing per request. A file replaced by an editor's atomic
 * save is reported once and forgotten; the next build watches the new file.
 */
export class SourceWatch {
  readonly #watchers = new Map<string, FSWatcher>();
  readonly #listeners = new Map<string, Set<() => void>>();

  /** Call `onChange` when `path` changes; false when the file cannot be watched. */
  add(path: string, onChange: () => void): boolean {
    let listeners = this.#listeners.get(path);
    if (!listeners) {
      listeners = new Set();
      this.#listeners.set(path, listeners);
    }
    listeners.add(onChange);
    if (this.#watchers.has(path)) return true;
    try {
      const watcher = watch(path, { persistent: false }, (event) => {
        if (event === 'rename') this.#forget(path);
        for (const listener of this.#listeners.get(path) ?? []) listener();
      });
      watcher.on('error', () => this.#forget(path));
      this.#watchers.set(path, watcher);
      return true;
    } catch {
      return false;
    }
  }

  #forget(path: string) {
    this.#watchers.get(path)?.close();
    this.#watchers.delete(path);
  }

  close(): void {
    for (const watcher of this.#watchers.values()) watcher.close();
    this.#watchers.clear();
    this.#listeners.clear();
  }
}
