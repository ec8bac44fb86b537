import type { Todo, TodoChanges, TodoStatusFilter } from './model';

export interface ListOptions {
  status: TodoStatusFilter;
  /** Lower-cased search text, matched as a substring of title or description. */
  search?: string;
  limit: number;
  /** Exclusive start: the id of the last todo of the previous page. */
  afterTodoId?: string;
}

/** Port for todo persistence; every operation is scoped to one user's partition. */
export interface TodoStore {
  create(userId: string, todo: Todo): Promise<void>;
  get(userId: string, todoId: string): Promise<Todo | undefined>;
  /** Applies changes if the todo exists; undefined when it does not (never re-creates it). */
  update(userId: string, todoId: string, changes: TodoChanges, now: string): Promise<Todo | undefined>;
  /** Marks completed, keeping the first completion time; undefined when the todo does not exist. */
  complete(userId: string, todoId: string, now: string): Promise<Todo | undefined>;
  /** True when a todo was deleted, false when there was none. */
  delete(userId: string, todoId: string): Promise<boolean>;
  /** Newest first; `hasMore` says whether another page exists after `items`. */
  list(userId: string, options: ListOptions): Promise<{ items: Todo[]; hasMore: boolean }>;
}
