import { ApiError, SessionExpiredError, UploadCancelledError } from '../errors';
import { type AppStore, describeFailure } from '../state';
import type { FileInfo } from '../types';
import { formatBytesApart } from '../ui/format';
import { quote } from '../ui/messages';
import { type FileDeps, setFiles } from './file-actions';
import { type Upload, withFile } from './files-state';

export interface PollOptions {
  intervalMs: number;
  maxIntervalMs: number;
  timeoutMs: number;
  attempts: number;
}

export const DEFAULT_POLL: PollOptions = {
  intervalMs: 400,
  maxIntervalMs: 5000,
  timeoutMs: 60_000,
  attempts: 100,
};

export interface UploadDeps extends FileDeps {
  /**
   * How to wait for S3 to confirm an upload: the first check after `intervalMs`, each next wait
   * 1.5 times longer (at most `maxIntervalMs`), giving up after `timeoutMs` or `attempts` checks,
   * whichever comes first. The file then stays listed as pending.
   */
  poll?: Partial<PollOptions>;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Uploads: each picked file is checked against the size limit, then goes straight to S3 with
 * progress, can be cancelled, and is listed once S3 has confirmed it. Uploads stop when the
 * session ends (`session:ended`) or their todo is deleted (`todo:deleted`).
 */
export class UploadActions {
  readonly #d: UploadDeps;
  #seq = 0;
  readonly #running = new Map<string, { todoId: string; controller: AbortController }>();

  constructor(deps: UploadDeps) {
    this.#d = deps;
    deps.store.on('session:ended', () => {
      for (const { controller } of this.#running.values()) controller.abort();
    });
    deps.store.on('todo:deleted', ({ todoId }) => {
      for (const upload of this.#running.values()) {
        if (upload.todoId === todoId) upload.controller.abort();
      }
    });
  }

  get #store(): AppStore {
    return this.#d.store;
  }

  /** Checks each picked file against the size limit, then uploads the rest in parallel. */
  start(todoId: string, files: Iterable<File>): void {
    const max = this.#d.maxUploadBytes;
    const rejected: string[] = [];
    for (const file of files) {
      if (file.size > max) {
        const [size, limit] = formatBytesApart(file.size, max);
        rejected.push(`${quote(file.name)} is ${size}; files can be at most ${limit}.`);
      } else {
        void this.#upload(todoId, file);
      }
    }
    setFiles(this.#store, (f) => ({ ...f, rejected }));
    if (rejected.length > 0) this.#d.announce(rejected.join(' '));
  }

  cancel(uploadId: string) {
    this.#running.get(uploadId)?.controller.abort();
  }

  dismiss(uploadId: string) {
    this.#remove(uploadId);
  }

  #patch(id: string, change: Partial<Upload>) {
    setFiles(this.#store, (f) => ({
      ...f,
      uploads: f.uploads.map((u) => (u.id === id ? { ...u, ...change } : u)),
    }));
  }

  #remove(id: string) {
    setFiles(this.#store, (f) => ({ ...f, uploads: f.uploads.filter((u) => u.id !== id) }));
  }

  #putFile(file: FileInfo) {
    setFiles(this.#store, (f) => withFile(f, file));
  }

  async #upload(todoId: string, file: File): Promise<void> {
    const id = `upload-${++this.#seq}`;
    const controller = new AbortController();
    this.#running.set(id, { todoId, controller });
    const upload: Upload = {
      id,
      todoId,
      fileId: null,
      fileName: file.name,
      size: file.size,
      loaded: 0,
      phase: 'uploading',
      error: null,
    };
    setFiles(this.#store, (f) => ({ ...f, uploads: [...f.uploads, upload] }));
    let fileId: string | null = null;
    // Once the PUT has succeeded the bytes are in S3: from then on nothing may delete the record.
    let sent = false;
    let lastUpdate = 0;
    try {
      const ticket = await this.#d.api.createUpload(todoId, file);
      fileId = ticket.file.fileId;
      this.#patch(id, { fileId });
      if (controller.signal.aborted) throw new UploadCancelledError();
      if (ticket.upload.method !== 'PUT') throw new Error('Files this large cannot be uploaded yet.');
      await this.#d.api.uploadBytes(ticket.upload, file, {
        signal: controller.signal,
        onProgress: ({ loaded }) => {
          // A state change per progress event is wasteful; ~10 per second is smooth enough.
          const now = performance.now();
          if (now - lastUpdate < 100 && loaded < file.size) return;
          lastUpdate = now;
          this.#patch(id, { loaded });
        },
      });
      sent = true;
      this.#patch(id, { loaded: file.size, phase: 'processing' });
      await this.#finish(id, todoId, file.name, ticket.file, controller.signal);
    } catch (error) {
      if (error instanceof UploadCancelledError) {
        this.#remove(id);
        this.#d.announce(`Cancelled the upload of ${quote(file.name)}.`);
      } else if (error instanceof SessionExpiredError) {
        describeFailure(this.#store, error);
      } else {
        const message = describeFailure(this.#store, error, 'file');
        this.#patch(id, { phase: 'failed', error: message });
        this.#d.announce(`Could not upload ${quote(file.name)}. ${message}`);
      }
      // The bytes never reached S3: the pending record would expire on its own, and removing it
      // now keeps the list honest.
      if (fileId && !sent && !(error instanceof SessionExpiredError)) {
        this.#d.api.deleteFile(todoId, fileId).catch(() => undefined);
      }
    } finally {
      this.#running.delete(id);
    }
  }

  /**
   * After a successful PUT: waits for the file to turn available, then lists it. The bytes are
   * safe in S3 whatever happens here, so a failed check (network blip, 503) is retried, and if
   * the file is still not confirmed in time it is listed as pending (the next visit reloads it).
   */
  async #finish(id: string, todoId: string, fileName: string, pending: FileInfo, signal: AbortSignal) {
    let latest: FileInfo;
    try {
      latest = await this.#waitUntilAvailable(todoId, pending, signal);
    } catch (error) {
      this.#remove(id);
      if (error instanceof UploadCancelledError) {
        // Signed out, the todo was deleted, or Cancel came too late: the bytes are in S3 anyway,
        // so the file stays (listed as pending if this todo is still open).
        this.#putFile(pending);
        return;
      }
      if (error instanceof SessionExpiredError) {
        describeFailure(this.#store, error);
        return;
      }
      // 404: the file or its todo was deleted meanwhile; there is nothing left to show.
      setFiles(this.#store, (f) => ({ ...f, files: f.files.filter((x) => x.fileId !== pending.fileId) }));
      return;
    }
    this.#remove(id);
    this.#putFile(latest);
    this.#store.emit('data:changed', undefined);
    this.#d.announce(
      latest.status === 'available'
        ? `Uploaded ${quote(fileName)}.`
        : `Uploaded ${quote(fileName)}; it will be ready in a moment.`,
    );
  }

  /**
   * Asks for the file until S3's event has marked it available, backing off between checks.
   * Failed checks are retried; a 404 (deleted meanwhile) or an expired session ends the wait by
   * throwing, and so does `signal` (as UploadCancelledError). Returns the latest version seen.
   */
  async #waitUntilAvailable(todoId: string, pending: FileInfo, signal: AbortSignal): Promise<FileInfo> {
    const poll = { ...DEFAULT_POLL, ...this.#d.poll };
    const deadline = Date.now() + poll.timeoutMs;
    let latest: FileInfo = pending;
    let wait = poll.intervalMs;
    for (let i = 0; i < poll.attempts && Date.now() < deadline; i++) {
      await sleep(Math.min(wait, Math.max(0, deadline - Date.now())));
      wait = Math.min(wait * 1.5, poll.maxIntervalMs);
      if (signal.aborted) throw new UploadCancelledError();
      try {
        const {
          downloadUrl: _u,
          downloadExpiresAt: _e,
          ...info
        } = await this.#d.api.getFile(todoId, pending.fileId);
        latest = info;
      } catch (error) {
        if (error instanceof SessionExpiredError) throw error;
        if (error instanceof ApiError && error.status === 404) throw error;
        continue; // a blip: the bytes are in S3, so try again
      }
      if (latest.status === 'available') break;
    }
    if (signal.aborted) throw new UploadCancelledError();
    return latest;
  }
}
