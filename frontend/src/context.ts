import type { AccountActions } from './account/account-actions';
import type { FileActions } from './files/file-actions';
import type { UploadActions } from './files/uploads';
import type { Router } from './router';
import type { SessionActions } from './session/session-actions';
import type { AppStore } from './state';
import type { ListActions } from './todos/list-actions';
import type { TodoActions } from './todos/todo-actions';
import type { Drafts } from './ui/drafts';

/** Each feature's actions: what the user can do. */
export interface Features {
  session: SessionActions;
  list: ListActions;
  todo: TodoActions;
  files: FileActions;
  uploads: UploadActions;
  account: AccountActions;
}

/** What every screen gets to work with. */
export interface ScreenContext extends Features {
  store: AppStore;
  router: Router;
  drafts: Drafts;
  maxUploadBytes: number;
  announce(message: string): void;
  /** window.confirm, injectable for tests. */
  confirm(message: string): boolean;
}
