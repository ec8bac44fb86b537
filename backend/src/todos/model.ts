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
  /** When the owner is emailed a reminder (ISO 8601 with offset), or null. */
  remindAt: string | null;
}

export type TodoStatusFilter = 'open' | 'completed' | 'all';

/** Fields a client may change; `dueDate: null` clears the date, `completed: false` reopens. */
export interface TodoChanges {
  title?: string;
  description?: string;
  dueDate?: string | null;
  completed?: boolean;
  notes?: string;
  /** `null` clears the reminder. */
  remindAt?: string | null;
}

export interface TodoPage {
  items: Todo[];
  nextCursor: string | null;
}
