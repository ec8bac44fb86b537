import type { CursorPosition } from './cursor';
import type { DueFilter, Todo, TodoCounts, TodoFieldChanges, TodoSort, TodoStatusFilter } from './model';

export interface ListOptions {
  status: TodoStatusFilter;
  sort: TodoSort;
  /** Search-folded words; each must appear in the title, description or notes. */
  words: string[];
  /** Lower-cased label, matched exactly. */
  label?: string;
  priority?: Todo['priority'];
  due?: DueFilter;
  /** The caller's local date, for `due`. */
  today?: string;
  limit: number;
  /** Exclusive start: where the previous page stopped. */
  after?: CursorPosition;
}

export interface ListResult {
  items: Todo[];
  /** Where to go on from, or null at the end. May come with fewer than `limit` items. */
  next: CursorPosition | null;
}

export interface CompleteOptions {
  now: string;
  /** The caller's local date: a repeating todo's next occurrence falls after it. */
  today: string;
  /** Per-user limit, which the next occurrence counts against. */
  maxTodos: number;
}

/** Port for todo persistence; every operation is scoped to one user's partition. */
export interface TodoStore {
  /** Throws TOO_MANY_TODOS when the user already has `maxTodos`. */
  create(userId: string, todo: Todo, maxTodos: number): Promise<void>;
  get(userId: string, todoId: string): Promise<Todo | undefined>;
  /** Applies field edits if the todo exists; undefined when it does not (never re-creates it). */
  update(userId: string, todoId: string, changes: TodoFieldChanges, now: string): Promise<Todo | undefined>;
  /**
   * Field edits and completion (`completed: true`, as `complete` does, the series moving on from
   * the todo as edited) or reopening, in one transaction: all of it or none. Undefined when there
   * is no such todo.
   */
  updateWithCompletion(
    userId: string,
    todoId: string,
    changes: TodoFieldChanges,
    completed: boolean,
    options: CompleteOptions,
  ): Promise<Todo | undefined>;
  /** Completes an open todo (creating a repeating one's next occurrence); a completed one is answered as is. */
  complete(userId: string, todoId: string, options: CompleteOptions): Promise<Todo | undefined>;
  /** Reopens a completed todo; an open one is answered as is. */
  reopen(userId: string, todoId: string, now: string): Promise<Todo | undefined>;
  /** True when a todo was deleted, false when there was none. */
  delete(userId: string, todoId: string): Promise<boolean>;
  list(userId: string, options: ListOptions): Promise<ListResult>;
  counts(userId: string): Promise<TodoCounts>;
  /** Deletes up to `max` completed todos; `more` says some may remain. */
  clearCompleted(userId: string, max: number): Promise<{ deleted: number; more: boolean }>;
}

/** What the functions that only read need of the store. */
export type TodoReader = Pick<TodoStore, 'get' | 'list' | 'counts'>;

/** What the functions that write need of the store (never a listing). */
export type TodoWriter = Omit<TodoStore, 'list' | 'counts'>;
