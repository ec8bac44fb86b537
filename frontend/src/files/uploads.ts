import type { StoredParts } from '../api';
import { ApiError, SessionExpiredError, UploadCancelledError } from '../errors';
import { type AppStore, describeFailure } from '../state';
import type { FileInfo } from '../types';
import { formatBytesApart } from '../ui/format';
import { quote } from '../ui/messages';
import { type FileDeps, setFiles } from './file-actions';
import type { Upload } from './files-state';
import { finishUpload } from './finish-upload';
import { uploadMultipart } from './multipart-upload';
import { notTheSameFile, PendingUploads, sameFile } from './pending-uploads-store';
import { throttle } from './throttle';
import { fitQuota, isQuotaExceeded, QUOTA_MESSAGE, refreshUsage } from './usage';
import type { PollOptions } from './wait-available';

export { DEFAULT_POLL, type PollOptions } from './wait-available';

export interface UploadDeps extends FileDeps {
  /** How to wait for S3 to confirm an upload (see waitUntilAvailable). */
  poll?: Partial<PollOptions>;
  /** Where multipart uploads are remembered across reloads (tests pass their own). */
  pending?: PendingUploads;
}

interface Running {
  todoId: string;
  file: File;
  controller: AbortController;
  paused: boolean;
  /** The pending file to resume instead of asking a new one. */
  resumeOf: FileInfo | null;
  /** The pending file this upload fills, once known. */
  record: FileInfo | null;
}

/**
 * Uploads: each picked file is checked against the size limit and the storage left, then goes
 * straight to S3 with progress (in parts above the multipart threshold, which can pause and
 * resume, also after a reload), and is listed once S3 has confirmed it. Uploads stop when the
 * session ends (`session:ended`) or their todo is deleted (`todo:deleted`).
 */
export class UploadActions {
  readonly #d: UploadDeps;
  readonly pending: PendingUploads;
  #seq = 0;
  readonly #running = new Map<string, Running>();
  readonly #onBeforeUnload = (event: BeforeUnloadEvent) => {
    if ([...this.#running.values()].some((r) => !r.paused)) event.preventDefault();
  };

  constructor(deps: UploadDeps) {
    this.#d = deps;
    this.pending = deps.pending ?? new PendingUploads();
    deps.store.on('session:ended', () => {
      for (const { controller } of this.#running.values()) controller.abort();
      for (const [id, run] of this.#running) if (run.paused) this.#running.delete(id); // resumable later
    });
    deps.store.on('todo:deleted', ({ todoId }) => {
      for (const upload of this.#running.values()) {
        if (upload.todoId === todoId) upload.controller.abort();
      }
    });
    deps.store.on('todo:opened', () => void refreshUsage(deps.api, deps.store));
    // Leaving the page while bytes move loses the upload's progress: ask first.
    window.addEventListener('beforeunload', this.#onBeforeUnload);
  }

  dispose() {
    window.removeEventListener('beforeunload', this.#onBeforeUnload);
  }

  get #store(): AppStore {
    return this.#d.store;
  }

  /** Checks each picked file against the size limit and the quota, then uploads the rest in parallel. */
  start(todoId: string, files: Iterable<File>): void {
    const max = this.#d.maxUploadBytes;
    const rejected: string[] = [];
    const small: File[] = [];
    for (const file of files) {
      if (file.size > max) {
        const [size, limit] = formatBytesApart(file.size, max);
        rejected.push(`${quote(file.name)} is ${size}; files can be at most ${limit}.`);
      } else small.push(file);
    }
    const { fits, refused } = fitQuota(small, this.#store.state.files.usage);
    rejected.push(...refused);
    for (const file of fits) this.#begin(todoId, file, null);
    setFiles(this.#store, (f) => ({ ...f, rejected }));
    if (rejected.length > 0) this.#d.announce(rejected.join(' '));
  }

  /**
   * Resumes a pending upload left by a reload, with the file the user picked again. Refuses
   * another file (name, size and date must match what was being sent).
   */
  resumePending(pending: FileInfo, file: File): void {
    const record = this.pending.get(pending.fileId);
    const expected = { name: pending.fileName, size: pending.size, lastModified: record?.lastModified };
    if (!sameFile(file, expected)) {
      const message = notTheSameFile(file, pending);
      setFiles(this.#store, (f) => ({ ...f, rejected: [message] }));
      this.#d.announce(message);
      return;
    }
    setFiles(this.#store, (f) => ({ ...f, rejected: [] }));
    this.#begin(pending.todoId, file, pending);
  }

  /** Gives up a pending upload left by a reload: deletes the file (which aborts its parts). */
  async discard(pending: FileInfo): Promise<void> {
    this.pending.remove(pending.fileId);
    try {
      await this.#d.api.deleteFile(pending.todoId, pending.fileId);
    } catch (error) {
      if (!(error instanceof ApiError && error.status === 404)) {
        describeFailure(this.#store, error, 'file');
        return;
      }
    }
    setFiles(this.#store, (f) => ({ ...f, files: f.files.filter((x) => x.fileId !== pending.fileId) }));
    this.#d.announce(`Discarded the upload of ${quote(pending.fileName)}.`);
    void refreshUsage(this.#d.api, this.#store);
  }

  cancel(uploadId: string) {
    const run = this.#running.get(uploadId);
    if (!run) return;
    if (run.paused) {
      // Nothing is moving: delete the pending file (the server aborts its multipart upload).
      this.#running.delete(uploadId);
      if (run.record) this.#dropPending(run.todoId, run.record.fileId);
      this.#remove(uploadId);
      this.#d.announce(`Cancelled the upload of ${quote(run.file.name)}.`);
    } else run.controller.abort();
  }

  pause(uploadId: string) {
    const run = this.#running.get(uploadId);
    if (!run || run.paused) return;
    run.paused = true;
    run.controller.abort();
  }

  resume(uploadId: string) {
    const run = this.#running.get(uploadId);
    if (!run?.paused) return;
    run.paused = false;
    run.controller = new AbortController();
    this.#patch(uploadId, { phase: 'uploading', error: null });
    this.#d.announce(`Resumed the upload of ${quote(run.file.name)}.`);
    void this.#run(uploadId, true);
  }

  dismiss = (uploadId: string) => this.#remove(uploadId);

  #patch(id: string, change: Partial<Upload>) {
    setFiles(this.#store, (f) => ({
      ...f,
      uploads: f.uploads.map((u) => (u.id === id ? { ...u, ...change } : u)),
    }));
  }

  #remove(id: string) {
    setFiles(this.#store, (f) => ({ ...f, uploads: f.uploads.filter((u) => u.id !== id) }));
  }

  #begin(todoId: string, file: File, resumeOf: FileInfo | null) {
    const id = `upload-${++this.#seq}`;
    this.#running.set(id, {
      todoId,
      file,
      controller: new AbortController(),
      paused: false,
      resumeOf,
      record: resumeOf,
    });
    const upload: Upload = {
      id,
      todoId,
      fileId: resumeOf?.fileId ?? null,
      fileName: file.name,
      size: file.size,
      loaded: 0,
      phase: 'uploading',
      error: null,
      multipart: resumeOf !== null,
    };
    setFiles(this.#store, (f) => ({ ...f, uploads: [...f.uploads, upload] }));
    void this.#run(id, resumeOf !== null);
  }

  /** One attempt at sending the bytes: from the start, or (`resume`) only what S3 lacks. */
  async #run(id: string, resume: boolean): Promise<void> {
    const run = this.#running.get(id);
    if (!run) return;
    const { todoId, file, controller } = run;
    const { signal } = controller;
    let fileId = this.#store.state.files.uploads.find((u) => u.id === id)?.fileId ?? null;
    // Once the bytes are complete in S3, nothing may delete the record.
    let sent = false;
    // A state change per progress event is wasteful; ~10 per second is smooth enough.
    const onProgress = throttle(100, (loaded: number) => {
      if (!signal.aborted || run.paused) this.#patch(id, { loaded });
    });
    try {
      let pendingFile: FileInfo;
      if (resume && fileId) {
        const parts = await this.#d.api.listParts(todoId, fileId).catch(async (error: unknown) => {
          // Not a multipart upload in progress (a one-shot PUT cut short): start again.
          if (!(error instanceof ApiError && error.status === 409) || !run.resumeOf) throw error;
          return null;
        });
        if (!parts) {
          await this.#d.api.deleteFile(todoId, fileId).catch(() => undefined);
          this.pending.remove(fileId);
          run.resumeOf = null;
          fileId = null;
          this.#patch(id, { fileId: null, multipart: false });
          return void (await this.#run(id, false));
        }
        pendingFile = run.record as FileInfo;
        if (signal.aborted) throw new UploadCancelledError();
        pendingFile = await this.#multipart(run, pendingFile, parts, onProgress);
      } else {
        const ticket = await this.#d.api.createUpload(todoId, file);
        fileId = ticket.file.fileId;
        run.record = ticket.file;
        void refreshUsage(this.#d.api, this.#store);
        this.#patch(id, { fileId, multipart: ticket.upload.method === 'MULTIPART' });
        if (signal.aborted) throw new UploadCancelledError();
        if (ticket.upload.method === 'PUT') {
          await this.#d.api.uploadBytes(ticket.upload, file, {
            signal,
            onProgress: (p) => onProgress(p.loaded),
          });
          pendingFile = ticket.file;
        } else {
          pendingFile = await this.#multipart(run, ticket.file, ticket.upload, onProgress);
        }
      }
      sent = true;
      onProgress.flush();
      this.#patch(id, { loaded: file.size, phase: 'processing' });
      await finishUpload(this.#d, id, file.name, pendingFile, signal);
    } catch (error) {
      if (error instanceof UploadCancelledError && run.paused) {
        this.#patch(id, { phase: 'paused' });
        this.#d.announce(`Paused the upload of ${quote(file.name)}.`);
        return; // keeps the running entry: resume() or cancel() continues from here
      }
      if (error instanceof UploadCancelledError) {
        this.#remove(id);
        this.#d.announce(`Cancelled the upload of ${quote(file.name)}.`);
      } else if (error instanceof SessionExpiredError) {
        describeFailure(this.#store, error);
      } else {
        const message = isQuotaExceeded(error) ? QUOTA_MESSAGE : describeFailure(this.#store, error, 'file');
        this.#patch(id, { phase: 'failed', error: message });
        this.#d.announce(`Could not upload ${quote(file.name)}. ${message}`);
      }
      // The bytes never all reached S3: the pending record would expire on its own, and removing
      // it now keeps the list honest (and releases its quota).
      if (fileId && !sent && !(error instanceof SessionExpiredError)) this.#dropPending(todoId, fileId);
    }
    this.#running.delete(id);
  }

  /** Deletes a pending file nothing will finish (the server aborts its multipart upload). */
  #dropPending(todoId: string, fileId: string) {
    this.pending.remove(fileId);
    this.#d.api.deleteFile(todoId, fileId).then(
      () => refreshUsage(this.#d.api, this.#store),
      () => undefined,
    );
  }

  /** Sends the parts (`shape` is the ticket, or the parts S3 holds when resuming) and completes. */
  async #multipart(
    run: Running,
    pending: FileInfo,
    shape: { partSize: number; partCount: number; parts?: StoredParts['parts'] },
    onProgress: { (loaded: number): void; flush(): void },
  ): Promise<FileInfo> {
    const { file, todoId } = run;
    const { fileId } = pending;
    const { partSize, partCount } = shape;
    const { name, size, lastModified } = file;
    this.pending.save({ fileId, todoId, name, size, lastModified, partSize });
    const done = await uploadMultipart({
      ...{ api: this.#d.api, todoId, fileId, file, partSize, partCount, onProgress },
      stored: shape.parts ? { partSize, partCount, parts: shape.parts } : undefined,
      signal: run.controller.signal,
    });
    this.pending.remove(fileId);
    onProgress.flush();
    return done;
  }
}
