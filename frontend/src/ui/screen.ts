import type { AppState } from '../state';

/** A screen builds its DOM once, then update() re-renders the parts whose state changed. */
export interface Screen {
  readonly root: HTMLElement;
  /** The page's title while this screen shows (the app sets document.title from it). */
  title(state: AppState): string;
  update(state: AppState): void;
  /** Where focus goes when the screen appears (its heading by default). */
  focusTarget?(): HTMLElement | null;
  destroy?(): void;
}
