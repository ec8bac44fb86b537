import { SessionExpiredError } from './errors';
import { emptyFiles, type FilesState } from './files/files-state';
import type { Route, RouteName } from './router';
import type { Store } from './store';
import { type DetailState, emptyDetail } from './todos/detail-state';
import { emptyList, type ListState } from './todos/list-state';
import { describeError, type Subject } from './ui/messages';

export type Phase = 'idle' | 'loading' | 'ready' | 'error';

export interface Notice {
  text: string;
  tone: 'info' | 'error';
  route: RouteName;
}

/** The whole app's state: each feature owns its slice and only its actions replace it. */
export interface AppState {
  route: Route;
  /** session/ */
  user: { email: string } | null;
  /** A message for the next screen, e.g. "Your session has expired." on the login screen. */
  notice: Notice | null;
  /** todos/ */
  list: ListState;
  detail: DetailState;
  /** files/ */
  files: FilesState;
}

/**
 * How features tell each other what happened (events on the store), so none calls another:
 *  - `session:expired`: an API call found the session dead (the session feature ends it);
 *  - `session:ending`: the user is signing out; a feature hands over work that must reach the
 *    server while the session still holds (a delete waiting for its undo) with `waitUntil`;
 *  - `session:ended`: the user is signed out, by choice, by expiry or in another tab (features
 *    drop their state, running uploads stop);
 *  - `todo:opened`: the detail screen shows this todo (its files load);
 *  - `todo:deleted`: a todo is gone (its uploads stop);
 *  - `data:changed`: this tab changed a todo or a file (the other tabs are told, see tabs.ts);
 *  - `account:closed`: the account signed out everywhere or was deleted (the session ends here).
 */
export interface AppEvents {
  'session:expired': undefined;
  'session:ending': { waitUntil(work: Promise<unknown>): void };
  'session:ended': { reason: 'expired' | 'signed-out' | 'signed-out-elsewhere' };
  'todo:opened': { todoId: string };
  'todo:deleted': { todoId: string };
  'data:changed': undefined;
  'account:closed': { message: string };
}

export function initialState(route: Route): AppState {
  return { route, user: null, notice: null, list: emptyList, detail: emptyDetail, files: emptyFiles };
}

export function withoutKey<T>(record: Readonly<Record<string, T>>, key: string): Record<string, T> {
  const { [key]: _removed, ...rest } = record;
  return rest;
}

export type AppStore = Store<AppState, AppEvents>;

/**
 * The message to show for a failed call; an expired session is also reported on the store, for
 * the session feature to end it (every feature's failures go through here).
 */
export function describeFailure(store: AppStore, error: unknown, subject: Subject = 'todo'): string {
  if (error instanceof SessionExpiredError) store.emit('session:expired', undefined);
  return describeError(error, subject);
}
