import type { ApiPort } from '../api';
import { ApiError } from '../errors';
import { type AppStore, describeFailure, withoutKey } from '../state';
import { quote } from '../ui/messages';
import { emptyFiles, type FilesState } from './files-state';
import { refreshUsage } from './usage';

export interface FileDeps {
  store: AppStore;
  api: ApiPort;
  maxUploadBytes: number;
  announce: (message: string) => void;
  /** Starts a browser download of a presigned URL. */
  download?: (url: string, fileName: string) => void;
}

export function setFiles(store: AppStore, change: (files: FilesState) => FilesState) {
  store.update((s) => ({ ...s, files: change(s.files) }));
}

const defaultDownload = (url: string, fileName: string) => {
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.rel = 'noopener';
  link.hidden = true;
  document.body.append(link);
  link.click();
  link.remove();
};

/**
 * The open todo's attachments: list them when a todo opens (`todo:opened`), download and delete.
 * Owns the `files` slice together with the uploads (see uploads.ts).
 */
export class FileActions {
  readonly #d: FileDeps;
  #seq = 0;

  constructor(deps: FileDeps) {
    this.#d = deps;
    deps.store.on('todo:opened', ({ todoId }) => void this.load(todoId));
    deps.store.on('session:ended', () => {
      this.#seq++;
      this.#set(() => emptyFiles);
    });
    deps.store.on('todo:deleted', ({ todoId }) =>
      this.#set((f) => (f.todoId === todoId ? { ...emptyFiles, uploads: f.uploads } : f)),
    );
  }

  #set(change: (files: FilesState) => FilesState) {
    setFiles(this.#d.store, change);
  }

  async load(todoId: string): Promise<void> {
    const seq = ++this.#seq;
    this.#set((f) => ({
      ...emptyFiles,
      uploads: f.uploads,
      usage: f.usage,
      finishing: f.finishing,
      todoId,
      phase: 'loading',
    }));
    try {
      const items = await this.#d.api.listFiles(todoId);
      if (seq === this.#seq) this.#set((f) => ({ ...f, files: items, phase: 'ready' }));
    } catch (error) {
      if (seq !== this.#seq) return;
      const message = describeFailure(this.#d.store, error, 'file');
      this.#set((f) => ({ ...f, phase: 'error', error: message }));
    }
  }

  /** Asks again for the open todo's files (another tab changed them), without a loading state. */
  async refresh(todoId: string): Promise<void> {
    if (this.#d.store.state.files.todoId !== todoId) return;
    const seq = ++this.#seq;
    try {
      const items = await this.#d.api.listFiles(todoId);
      if (seq === this.#seq) this.#set((f) => ({ ...f, files: items, phase: 'ready', error: null }));
    } catch (error) {
      if (seq === this.#seq) describeFailure(this.#d.store, error, 'file');
    }
  }

  #fileError(fileId: string, message: string | null) {
    this.#set((f) => ({
      ...f,
      fileErrors: message ? { ...f.fileErrors, [fileId]: message } : withoutKey(f.fileErrors, fileId),
    }));
  }

  /** Asks for a fresh presigned URL and lets the browser download it (Content-Disposition). */
  async download(todoId: string, fileId: string): Promise<void> {
    this.#fileError(fileId, null);
    try {
      const file = await this.#d.api.getFile(todoId, fileId);
      if (!file.downloadUrl) {
        this.#fileError(fileId, 'This file is still being processed. Try again in a moment.');
        return;
      }
      (this.#d.download ?? defaultDownload)(file.downloadUrl, file.fileName);
      this.#d.announce(`Downloading ${quote(file.fileName)}.`);
    } catch (error) {
      this.#fileError(fileId, describeFailure(this.#d.store, error, 'file'));
    }
  }

  /** A fresh presigned URL of an available file (the image viewer shows it), or null. */
  async viewUrl(todoId: string, fileId: string): Promise<string | null> {
    return (await this.#d.api.getFile(todoId, fileId)).downloadUrl;
  }

  async delete(todoId: string, fileId: string): Promise<void> {
    const file = this.#d.store.state.files.files.find((f) => f.fileId === fileId);
    this.#fileError(fileId, null);
    try {
      await this.#d.api.deleteFile(todoId, fileId);
    } catch (error) {
      if (!(error instanceof ApiError && error.status === 404)) {
        this.#fileError(fileId, describeFailure(this.#d.store, error, 'file'));
        return;
      }
    }
    // The storage figure (and the "will it fit" check) drops at once; the server's figure follows.
    this.#set((f) => ({
      ...f,
      files: f.files.filter((x) => x.fileId !== fileId),
      usage:
        f.usage && file ? { ...f.usage, usedBytes: Math.max(0, f.usage.usedBytes - file.size) } : f.usage,
    }));
    void refreshUsage(this.#d.api, this.#d.store);
    this.#d.store.emit('data:changed', undefined);
    this.#d.announce(file ? `Deleted ${quote(file.fileName)}.` : 'File deleted.');
  }
}
