/** Port onto the attachments bucket, by owner: every object key starts with `<userId>/`. */
export interface UserObjects {
  /** Up to `limit` keys under `<userId>/`, in key order. */
  listKeys(userId: string, limit: number): Promise<string[]>;
  deleteKeys(keys: string[]): Promise<void>;
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
