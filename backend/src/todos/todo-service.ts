import { NotFoundError } from '../lib/errors';
import { newId, requireId } from '../lib/ids';
import type { ReminderScheduler } from '../reminders/reminder-scheduler';
import { syncReminder } from '../reminders/reminder-sync';
import type { ChecklistItem, Todo } from './model';
import type { CreateTodoBody, UpdateTodoBody } from './schemas';
import type { TodoReader, TodoWriter } from './todo-store';

/** What the write routes need besides the store: the per-user limit (stack parameter). */
export interface TodoLimits {
  maxTodos: number;
}

/** Todos deleted per `DELETE /todos?status=completed` call; `more` asks for another call. */
export const CLEAR_BATCH_MAX = 100;

function found(todo: Todo | undefined): Todo {
  if (!todo) throw new NotFoundError('Todo');
  return todo;
}

/** Items sent without an itemId are new: the server names them. */
function withItemIds(items: { itemId?: string | undefined; text: string; done?: boolean | undefined }[]) {
  return items.map(
    (item): ChecklistItem => ({ itemId: item.itemId ?? newId(), text: item.text, done: item.done ?? false }),
  );
}

/** The server's date when the client sent none; clients send their local date. */
const utcToday = () => new Date().toISOString().slice(0, 10);

export async function addTodo(
  store: TodoWriter,
  limits: TodoLimits,
  userId: string,
  input: CreateTodoBody,
  reminders?: ReminderScheduler,
): Promise<Todo> {
  const now = new Date().toISOString();
  const todoId = newId();
  const todo: Todo = {
    todoId,
    title: input.title,
    description: input.description ?? '',
    notes: input.notes ?? '',
    dueDate: input.dueDate ?? null,
    completed: false,
    completedAt: null,
    createdAt: now,
    updatedAt: now,
    priority: input.priority ?? 'none',
    labels: input.labels ?? [],
    checklist: withItemIds(input.checklist ?? []),
    repeat: input.repeat ?? null,
    // Ids grow with time: by default a new todo goes last in the manual order.
    position: input.position ?? todoId,
    remindAt: input.remindAt ?? null,
    nextTodoId: null,
  };
  await store.create(userId, todo, limits.maxTodos);
  if (reminders && todo.remindAt) await syncReminder(reminders, userId, todo, { justSet: true });
  return todo;
}

export async function getTodo(store: TodoReader, userId: string, todoId: string | undefined): Promise<Todo> {
  return found(await store.get(userId, requireId(todoId, 'Todo')));
}

/**
 * Field edits and completion: `completed: true` completes as `POST /todos/{id}/complete` does (a
 * repeating todo moves on once, from the todo as edited), `false` reopens. Both together are one
 * write, so a refused completion (say, the todo limit) leaves the edits unsaved too.
 */
export async function updateTodo(
  store: TodoWriter,
  limits: TodoLimits,
  userId: string,
  todoId: string | undefined,
  body: UpdateTodoBody,
  today: string = utcToday(),
  reminders?: ReminderScheduler,
): Promise<Todo> {
  const id = requireId(todoId, 'Todo');
  const { completed, checklist, ...fields } = body;
  const now = new Date().toISOString();
  const changes = { ...fields, ...(checklist ? { checklist: withItemIds(checklist) } : {}) };
  const options = { now, today, maxTodos: limits.maxTodos };
  const edits = Object.keys(changes).length > 0;
  let todo: Todo | undefined;
  if (edits && completed !== undefined)
    todo = await store.updateWithCompletion(userId, id, changes, completed, options);
  else if (edits) todo = await store.update(userId, id, changes, now);
  else if (completed === true) todo = await store.complete(userId, id, options);
  else if (completed === false) todo = await store.reopen(userId, id, now);
  const result = found(todo);
  const touchesReminder =
    body.remindAt !== undefined || (completed !== undefined && result.remindAt !== null);
  if (reminders && touchesReminder) {
    await syncReminders(store, reminders, userId, result, body.remindAt !== undefined);
  }
  return result;
}

export async function completeTodo(
  store: TodoWriter,
  limits: TodoLimits,
  userId: string,
  todoId: string | undefined,
  today: string = utcToday(),
  reminders?: ReminderScheduler,
): Promise<Todo> {
  const now = new Date().toISOString();
  const todo = found(
    await store.complete(userId, requireId(todoId, 'Todo'), { now, today, maxTodos: limits.maxTodos }),
  );
  if (reminders && todo.remindAt !== null) await syncReminders(store, reminders, userId, todo);
  return todo;
}

/**
 * The schedule follows the todo; a completed repeating todo hands its reminder to the next
 * occurrence (created in the same transaction, with `remindAt` moved by the same amount).
 */
async function syncReminders(
  store: TodoWriter,
  reminders: ReminderScheduler,
  userId: string,
  todo: Todo,
  justSet = false,
) {
  await syncReminder(reminders, userId, todo, { justSet });
  if (!todo.completed || !todo.nextTodoId) return;
  const next = await store.get(userId, todo.nextTodoId);
  if (next) await syncReminder(reminders, userId, next);
}

export async function setTodoNotes(
  store: TodoWriter,
  userId: string,
  todoId: string | undefined,
  notes: string,
): Promise<Todo> {
  return found(await store.update(userId, requireId(todoId, 'Todo'), { notes }, new Date().toISOString()));
}

export async function deleteTodo(
  store: TodoWriter,
  userId: string,
  todoId: string | undefined,
): Promise<void> {
  if (!(await store.delete(userId, requireId(todoId, 'Todo')))) throw new NotFoundError('Todo');
}

export function clearCompleted(
  store: TodoWriter,
  userId: string,
): Promise<{ deleted: number; more: boolean }> {
  return store.clearCompleted(userId, CLEAR_BATCH_MAX);
}
