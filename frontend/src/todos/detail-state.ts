import type { Phase } from '../state';
import type { Todo } from '../types';

/** The todo the detail screen shows (its files are the files feature's slice). */
export interface DetailState {
  todoId: string | null;
  phase: Phase | 'missing';
  todo: Todo | null;
  error: string | null;
}

export const emptyDetail: DetailState = { todoId: null, phase: 'idle', todo: null, error: null };
