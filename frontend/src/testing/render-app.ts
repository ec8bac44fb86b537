import { vi } from 'vitest';
import { type App, startApp } from '../app';
import type { UploadDeps } from '../files/uploads';
import { Router } from '../router';
import type { Session } from '../session/auth';
import type { TabChannel, TabMessage } from '../tabs';
import type { Todo } from '../types';
import { Drafts } from '../ui/drafts';
import { settle } from './dom-helpers';
import { FakeAuth } from './fake-auth';
import { FakeApi } from './fake-backend';

export interface TestApp {
  app: App;
  api: FakeApi;
  auth: FakeAuth;
  router: Router;
  drafts: Drafts;
  confirm: ReturnType<typeof vi.fn<(message: string) => boolean>>;
  downloads: { url: string; fileName: string }[];
  /** Files the app made and saved (the data export). */
  saved: { blob: Blob; fileName: string }[];
  stop(): void;
}

export const ALICE: Session = {
  email: 'alice@example.com',
  accessToken: 'token',
  expiresAt: Date.now() + 3600_000,
};

let running: TestApp | null = null;

/** Starts the whole app in happy-dom at `path`, against the fake API and auth. */
export async function renderApp(
  options: {
    path?: string;
    todos?: Todo[];
    signedIn?: boolean;
    stored?: Session | 'expired' | null;
    maxUploadBytes?: number;
    api?: FakeApi;
    drafts?: Drafts;
    poll?: UploadDeps['poll'];
    tabs?: TabChannel;
  } = {},
): Promise<TestApp> {
  running?.stop();
  history.replaceState(null, '', options.path ?? '/');
  document.body.replaceChildren();
  const root = document.createElement('div');
  document.body.append(root);
  const api = options.api ?? new FakeApi(options.todos ?? []);
  const auth = new FakeAuth();
  auth.addUser('alice@example.com', 'Secret123');
  auth.stored = options.stored !== undefined ? options.stored : options.signedIn === false ? null : ALICE;
  const router = new Router(window);
  const drafts = options.drafts ?? new Drafts(sessionStorage);
  const confirm = vi.fn<(message: string) => boolean>(() => true);
  const downloads: { url: string; fileName: string }[] = [];
  const saved: { blob: Blob; fileName: string }[] = [];
  const app = await startApp(root, {
    api,
    auth,
    router,
    drafts,
    maxUploadBytes: options.maxUploadBytes ?? 10 * 1024 * 1024,
    confirm,
    download: (url, fileName) => downloads.push({ url, fileName }),
    poll: options.poll ?? { intervalMs: 0, attempts: 5 },
    tabs: options.tabs ?? null,
    saveBlob: (blob, fileName) => saved.push({ blob, fileName }),
  });
  await settle();
  running = { app, api, auth, router, drafts, confirm, downloads, saved, stop: () => app.stop() };
  return running;
}

export const currentPath = () => location.pathname + location.search;

/** Stands in for the BroadcastChannel between tabs: records what this tab says, delivers what others say. */
export class FakeTabs implements TabChannel {
  sent: TabMessage[] = [];
  readonly #listeners = new Set<(event: MessageEvent<TabMessage>) => void>();
  postMessage(message: TabMessage) {
    this.sent.push(message);
  }
  addEventListener(_type: 'message', listener: (event: MessageEvent<TabMessage>) => void) {
    this.#listeners.add(listener);
  }
  removeEventListener(_type: 'message', listener: (event: MessageEvent<TabMessage>) => void) {
    this.#listeners.delete(listener);
  }
  close() {
    this.#listeners.clear();
  }
  /** Another tab says `message`. */
  receive(message: TabMessage) {
    for (const listener of this.#listeners) listener(new MessageEvent('message', { data: message }));
  }
}
