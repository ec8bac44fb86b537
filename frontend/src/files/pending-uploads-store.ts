/** A multipart upload this browser started and has not completed: enough to resume it after a reload. */
export interface PendingRecord {
  fileId: string;
  todoId: string;
  name: string;
  size: number;
  lastModified: number;
  partSize: number;
}

const KEY = 'todos.pending-uploads';

/**
 * Pending uploads kept in localStorage (they must survive a reload and a closed tab). Only file
 * metadata is stored, never bytes: to resume, the user picks the same file again, recognised by
 * name, size and last-modified time.
 */
export class PendingUploads {
  readonly #storage: Storage | null;

  constructor(storage: Storage | null = globalThis.localStorage ?? null) {
    this.#storage = storage;
  }

  all(): PendingRecord[] {
    try {
      const parsed: unknown = JSON.parse(this.#storage?.getItem(KEY) ?? '[]');
      return Array.isArray(parsed) ? (parsed as PendingRecord[]) : [];
    } catch {
      return [];
    }
  }

  get(fileId: string): PendingRecord | undefined {
    return this.all().find((r) => r.fileId === fileId);
  }

  save(record: PendingRecord) {
    this.#write([...this.all().filter((r) => r.fileId !== record.fileId), record]);
  }

  remove(fileId: string) {
    const all = this.all();
    if (all.some((r) => r.fileId === fileId)) this.#write(all.filter((r) => r.fileId !== fileId));
  }

  #write(records: PendingRecord[]) {
    try {
      this.#storage?.setItem(KEY, JSON.stringify(records));
    } catch {
      // Storage full or disabled: the upload still runs, it just cannot be matched after a reload.
    }
  }
}

/** Whether `file` is the one a pending upload was reading (same name, size and, if known, date). */
export function sameFile(
  file: File,
  expected: { name: string; size: number; lastModified?: number | undefined },
): boolean {
  return (
    file.name === expected.name &&
    file.size === expected.size &&
    (expected.lastModified === undefined || file.lastModified === expected.lastModified)
  );
}

export const notTheSameFile = (file: File, pending: { fileName: string; size: number }) =>
  `“${file.name}” is not the file being uploaded: pick “${pending.fileName}” (${pending.size.toLocaleString('en-US')} bytes) again.`;
