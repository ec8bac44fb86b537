import type { FileRecord } from './model';

export type MarkResult = 'marked' | 'already-available' | 'missing';

/** Port for attachment records. Records are keyed by todo; every method checks the owner. */
export interface FileStore {
  /**
   * Stores a pending record, atomically with a check that its todo still exists for its owner;
   * false (nothing written) when it does not.
   */
  createIfTodoExists(record: FileRecord): Promise<boolean>;
  /** The record, only when it exists and belongs to `userId`. */
  get(userId: string, todoId: string, fileId: string): Promise<FileRecord | undefined>;
  /** The todo's records that belong to `userId`, newest first. */
  listForTodo(userId: string, todoId: string): Promise<FileRecord[]>;
  /** Pending → available with the real size; harmless when repeated. */
  markAvailable(
    userId: string,
    todoId: string,
    fileId: string,
    size: number,
    now: string,
  ): Promise<MarkResult>;
  /** Deletes if present and owned by `userId`; true when something was deleted. */
  delete(userId: string, todoId: string, fileId: string): Promise<boolean>;
}

/** Port onto the todos table: does this user own this todo? */
export interface TodoOwnership {
  ownsTodo(userId: string, todoId: string): Promise<boolean>;
}

/** Port onto the attachments bucket. */
export interface ObjectStorage {
  presignUpload(key: string, contentType: string, size: number, expiresInSeconds: number): Promise<string>;
  presignDownload(
    key: string,
    fileName: string,
    contentType: string,
    expiresInSeconds: number,
  ): Promise<string>;
  deleteObject(key: string, bucket?: string): Promise<void>;
}
