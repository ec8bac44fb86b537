import { onTodoDeleted } from '../files/file-events';
import { parseObjectKey } from '../files/model';
import { logger } from '../lib/logger';
import type { TodoStore } from '../todos/todo-store';
import type { Budget, UserBookkeeping, UserDirectory, UserObjects } from './account-ports';

/** Files are removed exactly as for a deleted todo (records, counters, objects, uploads, thumbnails). */
type FileDeps = Parameters<typeof onTodoDeleted>[0];

export interface DeleteAccountDeps extends FileDeps {
  todos: Pick<TodoStore, 'list' | 'delete'>;
  userObjects: UserObjects;
  bookkeeping: UserBookkeeping;
  users: UserDirectory;
}

export interface DeletionProgress {
  /** True once nothing of the account is left and the user is deleted. */
  done: boolean;
  todosDeleted: number;
  objectsDeleted: number;
}

const BATCH = 25;
// Stop starting batches with this much time left: a batch must finish before the function's timeout.
const RESERVE_MS = 3000;

/**
 * Deletes the caller's account in bounded batches, for as long as the invocation has time:
 * each todo's files (object, then record), then the todo; then any object left under the user's
 * prefix (a todo deleted earlier whose files are still queued on the stream, thumbnails); then,
 * once nothing is left, the per-user counters and the Cognito user. Every step is idempotent, so a retry after a crash halfway resumes
 * where it stopped, and a call after completion changes nothing. `done: false` means "call again".
 */
export async function deleteAccount(
  deps: DeleteAccountDeps,
  userId: string,
  budget: Budget,
): Promise<DeletionProgress> {
  const progress: DeletionProgress = { done: false, todosDeleted: 0, objectsDeleted: 0 };
  const timeLeft = () => budget.remainingMs() >= RESERVE_MS;
  // First: from now on nothing can be added that this deletion would miss.
  await deps.bookkeeping.markClosed(userId);

  for (;;) {
    const { items } = await deps.todos.list(userId, {
      status: 'all',
      sort: 'created',
      words: [],
      limit: BATCH,
    });
    if (items.length === 0) break;
    for (const todo of items) {
      await onTodoDeleted(deps, userId, todo.todoId);
      if (await deps.todos.delete(userId, todo.todoId)) progress.todosDeleted++;
    }
    if (!timeLeft()) return stopped(progress);
  }

  for (;;) {
    const keys = await deps.userObjects.listKeys(userId, 100);
    if (keys.length === 0) break;
    const todoIds = new Set(keys.map((k) => parseObjectKey(k)?.todoId).filter((id) => id !== undefined));
    for (const todoId of todoIds) await onTodoDeleted(deps, userId, todoId);
    await deps.userObjects.deleteKeys(keys);
    progress.objectsDeleted += keys.length;
    if (!timeLeft()) return stopped(progress);
  }

  // Last, with nothing else left: the per-user counters (a tombstone takes their place), then the user.
  await deps.bookkeeping.deleteCounters(userId);
  await deps.users.deleteUser(userId);
  logger.info('account deleted', { ...progress, done: true });
  return { ...progress, done: true };
}

function stopped(progress: DeletionProgress): DeletionProgress {
  logger.info('account deletion continues on the next call', { ...progress });
  return progress;
}
