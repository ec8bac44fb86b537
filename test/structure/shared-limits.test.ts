import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import * as limits from '../../backend/src/todos/limits';
import { CreateTodoBody } from '../../backend/src/todos/schemas';

/**
 * The field limits live in one import-free module: the API's schemas check them and the web app
 * bundles them (an import there would pull backend code into the browser).
 */
const source = readFileSync(resolve(import.meta.dirname, '../../backend/src/todos/limits.ts'), 'utf8');

describe('field limits', () => {
  it('are defined in a module that imports nothing', () => {
    expect(source).not.toMatch(/^\s*import\b/m);
    expect(source).not.toMatch(/\brequire\(/);
  });

  it('are the ones the API enforces', () => {
    const title = (n: number) => CreateTodoBody.safeParse({ title: 'x'.repeat(n) }).success;
    expect(title(limits.TITLE_MAX)).toBe(true);
    expect(title(limits.TITLE_MAX + 1)).toBe(false);
  });

  it('are what the web app uses: no other definition of them in frontend/src', () => {
    const web = [
      'todos/add-form.ts',
      'todos/edit-section.ts',
      'todos/notes-section.ts',
      'todos/list-screen.ts',
    ];
    for (const file of web) {
      const text = readFileSync(resolve(import.meta.dirname, '../../frontend/src', file), 'utf8');
      expect(text, file).toContain('backend/src/todos/limits');
      expect(text, file).not.toMatch(/maxlength: \d/);
    }
  });
});
