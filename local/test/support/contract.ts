import { expect } from 'vitest';
import { call, type Reply } from './http';

/** Shared by the contract checks (local/test/contract-*.test.ts): the shapes and helpers a careful client uses. */
// The contract's field lists, defined once for every test tree.
export { FILE_FIELDS as FILE_KEYS, TODO_FIELDS as TODO_KEYS } from '../../../backend/test/support/assertions';

export interface Todo {
  todoId: string;
  title: string;
  dueDate: string | null;
  completed: boolean;
  position: string;
  priority: string;
  labels: string[];
  remindAt: string | null;
  nextTodoId: string | null;
  checklist: { itemId: string; text: string; done: boolean }[];
  repeat: unknown;
  notes: string;
  description: string;
}
export interface Page {
  items: Todo[];
  nextCursor: string | null;
  counts: { open: number; completed: number };
}

export async function createTodo(
  todosUrl: string,
  token: string,
  body: Record<string, unknown>,
): Promise<Todo> {
  const reply = await call(todosUrl, { method: 'POST', token, body });
  expect([reply.status, reply.json]).toEqual([201, expect.anything()]);
  return reply.json as Todo;
}

/** A 400 VALIDATION_ERROR (or `code`) whose details name `path`. */
export function expectBadField(reply: Reply, path: string, code = 'VALIDATION_ERROR') {
  const error = (reply.json as { error?: { code: string; details?: { path: string }[] } }).error;
  expect([reply.status, error?.code]).toEqual([400, code]);
  expect(error?.details?.map((d) => d.path)).toContain(path);
}
