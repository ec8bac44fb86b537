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
  Todo,
  TodoChanges,
  TodoPage,
  TodoStatusFilter as StatusFilter,
} from '../../backend/src/todos/model';

export interface NewTodo {
  title: string;
  description?: string;
  dueDate?: string | null;
}
