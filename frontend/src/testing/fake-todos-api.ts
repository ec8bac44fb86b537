/**
 * The todos half of the in-memory API stand-in (see fake-backend.ts): newest first, status and
 * case-insensitive search, cursors, 404s; records every call and can fail the next ones.
 */
import type { ApiPort, ListQuery } from '../api';
import { ApiError } from '../errors';
import type { FileInfo, NewTodo, Todo, TodoChanges, TodoPage } from '../types';

let clock = Date.UTC(2025, 0, 1);
export const nextTime = () => {
  clock += 1000;
  return new Date(clock).toISOString();
};

export function makeTodo(n: number, overrides: Partial<Todo> = {}): Todo {
  const time = new Date(Date.UTC(2025, 0, 1) + n * 60_000).toISOString();
  return {
    todoId: `T${String(n).padStart(6, '0')}`,
    title: `Todo ${n}`,
    description: '',
    notes: '',
    dueDate: null,
    completed: false,
    completedAt: null,
    createdAt: time,
    updatedAt: time,
    priority: 'none',
    labels: [],
    checklist: [],
    repeat: null,
    position: `T${String(n).padStart(6, '0')}`,
    remindAt: null,
    nextTodoId: null,
    ...overrides,
  };
}

type Failure = { method: string; error: Error; times: number };

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
    const q = query.q?.trim().toLowerCase() ?? '';
    const matching = this.todos.filter(
      (t) =>
        (query.status === 'all' || t.completed === (query.status === 'completed')) &&
        (!q || t.title.toLowerCase().includes(q) || t.description.toLowerCase().includes(q)),
    );
    const start = query.cursor ? Number(query.cursor) : 0;
    const limit = query.limit ?? 25;
    const items = matching.slice(start, start + limit);
    const completed = this.todos.filter((t) => t.completed).length;
    return {
      items,
      nextCursor: start + limit < matching.length ? String(start + limit) : null,
      counts: { open: this.todos.length - completed, completed },
    };
  }

  async createTodo(input: NewTodo): Promise<Todo> {
    this.record('createTodo', [input]);
    if (input.title.length > 200) {
      throw new ApiError(400, 'VALIDATION_ERROR', 'Invalid request body.', [
        { path: 'title', message: 'Must be at most 200 characters.' },
      ]);
    }
    const now = nextTime();
    const todo = makeTodo(++this.seq, {
      title: input.title,
      description: input.description ?? '',
      dueDate: input.dueDate ?? null,
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

  async updateTodo(todoId: string, changes: TodoChanges): Promise<Todo> {
    this.record('updateTodo', [todoId, changes]);
    const todo = this.find(todoId);
    const { checklist, ...fields } = changes;
    const completed = changes.completed ?? todo.completed;
    return this.#replace({
      ...todo,
      ...fields,
      ...(checklist
        ? {
            checklist: checklist.map((item, i) => ({
              itemId: item.itemId ?? `I${i}`,
              text: item.text,
              done: item.done ?? false,
            })),
          }
        : {}),
      completed,
      completedAt: completed ? (todo.completedAt ?? nextTime()) : null,
      updatedAt: nextTime(),
    });
  }

  async completeTodo(todoId: string): Promise<Todo> {
    this.record('completeTodo', [todoId]);
    const todo = this.find(todoId);
    return this.#replace({ ...todo, completed: true, completedAt: nextTime(), updatedAt: nextTime() });
  }

  async setNotes(todoId: string, notes: string): Promise<Todo> {
    this.record('setNotes', [todoId, notes]);
    return this.#replace({ ...this.find(todoId), notes, updatedAt: nextTime() });
  }

  async deleteTodo(todoId: string): Promise<void> {
    this.record('deleteTodo', [todoId]);
    this.find(todoId);
    this.todos = this.todos.filter((t) => t.todoId !== todoId);
    this.files = this.files.filter((f) => f.todoId !== todoId);
  }
}
