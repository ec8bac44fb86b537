import { expect } from 'vitest';
import type { CallResult } from './events';

/** The fields of a Todo and of a File in the contract (docs/api.md), sorted: no more, no fewer. */
export const TODO_FIELDS = [
  'checklist',
  'completed',
  'completedAt',
  'createdAt',
  'description',
  'dueDate',
  'labels',
  'nextTodoId',
  'notes',
  'position',
  'priority',
  'remindAt',
  'repeat',
  'title',
  'todoId',
  'updatedAt',
].sort();
export const FILE_FIELDS = [
  'contentType',
  'createdAt',
  'fileId',
  'fileName',
  'size',
  'status',
  'thumbnailUrl',
  'todoId',
  'uploadedAt',
].sort();

/** The contract's error shape: `{error: {code, message, details?}}` and nothing else. */
export function expectError(result: CallResult, status: number, code: string): void {
  expect(result.status).toBe(status);
  expect(result.headers['content-type']).toMatch(/^application\/json/);
  expect(Object.keys(result.body)).toEqual(['error']);
  const { error } = result.body;
  expect(error.code).toBe(code);
  expect(typeof error.message).toBe('string');
  expect(error.message.length).toBeGreaterThan(0);
  for (const key of Object.keys(error)) expect(['code', 'message', 'details']).toContain(key);
  if (error.details !== undefined) {
    expect(Array.isArray(error.details)).toBe(true);
    for (const detail of error.details) {
      expect(Object.keys(detail).sort()).toEqual(['message', 'path']);
      expect(typeof detail.path).toBe('string');
      expect(typeof detail.message).toBe('string');
    }
  }
}

/** The details of a 400 name the offending field. */
export function expectDetailFor(result: CallResult, path: string): void {
  const paths = (result.body.error.details ?? []).map((d: { path: string }) => d.path);
  expect(paths).toContain(path);
}

/** Nothing internal in a response: no stack trace, no SDK error name or message, no resource names. */
export function expectNoInternals(result: CallResult, internals: string[]): void {
  const raw = result.rawBody ?? '';
  expect(raw).not.toMatch(/stack/i);
  expect(raw).not.toMatch(/\n\s+at /);
  expect(raw).not.toMatch(/\.ts:\d+|\.js:\d+/);
  for (const secret of internals) expect(raw).not.toContain(secret);
}
