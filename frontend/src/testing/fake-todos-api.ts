/**
 * The todos half of the in-memory API stand-in (see fake-backend.ts): views, filters and sorts
 * (fake-list.ts), counts, cursors, repeats, bulk delete, 404s; records every call and can fail the
 * next ones.
 */
import type { ApiPort, ListQuery } from '../api';
import { ApiError } from '../errors';
import type { FileInfo, NewTodo, Todo, TodoPage, TodoPatch } from '../types';
import { fakeCompare, fakeMatches, makeTodo } from './fake-list';

export { makeTodo };

let clock = Date.UTC(2025, 0, 1);
export const nextTime = () => {
  clock += 1000;
  return new Date(clock).toISOString();
};

type Failure = { method: string; error: Error; times: number };

/**
 * The API's rules across fields (docs/api.md "Todo fields"), as its 400 names them: a repeating
 * todo keeps a due date, and a reminder set must be in the future (by the clock, fake or not).
 */
function refuseBroken(todo: Pick<Todo, 'dueDate' | 'repeat'>, remindAt: string | null | undefined) {
  const details: { path: string; message: string }[] = [];
  if (todo.repeat && !todo.dueDate)
    details.push({ path: 'repeat', message: 'A repeating todo needs a dueDate.' });
  if (remindAt && Date.parse(remindAt) <= Date.now()) {
    details.push({ path: 'remindAt', message: 'Must be in the future.' });
  }
  if (details.length > 0) throw new ApiError(400, 'VALIDATION_ERROR', 'Invalid request body.', details);
}

export class FakeTodosApi {
  todos: Todo[] = [];
  files: FileInfo[] = [];
  calls: { method: string; args: unknown[] }[] = [];
  protected seq = 1000;
  #failures: Failure[] = [];

  constructor(todos: Todo[] = []) {
    this.todos = [...todos].sort((a, b) => (a.todoId < b.todoId ? 1 : -1));
  }

  /** The next `times` calls of `method` reject with `error`. */
  failNext(method: keyof ApiPort, error: Error, times = 1) {
    this.#failures.push({ method, error, times });
  }

  record(method: string, args: unknown[]) {
    this.calls.push({ method, args });
    const failure = this.#failures.find((f) => f.method === method && f.times > 0);
    if (failure) {
      failure.times--;
      throw failure.error;
    }
  }

  callsTo(method: keyof ApiPort) {
    return this.calls.filter((c) => c.method === method);
  }

  protected find(todoId: string): Todo {
    const todo = this.todos.find((t) => t.todoId === todoId);
    if (!todo) throw new ApiError(404, 'NOT_FOUND', 'Todo not found.');
    return todo;
  }

  #replace(todo: Todo): Todo {
    this.todos = this.todos.map((t) => (t.todoId === todo.todoId ? todo : t));
    return todo;
  }

  async listTodos(query: ListQuery): Promise<TodoPage> {
    this.record('listTodos', [query]);
    if (query.due && query.due !== 'none' && !query.today) {
      throw new ApiError(400, 'VALIDATION_ERROR', 'Invalid query.', [
        { path: 'today', message: 'Required.' },
      ]);
    }
    const matching = this.todos
      .filter((t) => fakeMatches(t, query))
      .sort((a, b) => fakeCompare(a, b, query.sort ?? 'created'));
    const start = query.cursor ? Number(query.cursor) : 0;
    const limit = query.limit ?? 25;
    const items = matching.slice(start, start + limit);
    const open = this.todos.filter((t) => !t.completed).length;
    return {
      items,
      nextCursor: start + limit < matching.length ? String(start + limit) : null,
      counts: { open, completed: this.todos.length - open },
    };
  }

  async createTodo(input: NewTodo): Promise<Todo> {
    this.record('createTodo', [input]);
    const first = this.todos.reduce((min, t) => (t.position < min ? t.position : min), 'p5');
    if (input.title.length > 200) {
      throw new ApiError(400, 'VALIDATION_ERROR', 'Invalid request body.', [
        { path: 'title', message: 'Must be at most 200 characters.' },
      ]);
    }
    refuseBroken({ dueDate: input.dueDate ?? null, repeat: input.repeat ?? null }, input.remindAt);
    const now = nextTime();
    const todo = makeTodo(++this.seq, {
      title: input.title,
      description: input.description ?? '',
      dueDate: input.dueDate ?? null,
      priority: input.priority ?? 'none',
      labels: input.labels ?? [],
      repeat: input.repeat ?? null,
      remindAt: input.remindAt ?? null,
      // New todos go first in "My order" (the key sorts before every other).
      position: `${first.slice(0, -1)}${String.fromCharCode(first.charCodeAt(first.length - 1) - 1)}`,
      createdAt: now,
      updatedAt: now,
    });
    this.todos = [todo, ...this.todos];
    return todo;
  }

  async getTodo(todoId: string): Promise<Todo> {
    this.record('getTodo', [todoId]);
    return this.find(todoId);
  }

  async updateTodo(todoId: string, changes: TodoPatch): Promise<Todo> {
    this.record('updateTodo', [todoId, changes]);
    const todo = this.find(todoId);
    const { checklist: sent, ...fields } = changes;
    const completed = changes.completed ?? todo.completed;
    // The server assigns new checklist items their ids.
    const checklist = sent?.map((item) => ({
      ...item,
      itemId: item.itemId ?? `I${++this.seq}`,
      done: item.done ?? false,
    }));
    refuseBroken({ ...todo, ...fields }, changes.remindAt);
    return this.#replace({
      ...todo,
      ...fields,
      ...(checklist ? { checklist } : {}),
      completed,
      completedAt: completed ? (todo.completedAt ?? nextTime()) : null,
      updatedAt: nextTime(),
    });
  }

  async completeTodo(todoId: string, today?: string): Promise<Todo> {
    this.record('completeTodo', [todoId, today]);
    const todo = this.find(todoId);
    if (todo.completed) return todo;
    let nextTodoId: string | null = null;
    if (todo.repeat && todo.dueDate) {
      // Simplified series rule (days and weeks only), enough for the app's tests.
      const step = todo.repeat.every * (todo.repeat.unit === 'week' ? 7 : 1);
      const next = new Date(`${todo.dueDate}T00:00:00Z`);
      do next.setUTCDate(next.getUTCDate() + step);
      while (today && next.toISOString().slice(0, 10) <= today);
      const dueDate = next.toISOString().slice(0, 10);
      const created = await this.createTodo({
        title: todo.title,
        repeat: todo.repeat,
        labels: todo.labels,
        dueDate,
      });
      this.calls.pop();
      nextTodoId = created.todoId;
      this.#replace({
        ...created,
        description: todo.description,
        priority: todo.priority,
        checklist: todo.checklist.map((item) => ({ ...item, done: false })),
      });
    }
    return this.#replace({
      ...todo,
      completed: true,
      completedAt: nextTime(),
      updatedAt: nextTime(),
      nextTodoId,
    });
  }

  async deleteTodo(todoId: string): Promise<void> {
    this.record('deleteTodo', [todoId]);
    this.find(todoId);
    this.todos = this.todos.filter((t) => t.todoId !== todoId);
    this.files = this.files.filter((f) => f.todoId !== todoId);
  }

  /** Sent on pagehide (or a hidden tab), with a keepalive request. */
  async updateTodoOnExit(todoId: string, changes: TodoPatch): Promise<Todo> {
    this.record('updateTodoOnExit', [todoId, changes]);
    const todo = this.find(todoId);
    refuseBroken({ ...todo, ...changes }, changes.remindAt);
    return this.#replace({ ...todo, ...changes, completed: todo.completed, updatedAt: nextTime() } as Todo);
  }

  /** Deleted on pagehide, with a keepalive request. */
  deleteTodoOnExit(todoId: string): void {
    this.calls.push({ method: 'deleteTodoOnExit', args: [todoId] });
    this.todos = this.todos.filter((t) => t.todoId !== todoId);
  }

  /** Batch size of the fake's bulk delete (small, so tests see `more`). */
  clearBatch = 2;

  async clearCompleted(): Promise<{ deleted: number; more: boolean }> {
    this.record('clearCompleted', []);
    const done = this.todos.filter((t) => t.completed).slice(0, this.clearBatch);
    this.todos = this.todos.filter((t) => !done.includes(t));
    return { deleted: done.length, more: this.todos.some((t) => t.completed) };
  }
}
