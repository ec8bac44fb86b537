export type Priority = 'none' | 'low' | 'medium' | 'high';
export type RepeatUnit = 'day' | 'week' | 'month' | 'year';

export interface Repeat {
  every: number;
  unit: RepeatUnit;
}

export interface ChecklistItem {
  itemId: string;
  text: string;
  done: boolean;
}

/** A todo as the API returns it. */
export interface Todo {
  todoId: string;
  title: string;
  description: string;
  notes: string;
  dueDate: string | null;
  completed: boolean;
  completedAt: string | null;
  createdAt: string;
  updatedAt: string;
  priority: Priority;
  labels: string[];
  checklist: ChecklistItem[];
  repeat: Repeat | null;
  /** Manual order key, compared as a plain string. */
  position: string;
  remindAt: string | null;
  /** The occurrence created when this repeating todo was completed. */
  nextTodoId: string | null;
}

export type TodoStatusFilter = 'open' | 'completed' | 'all';
export type DueFilter = 'overdue' | 'today' | 'upcoming' | 'none';
export type TodoSort = 'created' | 'due' | 'manual';

/**
 * Field edits a client may make (completion goes through complete/reopen); `null` clears
 * `dueDate`, `repeat` and `remindAt`. Labels and checklist replace the stored ones whole.
 */
export interface TodoChanges {
  title?: string;
  description?: string;
  notes?: string;
  dueDate?: string | null;
  priority?: Priority;
  labels?: string[];
  checklist?: ChecklistItem[];
  repeat?: Repeat | null;
  position?: string;
  remindAt?: string | null;
}

export interface TodoCounts {
  open: number;
  completed: number;
}

export interface TodoPage {
  items: Todo[];
  nextCursor: string | null;
  counts: TodoCounts;
}
