import { describe, expect, it } from 'vitest';
import type { FileLedger, FileStore, MultipartStorage, ObjectStorage } from '../files/file-store';
import type { FileRecord } from '../files/model';
import type { Todo } from '../todos/model';
import type { ListOptions } from '../todos/todo-store';
import { deleteAccount } from './delete-account';
import { exportAccount } from './export-account';

/** The account operations over in-memory stores that behave like the DynamoDB/S3 adapters. */
function world() {
  const todos = new Map<string, Todo & { userId: string }>();
  const files = new Map<string, FileRecord>();
  const objects = new Set<string>();
  const deletedUsers: string[] = [];
  let n = 0;
  const id = () => `01J${String(n++).padStart(23, '0')}`;
  const addTodo = (userId: string, withFiles = 0) => {
    const todoId = id();
    todos.set(todoId, {
      userId,
      todoId,
      title: `t${todoId}`,
      description: '',
      notes: '',
      dueDate: null,
      completed: false,
      completedAt: null,
      createdAt: '2025-01-01T00:00:00.000Z',
      updatedAt: '2025-01-01T00:00:00.000Z',
      remindAt: null,
    } as Todo & { userId: string });
    for (let i = 0; i < withFiles; i++) {
      const fileId = id();
      const objectKey = `${userId}/${todoId}/${fileId}`;
      files.set(fileId, {
        fileId,
        todoId,
        userId,
        objectKey,
        fileName: 'a.txt',
        contentType: 'text/plain',
        size: 1,
        status: 'available',
        createdAt: '2025-01-01T00:00:00.000Z',
        uploadedAt: '2025-01-01T00:00:00.000Z',
      });
      objects.add(objectKey);
    }
    return todoId;
  };
  let failDeletesAfter = Number.POSITIVE_INFINITY;
  const todoStore = {
    async list(userId: string, o: ListOptions) {
      const mine = [...todos.values()]
        .filter((t) => t.userId === userId)
        .sort((a, b) => b.todoId.localeCompare(a.todoId))
        .filter((t) => !o.after || t.todoId < o.after.todoId);
      const items = mine.slice(0, o.limit).map(({ userId: _owner, ...todo }) => todo as Todo);
      return { items, next: mine.length > o.limit ? { todoId: items.at(-1)!.todoId } : null };
    },
    async delete(userId: string, todoId: string) {
      if (failDeletesAfter-- <= 0) throw new Error('crash halfway');
      steps.push(`todo:${todoId}`);
      return todos.get(todoId)?.userId === userId && todos.delete(todoId);
    },
  };
  const fileStore = {
    async listForTodo(userId: string, todoId: string) {
      return [...files.values()].filter((f) => f.todoId === todoId && f.userId === userId);
    },
  } as unknown as FileStore;
  const ledger = {
    release: async (record: FileRecord) => files.delete(record.fileId),
  } as unknown as FileLedger;
  const bookkept = new Set<string>();
  /** The order of steps: `closed:<user>` when marked closed, `todo:<id>` per todo deleted. */
  const steps: string[] = [];
  const objectStorage = {
    deleteObject: async (key: string) => void objects.delete(key),
  } as unknown as ObjectStorage;
  return {
    todos,
    files,
    objects,
    deletedUsers,
    bookkept,
    steps,
    addTodo,
    failAfter: (count: number) => {
      failDeletesAfter = count;
    },
    deleteDeps: {
      todos: todoStore,
      files: fileStore,
      objects: objectStorage,
      ledger,
      multipart: {} as MultipartStorage,
      bookkeeping: {
        markClosed: async (userId: string) => void steps.push(`closed:${userId}`),
        deleteCounters: async (userId: string) => void bookkept.add(userId),
      },
      userObjects: {
        listKeys: async (userId: string, limit: number) =>
          [...objects].filter((k) => k.startsWith(`${userId}/`)).slice(0, limit),
        deleteKeys: async (keys: string[]) => {
          for (const k of keys) objects.delete(k);
        },
      },
      users: { deleteUser: async (userId: string) => void deletedUsers.push(userId) },
    },
    exportDeps: {
      todos: todoStore,
      files: fileStore,
      downloadUrl: async (f: { objectKey: string }) => `https://s3/${f.objectKey}`,
    },
  };
}

const plenty = { remainingMs: () => 60_000 };
const ownedBy = (w: ReturnType<typeof world>, userId: string) => ({
  todos: [...w.todos.values()].filter((t) => t.userId === userId).length,
  files: [...w.files.values()].filter((f) => f.userId === userId).length,
  objects: [...w.objects].filter((k) => k.startsWith(`${userId}/`)).length,
});

describe('deleteAccount', () => {
  it("removes every todo, file record and object of the caller, then the user, and nobody else's", async () => {
    const w = world();
    for (let i = 0; i < 60; i++) w.addTodo('ann', i % 3);
    w.addTodo('bob', 2);
    const progress = await deleteAccount(w.deleteDeps, 'ann', plenty);
    expect(progress).toMatchObject({ done: true, todosDeleted: 60 });
    expect(ownedBy(w, 'ann')).toEqual({ todos: 0, files: 0, objects: 0 });
    expect(ownedBy(w, 'bob')).toEqual({ todos: 1, files: 2, objects: 2 });
    expect(w.deletedUsers).toEqual(['ann']);
    expect([...w.bookkept]).toEqual(['ann']);
  });

  it('marks the account closed before deleting anything, so nothing can be added meanwhile', async () => {
    const w = world();
    for (let i = 0; i < 3; i++) w.addTodo('ann', 0);
    await deleteAccount(w.deleteDeps, 'ann', plenty);
    expect(w.steps[0]).toBe('closed:ann');
    expect(w.steps.filter((s) => s.startsWith('todo:'))).toHaveLength(3);
  });

  it('stops between batches when time runs short, keeps the user, and finishes on the next call', async () => {
    const w = world();
    for (let i = 0; i < 80; i++) w.addTodo('ann', 1);
    let calls = 0;
    const shortOfTime = { remainingMs: () => (calls++ < 1 ? 60_000 : 1_000) };
    const first = await deleteAccount(w.deleteDeps, 'ann', shortOfTime);
    const between = ownedBy(w, 'ann');
    const second = await deleteAccount(w.deleteDeps, 'ann', plenty);
    expect(first.done).toBe(false);
    expect(between.todos).toBeGreaterThan(0);
    expect(w.deletedUsers).toEqual(['ann']);
    expect(second.done).toBe(true);
    expect(ownedBy(w, 'ann')).toEqual({ todos: 0, files: 0, objects: 0 });
  });

  it('resumes after a crash halfway, and a call after completion changes nothing', async () => {
    const w = world();
    for (let i = 0; i < 30; i++) w.addTodo('ann', 2);
    w.failAfter(10);
    await expect(deleteAccount(w.deleteDeps, 'ann', plenty)).rejects.toThrow('crash halfway');
    w.failAfter(Number.POSITIVE_INFINITY);
    const retried = await deleteAccount(w.deleteDeps, 'ann', plenty);
    const again = await deleteAccount(w.deleteDeps, 'ann', plenty);
    expect(retried.done).toBe(true);
    expect(again).toEqual({ done: true, todosDeleted: 0, objectsDeleted: 0 });
    expect(ownedBy(w, 'ann')).toEqual({ todos: 0, files: 0, objects: 0 });
  });

  it("removes objects (and their records) left from todos deleted earlier, found under the user's prefix", async () => {
    const w = world();
    const todoId = w.addTodo('ann', 2);
    w.todos.delete(todoId); // deleted, its files still queued on the stream
    const progress = await deleteAccount(w.deleteDeps, 'ann', plenty);
    expect(progress.done).toBe(true);
    expect(ownedBy(w, 'ann')).toEqual({ todos: 0, files: 0, objects: 0 });
  });
});

describe('exportAccount', () => {
  it('answers every todo with its files (metadata and a download URL for available ones) in one go', async () => {
    const w = world();
    for (let i = 0; i < 120; i++) w.addTodo('ann', i === 0 ? 2 : 0);
    w.addTodo('bob', 1);
    const result = await exportAccount(w.exportDeps, 'ann', plenty);
    const withFiles = result.todos.find((t) => t.files.length > 0);
    expect(result.nextCursor).toBeNull();
    expect(result.todos).toHaveLength(120);
    expect(withFiles?.files).toHaveLength(2);
    expect(withFiles?.files[0]).not.toHaveProperty('objectKey');
    expect(withFiles?.files[0]?.downloadUrl).toMatch(/^https:\/\/s3\/ann\//);
  });

  it('answers in parts when time runs short, each part continuing where the last stopped', async () => {
    const w = world();
    for (let i = 0; i < 120; i++) w.addTodo('ann');
    let reads = 0;
    const tight = { remainingMs: () => (++reads % 40 === 0 ? 0 : 60_000) };
    const seen: string[] = [];
    let cursor: string | undefined;
    let parts = 0;
    do {
      const part = await exportAccount(w.exportDeps, 'ann', tight, cursor);
      seen.push(...part.todos.map((t) => t.todoId));
      cursor = part.nextCursor ?? undefined;
      parts++;
    } while (cursor);
    expect(parts).toBeGreaterThan(1);
    expect(new Set(seen).size).toBe(120);
    expect(seen).toHaveLength(120);
  });
});
