/** Shapes of the two APIs, as documented in docs/api.md. */

// The API's shapes are the backend's own types (type-only imports: nothing of the backend is bundled).
export type {
  FileInfo,
  FileStatus,
  FileWithDownload,
  UploadTicket,
} from '../../backend/src/files/model';
export type {
  ChecklistItem,
  DueFilter,
  Priority,
  Repeat,
  RepeatUnit,
  Todo,
  TodoChanges,
  TodoCounts,
  TodoPage,
  TodoSort,
  TodoStatusFilter as StatusFilter,
} from '../../backend/src/todos/model';

import type { Priority, Repeat, TodoChanges } from '../../backend/src/todos/model';

/** What PATCH accepts: the field edits, and `completed: false` to reopen. */
export type TodoPatch = TodoChanges & { completed?: boolean };

export interface NewTodo {
  title: string;
  description?: string;
  dueDate?: string | null;
  priority?: Priority;
  labels?: string[];
  repeat?: Repeat | null;
}
