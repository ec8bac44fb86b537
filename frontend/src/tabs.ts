import type { Features } from './context';
import type { AppStore } from './state';

/** What one tab tells the other tabs of the same browser. */
export type TabMessage = { type: 'signed-out' } | { type: 'changed' };

/** A BroadcastChannel, or a stand-in for tests. */
export interface TabChannel {
  postMessage(message: TabMessage): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<TabMessage>) => void): void;
  removeEventListener(type: 'message', listener: (event: MessageEvent<TabMessage>) => void): void;
  close(): void;
}

export const openTabChannel = (): TabChannel | null =>
  typeof BroadcastChannel === 'undefined' ? null : new BroadcastChannel('todos-app');

/** A focused tab refreshes at most this often (focus and visibility changes come in bursts). */
const REFRESH_GAP_MS = 1000;

/**
 * Keeps the open tabs of one browser in step: signing out in one signs out all of them, and a
 * change made in one (a todo or file added, changed or deleted) refreshes what the others show.
 * A tab that regains focus refreshes too, for changes made elsewhere (another browser, a phone).
 */
export function syncTabs(store: AppStore, features: Features, channel: TabChannel | null): () => void {
  let lastRefresh = 0;
  const refresh = () => {
    const { user, route } = store.state;
    if (!user) return;
    lastRefresh = Date.now();
    if (route.name === 'list') features.list.refresh(route);
    else if (route.name === 'todo') {
      features.todo.refresh(route.todoId);
      features.files.refresh(route.todoId);
    }
  };
  const onMessage = (event: MessageEvent<TabMessage>) => {
    if (event.data?.type === 'signed-out') features.session.endedElsewhere();
    else if (event.data?.type === 'changed') refresh();
  };
  const onFocus = () => {
    if (document.visibilityState !== 'hidden' && Date.now() - lastRefresh > REFRESH_GAP_MS) refresh();
  };
  const stops = [
    store.on('session:ended', ({ reason }) => {
      if (reason === 'signed-out') channel?.postMessage({ type: 'signed-out' });
    }),
    store.on('data:changed', () => channel?.postMessage({ type: 'changed' })),
  ];
  channel?.addEventListener('message', onMessage);
  window.addEventListener('focus', onFocus);
  document.addEventListener('visibilitychange', onFocus);
  return () => {
    for (const stop of stops) stop();
    channel?.removeEventListener('message', onMessage);
    channel?.close();
    window.removeEventListener('focus', onFocus);
    document.removeEventListener('visibilitychange', onFocus);
  };
}
