import type { Actions, AuthPort } from '../actions';
import type { Drafts } from '../drafts';
import type { Router } from '../router';
import type { AppState } from '../state';
import type { Store } from '../store';

/** What every screen gets to work with. */
export interface ScreenContext {
  store: Store<AppState>;
  actions: Actions;
  auth: AuthPort;
  router: Router;
  drafts: Drafts;
  maxUploadBytes: number;
  announce(message: string): void;
  /** window.confirm, injectable for tests. */
  confirm(message: string): boolean;
}

/** A screen builds its DOM once, then update() re-renders the parts whose state changed. */
export interface Screen {
  readonly root: HTMLElement;
  /** Used for document.title. */
  title(state: AppState): string;
  update(state: AppState): void;
  /** Where focus goes when the screen appears (its heading by default). */
  focusTarget?(): HTMLElement | null;
  destroy?(): void;
}
