/** Port onto the attachments bucket, by owner: uploads under `<userId>/`, thumbnails under `thumbnails/<userId>/`. */
export interface UserObjects {
  /** Up to `limit` of the user's keys (uploads first, then thumbnails). */
  listKeys(userId: string, limit: number): Promise<string[]>;
  deleteKeys(keys: string[]): Promise<void>;
}

/** Port onto the per-user items that are not todos or files: the todo counter and search digest, the storage usage. */
export interface UserBookkeeping {
  /** Marks the account closed, first: nothing may be added to it from then on. Repeatable. */
  markClosed(userId: string): Promise<void>;
  /** Deletes them, leaving a tombstone that does not name the user; repeatable. */
  deleteCounters(userId: string): Promise<void>;
}

/** Port onto the user pool. */
export interface UserDirectory {
  /** Deletes the user; nothing happens when the user is already gone. */
  deleteUser(userId: string): Promise<void>;
}

/** When the current invocation must stop starting new work (it answers before it times out). */
export interface Budget {
  remainingMs(): number;
}
