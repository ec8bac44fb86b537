import type { Api } from './api';
import type { Auth, Session } from './auth';
import { ApiError, SessionExpiredError, UploadCancelledError } from './errors';
import { formatBytes } from './format';
import { describeError } from './messages';
import { pathFor, type Route, type RouteName, type Router } from './router';
import {
  type AppState,
  type Count,
  type DetailState,
  emptyDetail,
  emptyList,
  type ListState,
  listKey,
  parseListKey,
  type Upload,
  withCreated,
  withDeleted,
  withoutKey,
  withPage,
  withUpdated,
} from './state';
import type { Store } from './store';
import type { FileInfo, NewTodo, StatusFilter, Todo, TodoChanges } from './types';

export type ApiPort = Pick<
  Api,
  | 'listTodos'
  | 'createTodo'
  | 'getTodo'
  | 'updateTodo'
  | 'completeTodo'
  | 'setNotes'
  | 'deleteTodo'
  | 'listFiles'
  | 'createUpload'
  | 'getFile'
  | 'deleteFile'
  | 'uploadBytes'
>;

export type AuthPort = Pick<
  Auth,
  | 'restore'
  | 'signIn'
  | 'signUp'
  | 'confirmSignUp'
  | 'resendCode'
  | 'forgotPassword'
  | 'confirmPassword'
  | 'signOut'
  | 'expireLocally'
> &
  EventTarget;

export interface ActionDeps {
  store: Store<AppState>;
  api: ApiPort;
  auth: AuthPort;
  router: Router;
  maxUploadBytes: number;
  announce: (message: string) => void;
  /** Starts a browser download of a presigned URL. */
  download?: (url: string, fileName: string) => void;
  /**
   * How to wait for S3 to confirm an upload: the first check after `intervalMs`, each next wait
   * 1.5 times longer (at most `maxIntervalMs`), giving up after `timeoutMs` or `attempts` checks,
   * whichever comes first. The file then stays listed as pending.
   */
  poll?: Partial<PollOptions>;
}

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

export const PAGE_SIZE = 20;
/** Filter counts come from one capped page per status: cheap, and exact up to this many. */
export const COUNT_CAP = 100;

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

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

const quote = (text: string) => `“${text}”`;

/**
 * Everything the user can do, as functions: each calls the API, then replaces state in the store.
 * Errors meant for a form are thrown back to the view that shows them; errors about one item are
 * put in state next to that item. A dead session always ends on the login screen.
 */
export class Actions {
  readonly #d: ActionDeps;
  #listSeq = 0;
  #countSeq = 0;
  #detailSeq = 0;
  #uploadSeq = 0;
  readonly #uploads = new Map<string, AbortController>();

  constructor(deps: ActionDeps) {
    this.#d = deps;
  }

  get #state() {
    return this.#d.store.state;
  }

  #setList(change: (list: ListState) => ListState) {
    this.#d.store.update((s) => ({ ...s, list: change(s.list) }));
  }

  #setDetail(change: (detail: DetailState) => DetailState) {
    this.#d.store.update((s) => ({ ...s, detail: change(s.detail) }));
  }

  /** A todo changed: both the list and an open detail view show the new version. */
  #todoChanged(todo: Todo) {
    this.#d.store.update((s) => ({
      ...s,
      list: withUpdated(s.list, todo),
      detail: s.detail.todoId === todo.todoId ? { ...s.detail, todo } : s.detail,
    }));
  }

  /** Returns the message to show for `error`; a dead session also ends on the login screen. */
  #fail(error: unknown, subject: 'todo' | 'file' | 'list' = 'todo'): string {
    if (error instanceof SessionExpiredError) this.sessionExpired();
    return describeError(error, subject);
  }

  // ---------------------------------------------------------------------------- session

  /** Shows `text` on the screen the next navigation lands on. */
  setNotice(text: string, route: RouteName, tone: 'info' | 'error' = 'info') {
    this.#d.store.update((s) => ({ ...s, notice: { text, tone, route } }));
  }

  signedIn(session: Session, next: string | null) {
    this.#d.store.update((s) => ({ ...s, user: { email: session.email }, notice: null }));
    this.#d.router.navigate(next ?? '/', { replace: true, force: true });
  }

  /** The session died: back to the login screen with a message, remembering where the user was. */
  sessionExpired() {
    if (!this.#state.user) return;
    const next = this.#d.router.url;
    this.#abortUploads();
    this.#d.auth.expireLocally();
    this.#d.store.update((s) => ({
      ...s,
      user: null,
      list: emptyList,
      detail: emptyDetail,
      notice: { text: 'Your session has expired. Please log in again.', tone: 'error', route: 'login' },
    }));
    this.#d.router.navigate(pathFor({ name: 'login', next }), { replace: true, force: true });
  }

  async signOut(): Promise<void> {
    // Leaving goes through the unsaved-changes guard; staying cancels the sign-out.
    if (!this.#d.router.canLeave()) return;
    this.#abortUploads();
    await this.#d.auth.signOut();
    this.#d.store.update((s) => ({
      ...s,
      user: null,
      list: emptyList,
      detail: emptyDetail,
      notice: { text: 'You have logged out.', tone: 'info', route: 'login' },
    }));
    this.#d.router.navigate('/login', { force: true });
  }

  // ---------------------------------------------------------------------------- loading

  /** Loads what the route shows, unless it is already loaded. */
  loadForRoute(route: Route) {
    if (route.name === 'list') {
      const { list } = this.#state;
      if (list.key !== listKey(route.status, route.q) || list.phase === 'error' || list.phase === 'idle') {
        void this.loadList(route.status, route.q);
      }
    } else if (route.name === 'todo') {
      const { detail } = this.#state;
      if (detail.todoId !== route.todoId || detail.phase === 'error') void this.loadTodo(route.todoId);
    }
  }

  async loadList(status: StatusFilter, q: string): Promise<void> {
    const seq = ++this.#listSeq;
    const key = listKey(status, q);
    // Earlier items stay on screen (marked busy) until the answer arrives: no flash of emptiness.
    this.#setList((list) => ({
      ...list,
      key,
      phase: 'loading',
      error: null,
      moreError: null,
      itemErrors: {},
    }));
    if (this.#state.list.countsQ !== q.trim()) void this.loadCounts(q);
    try {
      const page = await this.#d.api.listTodos({ status, q, limit: PAGE_SIZE });
      if (seq !== this.#listSeq) return;
      this.#setList((list) => ({
        ...list,
        phase: 'ready',
        items: page.items,
        nextCursor: page.nextCursor,
        loadingMore: false,
      }));
    } catch (error) {
      if (seq !== this.#listSeq) return;
      const message = this.#fail(error, 'list');
      this.#setList((list) => ({ ...list, phase: 'error', error: message }));
    }
  }

  /**
   * Counts for the filter links. There is no count endpoint, so each status is one page of up to
   * COUNT_CAP items (two small requests per search, not per filter change); beyond that "100+".
   * Later changes adjust the counts locally instead of asking again.
   */
  async loadCounts(q: string): Promise<void> {
    const seq = ++this.#countSeq;
    const countOf = async (status: 'open' | 'completed'): Promise<Count> => {
      const page = await this.#d.api.listTodos({ status, q, limit: COUNT_CAP });
      return { n: page.items.length, more: page.nextCursor !== null };
    };
    try {
      const [open, completed] = await Promise.all([countOf('open'), countOf('completed')]);
      if (seq !== this.#countSeq) return;
      this.#setList((list) => ({ ...list, counts: { open, completed }, countsQ: q.trim() }));
    } catch (error) {
      if (seq !== this.#countSeq) return;
      // Counts are a nicety: the links still work without them.
      if (error instanceof SessionExpiredError) this.sessionExpired();
      this.#setList((list) => ({ ...list, counts: null, countsQ: null }));
    }
  }

  async loadMore(): Promise<void> {
    const { list } = this.#state;
    if (!list.key || !list.nextCursor || list.loadingMore) return;
    const seq = this.#listSeq;
    const { status, q } = parseListKey(list.key);
    this.#setList((l) => ({ ...l, loadingMore: true, moreError: null }));
    try {
      const page = await this.#d.api.listTodos({ status, q, limit: PAGE_SIZE, cursor: list.nextCursor });
      if (seq !== this.#listSeq) return;
      this.#setList((l) => withPage(l, page.items, page.nextCursor));
    } catch (error) {
      if (seq !== this.#listSeq) return;
      const message = this.#fail(error, 'list');
      this.#setList((l) => ({ ...l, loadingMore: false, moreError: message }));
    }
  }

  reloadList() {
    const route = this.#state.route;
    if (route.name === 'list') void this.loadList(route.status, route.q);
  }

  async loadTodo(todoId: string): Promise<void> {
    const seq = ++this.#detailSeq;
    // Show what the list already knows at once; the fresh copy replaces it.
    const known = this.#state.list.items.find((t) => t.todoId === todoId) ?? null;
    this.#setDetail((d) => ({
      ...emptyDetail,
      uploads: d.uploads,
      todoId,
      todo: known,
      phase: known ? 'ready' : 'loading',
      filesPhase: 'loading',
    }));
    const todo = this.#d.api.getTodo(todoId).then(
      (fresh) => {
        if (seq === this.#detailSeq) this.#setDetail((d) => ({ ...d, todo: fresh, phase: 'ready' }));
      },
      (error: unknown) => {
        if (seq !== this.#detailSeq) return;
        if (error instanceof ApiError && error.status === 404) {
          this.#setList((list) => withDeleted(list, todoId));
          this.#setDetail((d) => ({ ...d, todo: null, phase: 'missing' }));
          return;
        }
        const message = this.#fail(error);
        this.#setDetail((d) => ({ ...d, phase: d.todo ? 'ready' : 'error', error: message }));
      },
    );
    const files = this.#d.api.listFiles(todoId).then(
      (items) => {
        if (seq === this.#detailSeq) this.#setDetail((d) => ({ ...d, files: items, filesPhase: 'ready' }));
      },
      (error: unknown) => {
        if (seq !== this.#detailSeq) return;
        const message = this.#fail(error, 'file');
        this.#setDetail((d) => ({ ...d, filesPhase: 'error', filesError: message }));
      },
    );
    await Promise.all([todo, files]);
  }

  // ---------------------------------------------------------------------------- todos

  /** Creates a todo; rejects with the API error for the form to show. */
  async addTodo(input: NewTodo): Promise<Todo> {
    try {
      const todo = await this.#d.api.createTodo(input);
      this.#setList((list) => withCreated(list, todo));
      this.#d.announce(`Added ${quote(todo.title)}.`);
      return todo;
    } catch (error) {
      this.#fail(error);
      throw error;
    }
  }

  /** Completes or reopens from the list; a failure is shown next to that todo. */
  async toggleTodo(todoId: string, completed: boolean): Promise<void> {
    if (this.#state.list.busy.includes(todoId)) return;
    this.#setList((list) => ({
      ...list,
      busy: [...list.busy, todoId],
      itemErrors: withoutKey(list.itemErrors, todoId),
    }));
    try {
      const todo = await this.#setCompleted(todoId, completed);
      this.#todoChanged(todo);
      this.#d.announce(completed ? `Completed ${quote(todo.title)}.` : `Reopened ${quote(todo.title)}.`);
    } catch (error) {
      const message = this.#fail(error);
      if (error instanceof SessionExpiredError) return;
      if (error instanceof ApiError && error.status === 404) {
        this.#setList((list) => withDeleted(list, todoId));
      } else {
        this.#setList((list) => ({ ...list, itemErrors: { ...list.itemErrors, [todoId]: message } }));
      }
      this.#d.announce(message);
    } finally {
      this.#setList((list) => ({ ...list, busy: list.busy.filter((id) => id !== todoId) }));
    }
  }

  #setCompleted(todoId: string, completed: boolean): Promise<Todo> {
    return completed
      ? this.#d.api.completeTodo(todoId)
      : this.#d.api.updateTodo(todoId, { completed: false });
  }

  /** Completes or reopens from the detail view; rejects with the error for the view to show. */
  async setCompleted(todoId: string, completed: boolean): Promise<Todo> {
    try {
      const todo = await this.#setCompleted(todoId, completed);
      this.#todoChanged(todo);
      this.#d.announce(completed ? 'Marked as done.' : 'Reopened.');
      return todo;
    } catch (error) {
      this.#fail(error);
      throw error;
    }
  }

  async saveTodo(todoId: string, changes: TodoChanges): Promise<Todo> {
    try {
      const todo = await this.#d.api.updateTodo(todoId, changes);
      this.#todoChanged(todo);
      this.#d.announce('Changes saved.');
      return todo;
    } catch (error) {
      this.#fail(error);
      throw error;
    }
  }

  async saveNotes(todoId: string, notes: string): Promise<Todo> {
    try {
      const todo = await this.#d.api.setNotes(todoId, notes);
      this.#todoChanged(todo);
      this.#d.announce('Notes saved.');
      return todo;
    } catch (error) {
      this.#fail(error);
      throw error;
    }
  }

  /** Deletes a todo (its files go with it, server-side) and returns to the list. */
  async deleteTodo(todoId: string): Promise<void> {
    const known = this.#state.detail.todoId === todoId ? this.#state.detail.todo : null;
    try {
      await this.#d.api.deleteTodo(todoId);
    } catch (error) {
      // Already gone is as good as deleted.
      if (!(error instanceof ApiError && error.status === 404)) {
        this.#fail(error);
        throw error;
      }
    }
    for (const upload of this.#state.detail.uploads) {
      if (upload.todoId === todoId) this.cancelUpload(upload.id);
    }
    this.#d.store.update((s) => ({
      ...s,
      list: withDeleted(s.list, todoId, known),
      detail: s.detail.todoId === todoId ? emptyDetail : s.detail,
    }));
    this.#d.announce(known ? `Deleted ${quote(known.title)}.` : 'Todo deleted.');
  }

  // ---------------------------------------------------------------------------- files

  /** Checks each picked file against the size limit, then uploads the rest in parallel. */
  uploadFiles(todoId: string, files: Iterable<File>): void {
    const max = this.#d.maxUploadBytes;
    const rejected: string[] = [];
    for (const file of files) {
      if (file.size > max) {
        rejected.push(
          `${quote(file.name)} is ${formatBytes(file.size)}; files can be at most ${formatBytes(max)}.`,
        );
      } else {
        void this.#upload(todoId, file);
      }
    }
    this.#setDetail((d) => ({ ...d, rejected }));
    if (rejected.length > 0) this.#d.announce(rejected.join(' '));
  }

  #patchUpload(id: string, change: Partial<Upload>) {
    this.#setDetail((d) => ({
      ...d,
      uploads: d.uploads.map((u) => (u.id === id ? { ...u, ...change } : u)),
    }));
  }

  #removeUpload(id: string) {
    this.#setDetail((d) => ({ ...d, uploads: d.uploads.filter((u) => u.id !== id) }));
  }

  #putFile(file: FileInfo) {
    this.#setDetail((d) => {
      if (d.todoId !== file.todoId) return d;
      const others = d.files.filter((f) => f.fileId !== file.fileId);
      // Newest first, like the API (ULIDs sort by time).
      const files = [...others, file].sort((a, b) => (a.fileId < b.fileId ? 1 : -1));
      return { ...d, files };
    });
  }

  async #upload(todoId: string, file: File): Promise<void> {
    const id = `upload-${++this.#uploadSeq}`;
    const controller = new AbortController();
    this.#uploads.set(id, controller);
    this.#setDetail((d) => ({
      ...d,
      uploads: [
        ...d.uploads,
        {
          id,
          todoId,
          fileId: null,
          fileName: file.name,
          size: file.size,
          loaded: 0,
          phase: 'uploading',
          error: null,
        },
      ],
    }));
    let fileId: string | null = null;
    // Once the PUT has succeeded the bytes are in S3: from then on nothing may delete the record.
    let sent = false;
    let lastUpdate = 0;
    try {
      const ticket = await this.#d.api.createUpload(todoId, file);
      fileId = ticket.file.fileId;
      this.#patchUpload(id, { fileId });
      if (controller.signal.aborted) throw new UploadCancelledError();
      await this.#d.api.uploadBytes(ticket.upload, file, {
        signal: controller.signal,
        onProgress: ({ loaded }) => {
          // A state change per progress event is wasteful; ~10 per second is smooth enough.
          const now = performance.now();
          if (now - lastUpdate < 100 && loaded < file.size) return;
          lastUpdate = now;
          this.#patchUpload(id, { loaded });
        },
      });
      sent = true;
      this.#patchUpload(id, { loaded: file.size, phase: 'processing' });
      await this.#finishUpload(id, todoId, file.name, ticket.file, controller.signal);
    } catch (error) {
      if (error instanceof UploadCancelledError) {
        this.#removeUpload(id);
        this.#d.announce(`Cancelled the upload of ${quote(file.name)}.`);
      } else if (error instanceof SessionExpiredError) {
        this.#fail(error);
      } else {
        const message = this.#fail(error, 'file');
        this.#patchUpload(id, { phase: 'failed', error: message });
        this.#d.announce(`Could not upload ${quote(file.name)}. ${message}`);
      }
      // The bytes never reached S3: the pending record would expire on its own, and removing it
      // now keeps the list honest.
      if (fileId && !sent && !(error instanceof SessionExpiredError)) {
        this.#d.api.deleteFile(todoId, fileId).catch(() => undefined);
      }
    } finally {
      this.#uploads.delete(id);
    }
  }

  /**
   * After a successful PUT: waits for the file to turn available, then lists it. The bytes are
   * safe in S3 whatever happens here, so a failed check (network blip, 503) is retried, and if
   * the file is still not confirmed in time it is listed as pending (the next visit reloads it).
   */
  async #finishUpload(id: string, todoId: string, fileName: string, pending: FileInfo, signal: AbortSignal) {
    let latest: FileInfo;
    try {
      latest = await this.#waitUntilAvailable(todoId, pending, signal);
    } catch (error) {
      this.#removeUpload(id);
      if (error instanceof UploadCancelledError) {
        // Signed out, the todo was deleted, or Cancel came too late: the bytes are in S3 anyway,
        // so the file stays (listed as pending if this todo is still open).
        this.#putFile(pending);
        return;
      }
      if (error instanceof SessionExpiredError) {
        this.#fail(error);
        return;
      }
      // 404: the file or its todo was deleted meanwhile; there is nothing left to show.
      this.#setDetail((d) => ({ ...d, files: d.files.filter((f) => f.fileId !== pending.fileId) }));
      return;
    }
    this.#removeUpload(id);
    this.#putFile(latest);
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

  cancelUpload(uploadId: string) {
    this.#uploads.get(uploadId)?.abort();
  }

  dismissUpload(uploadId: string) {
    this.#removeUpload(uploadId);
  }

  #abortUploads() {
    for (const controller of this.#uploads.values()) controller.abort();
  }

  #fileError(fileId: string, message: string | null) {
    this.#setDetail((d) => ({
      ...d,
      fileErrors: message ? { ...d.fileErrors, [fileId]: message } : withoutKey(d.fileErrors, fileId),
    }));
  }

  /** Asks for a fresh presigned URL and lets the browser download it (Content-Disposition). */
  async downloadFile(todoId: string, fileId: string): Promise<void> {
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
      const message = this.#fail(error, 'file');
      this.#fileError(fileId, message);
    }
  }

  async deleteFile(todoId: string, fileId: string): Promise<void> {
    const file = this.#state.detail.files.find((f) => f.fileId === fileId);
    this.#fileError(fileId, null);
    try {
      await this.#d.api.deleteFile(todoId, fileId);
    } catch (error) {
      if (!(error instanceof ApiError && error.status === 404)) {
        this.#fileError(fileId, this.#fail(error, 'file'));
        return;
      }
    }
    this.#setDetail((d) => ({ ...d, files: d.files.filter((f) => f.fileId !== fileId) }));
    this.#d.announce(file ? `Deleted ${quote(file.fileName)}.` : 'File deleted.');
  }
}
