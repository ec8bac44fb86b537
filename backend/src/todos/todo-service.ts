import { NotFoundError } from '../lib/errors';
import { newId, requireId } from '../lib/ids';
import type { ReminderScheduler } from '../reminders/reminder-scheduler';
import { syncReminder } from '../reminders/reminder-sync';
import type { CursorCodec } from './cursor';
import type { Todo, TodoPage } from './model';
import type { CreateTodoBody, ListTodosQuery, UpdateTodoBody } from './schemas';
import type { TodoStore } from './todo-store';

const DEFAULT_PAGE_SIZE = 25;

function found(todo: Todo | undefined): Todo {
  if (!todo) throw new NotFoundError('Todo');
  return todo;
}

// Reminders: the routes that can change one pass the scheduler. Deleting a todo cancels its
// reminder through the TodosTable stream (todoDeleted), which sees every delete, bulk ones included.

export async function addTodo(
  store: TodoStore,
  userId: string,
  input: CreateTodoBody,
  reminders?: ReminderScheduler,
): Promise<Todo> {
  const now = new Date().toISOString();
  const todo: Todo = {
    todoId: newId(),
    title: input.title,
    description: input.description ?? '',
    notes: '',
    dueDate: input.dueDate ?? null,
    completed: false,
    completedAt: null,
    createdAt: now,
    updatedAt: now,
    remindAt: input.remindAt ?? null,
  };
  await store.create(userId, todo);
  if (reminders && todo.remindAt) await syncReminder(reminders, userId, todo);
  return todo;
}

export async function getTodo(store: TodoStore, userId: string, todoId: string | undefined): Promise<Todo> {
  return found(await store.get(userId, requireId(todoId, 'Todo')));
}

export async function updateTodo(
  store: TodoStore,
  userId: string,
  todoId: string | undefined,
  changes: UpdateTodoBody,
  reminders?: ReminderScheduler,
): Promise<Todo> {
  const todo = found(
    await store.update(userId, requireId(todoId, 'Todo'), changes, new Date().toISOString()),
  );
  const touchesReminder =
    changes.remindAt !== undefined || (changes.completed !== undefined && todo.remindAt !== null);
  if (reminders && touchesReminder) await syncReminder(reminders, userId, todo);
  return todo;
}

export async function completeTodo(
  store: TodoStore,
  userId: string,
  todoId: string | undefined,
  reminders?: ReminderScheduler,
): Promise<Todo> {
  const todo = found(await store.complete(userId, requireId(todoId, 'Todo'), new Date().toISOString()));
  if (reminders && todo.remindAt !== null) await reminders.cancel(todo.todoId);
  return todo;
}

export async function setTodoNotes(
  store: TodoStore,
  userId: string,
  todoId: string | undefined,
  notes: string,
): Promise<Todo> {
  return updateTodo(store, userId, todoId, { notes });
}

export async function deleteTodo(
  store: TodoStore,
  userId: string,
  todoId: string | undefined,
): Promise<void> {
  if (!(await store.delete(userId, requireId(todoId, 'Todo')))) throw new NotFoundError('Todo');
}

export async function listTodos(
  store: TodoStore,
  cursors: CursorCodec,
  userId: string,
  query: ListTodosQuery,
): Promise<TodoPage> {
  const limit = query.limit ?? DEFAULT_PAGE_SIZE;
  const afterTodoId = query.cursor ? cursors.decode(userId, query.cursor) : undefined;
  const search = query.q ? query.q.toLowerCase() : undefined;
  const { items, hasMore } = await store.list(userId, {
    status: query.status ?? 'all',
    ...(search ? { search } : {}),
    limit,
    ...(afterTodoId ? { afterTodoId } : {}),
  });
  const last = items.at(-1);
  return { items, nextCursor: hasMore && last ? cursors.encode(userId, last.todoId) : null };
}
