/** Shapes of the two APIs, as documented in docs/api.md. */

// The API's shapes are the backend's own types (type-only imports: nothing of the backend is bundled).
export type {
  FileInfo,
  FileStatus,
  FileWithDownload,
  MultipartUpload,
  SingleUpload,
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

import type { FileInfo } from '../../backend/src/files/model';
import type { Priority, Repeat, Todo, TodoChanges } from '../../backend/src/todos/model';

/** What PATCH accepts: the field edits, and `completed: false` to reopen. */
export type TodoPatch = TodoChanges & { completed?: boolean };

/** `GET /account/export` (docs/api.md "Account"): every todo with its files, in parts. */
export interface AccountExport {
  exportedAt: string;
  todos: (Todo & { files: (FileInfo & { downloadUrl: string | null })[] })[];
  nextCursor: string | null;
}

/** `DELETE /account`: one batch; the client calls again until `done`. */
export interface AccountDeletion {
  done: boolean;
  todosDeleted: number;
  objectsDeleted: number;
}

export interface NewTodo {
  title: string;
  description?: string;
  dueDate?: string | null;
  priority?: Priority;
  labels?: string[];
  repeat?: Repeat | null;
  remindAt?: string | null;
}
