import { randomUUID } from 'node:crypto';
import { handler as completeUpload } from '../../src/functions/files/complete-upload';
import { handler as createUpload } from '../../src/functions/files/create-upload';
import { handler as deleteFile } from '../../src/functions/files/delete-file';
import { handler as getFile } from '../../src/functions/files/get-file';
import { handler as getUsage } from '../../src/functions/files/get-usage';
import { handler as listFiles } from '../../src/functions/files/list-files';
import { handler as listParts } from '../../src/functions/files/list-parts';
import { handler as presignParts } from '../../src/functions/files/presign-parts';
import { handler as clearCompleted } from '../../src/functions/todos/clear-completed';
import { handler as completeTodo } from '../../src/functions/todos/complete-todo';
import { handler as createTodo } from '../../src/functions/todos/create-todo';
import { handler as deleteTodo } from '../../src/functions/todos/delete-todo';
import { handler as getTodo } from '../../src/functions/todos/get-todo';
import { handler as listTodos } from '../../src/functions/todos/list-todos';
import { handler as setTodoNotes } from '../../src/functions/todos/set-todo-notes';
import { handler as updateTodo } from '../../src/functions/todos/update-todo';
import type { Todo } from '../../src/todos/model';
import { apiEvent, type CallResult, call, type HttpHandler } from './events';

/**
 * The API routes of docs/api.md bound to their handlers, invoked as API Gateway would after the
 * JWT authorizer let the request through. Handlers read their environment at import, so this
 * module must be imported after the test environment is set (setupFiles run first).
 */
export const ROUTES = {
  listTodos: { handler: listTodos, method: 'GET', path: '/todos' },
  createTodo: { handler: createTodo, method: 'POST', path: '/todos' },
  getTodo: { handler: getTodo, method: 'GET', path: '/todos/{todoId}' },
  updateTodo: { handler: updateTodo, method: 'PATCH', path: '/todos/{todoId}' },
  completeTodo: { handler: completeTodo, method: 'POST', path: '/todos/{todoId}/complete' },
  setTodoNotes: { handler: setTodoNotes, method: 'PUT', path: '/todos/{todoId}/notes' },
  deleteTodo: { handler: deleteTodo, method: 'DELETE', path: '/todos/{todoId}' },
  clearCompleted: { handler: clearCompleted, method: 'DELETE', path: '/todos' },
  listFiles: { handler: listFiles, method: 'GET', path: '/todos/{todoId}/files' },
  createUpload: { handler: createUpload, method: 'POST', path: '/todos/{todoId}/files' },
  getFile: { handler: getFile, method: 'GET', path: '/todos/{todoId}/files/{fileId}' },
  deleteFile: { handler: deleteFile, method: 'DELETE', path: '/todos/{todoId}/files/{fileId}' },
  presignParts: { handler: presignParts, method: 'POST', path: '/todos/{todoId}/files/{fileId}/parts' },
  listParts: { handler: listParts, method: 'GET', path: '/todos/{todoId}/files/{fileId}/parts' },
  completeUpload: {
    handler: completeUpload,
    method: 'POST',
    path: '/todos/{todoId}/files/{fileId}/complete',
  },
  getUsage: { handler: getUsage, method: 'GET', path: '/usage' },
} satisfies Record<string, { handler: HttpHandler; method: string; path: string }>;
export type RouteName = keyof typeof ROUTES;

export interface RequestOptions {
  todoId?: string;
  fileId?: string;
  query?: Record<string, string>;
  body?: unknown;
  rawBody?: string;
  contentType?: string | null;
}

export function request(userId: string, route: RouteName, options: RequestOptions = {}): Promise<CallResult> {
  const { handler, method, path } = ROUTES[route];
  const pathParameters: Record<string, string> = {};
  if (options.todoId !== undefined) pathParameters.todoId = options.todoId;
  if (options.fileId !== undefined) pathParameters.fileId = options.fileId;
  const rawPath = path.replace('{todoId}', options.todoId ?? '').replace('{fileId}', options.fileId ?? '');
  return call(
    handler,
    apiEvent({
      userId,
      method,
      path: rawPath,
      routeKey: `${method} ${path}`,
      ...(Object.keys(pathParameters).length ? { pathParameters } : {}),
      ...(options.query ? { query: options.query } : {}),
      ...(options.body !== undefined ? { body: options.body } : {}),
      ...(options.rawBody !== undefined ? { rawBody: options.rawBody } : {}),
      ...(options.contentType !== undefined ? { contentType: options.contentType } : {}),
    }),
  );
}

/** A fresh Cognito-like subject, so tests sharing the DynamoDB Local never see each other's data. */
export const newUserId = () => randomUUID();

/** The API as one signed-in user sees it. */
export function asUser(userId: string = newUserId()) {
  return {
    userId,
    listTodos: (query?: Record<string, string>) => request(userId, 'listTodos', query ? { query } : {}),
    createTodo: (body: unknown) => request(userId, 'createTodo', { body }),
    getTodo: (todoId: string) => request(userId, 'getTodo', { todoId }),
    updateTodo: (todoId: string, body: unknown) => request(userId, 'updateTodo', { todoId, body }),
    completeTodo: (todoId: string, query?: Record<string, string>) =>
      request(userId, 'completeTodo', { todoId, ...(query ? { query } : {}) }),
    clearCompleted: (query?: Record<string, string>) =>
      request(userId, 'clearCompleted', query ? { query } : {}),
    setTodoNotes: (todoId: string, body: unknown) => request(userId, 'setTodoNotes', { todoId, body }),
    deleteTodo: (todoId: string) => request(userId, 'deleteTodo', { todoId }),
    listFiles: (todoId: string) => request(userId, 'listFiles', { todoId }),
    createUpload: (todoId: string, body: unknown) => request(userId, 'createUpload', { todoId, body }),
    getFile: (todoId: string, fileId: string) => request(userId, 'getFile', { todoId, fileId }),
    deleteFile: (todoId: string, fileId: string) => request(userId, 'deleteFile', { todoId, fileId }),
    getUsage: () => request(userId, 'getUsage'),
    request: (route: RouteName, options?: RequestOptions) => request(userId, route, options),
  };
}
export type User = ReturnType<typeof asUser>;

/** Create a todo and return its body, failing loudly if the API refuses. */
export async function createTodoFor(user: User, body: Record<string, unknown> = { title: 'A todo' }) {
  const result = await user.createTodo(body);
  if (result.status !== 201) throw new Error(`createTodo answered ${result.status}: ${result.rawBody}`);
  return result.body as Todo;
}

/** Run `task` over `items` with at most `limit` in flight, keeping results in input order. */
export async function mapLimit<T, R>(
  items: T[],
  limit: number,
  task: (item: T, index: number) => Promise<R>,
) {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await task(items[index]!, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}
