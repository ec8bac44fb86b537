import { describe, expect, it } from 'vitest';
import { matchesListing, pageInMemory } from './listing-in-memory';
import type { ListOptions } from './todo-store';

const base: ListOptions = { status: 'all', sort: 'created', words: [], limit: 25 };
const TODAY = '2030-06-15';

/** A stored todo item with just what listings read. */
function item(todoId: string, fields: Record<string, unknown> = {}) {
  const dueDate = fields.dueDate as string | undefined;
  return {
    todoId,
    completed: false,
    titleLower: '',
    descriptionLower: '',
    notesLower: '',
    dueSort: `${dueDate ?? '~'}#${todoId}`,
    positionKey: `${(fields.position as string | undefined) ?? todoId} ${todoId}`,
    ...fields,
  };
}

describe('matchesListing', () => {
  it.each([
    ['status=open keeps an open todo', { status: 'open' }, {}, true],
    ['status=open drops a completed todo', { status: 'open' }, { completed: true }, false],
    ['status=completed keeps a completed todo', { status: 'completed' }, { completed: true }, true],
    ['a label matches its lower-cased key', { label: 'work' }, { labelKeys: ['home', 'work'] }, true],
    ['a label the todo lacks', { label: 'work' }, { labelKeys: ['home'] }, false],
    ['priority=none keeps a todo stored without one', { priority: 'none' }, {}, true],
    ['priority=high drops a low one', { priority: 'high' }, { priority: 'low' }, false],
    ['due=today keeps today', { due: 'today', today: TODAY }, { dueDate: TODAY }, true],
    ['due=today drops tomorrow', { due: 'today', today: TODAY }, { dueDate: '2030-06-16' }, false],
    ['due=upcoming keeps tomorrow', { due: 'upcoming', today: TODAY }, { dueDate: '2030-06-16' }, true],
    ['due=upcoming drops an undated todo', { due: 'upcoming', today: TODAY }, {}, false],
    [
      'due=overdue keeps an open past todo',
      { due: 'overdue', today: TODAY },
      { dueDate: '2030-06-14' },
      true,
    ],
    [
      'due=overdue drops a completed past todo',
      { due: 'overdue', today: TODAY },
      { dueDate: '2030-06-14', completed: true },
      false,
    ],
    ['due=none keeps an undated todo', { due: 'none' }, {}, true],
    ['due=none drops a dated todo', { due: 'none' }, { dueDate: TODAY }, false],
    [
      'every word, each in some field',
      { words: ['oat', 'corner'] },
      { titleLower: 'oat', notesLower: 'corner' },
      true,
    ],
    ['a word in no field', { words: ['oat', 'tea'] }, { titleLower: 'oat milk' }, false],
    [
      'a word never spans two fields',
      { words: ['kcor'] },
      { titleLower: 'milk', descriptionLower: 'corner' },
      false,
    ],
    ['sort=due needs the byDue key', { sort: 'due' }, { dueSort: undefined }, false],
    ['sort=manual needs the byPosition key', { sort: 'manual' }, { positionKey: undefined }, false],
  ] as const)('%s', (_, options, fields, expected) => {
    expect(matchesListing(item('A', fields), { ...base, ...options } as ListOptions)).toBe(expected);
  });
});

const ids = (page: { items: Record<string, unknown>[] }) => page.items.map((i) => i.todoId);

describe('pageInMemory', () => {
  const todos = [
    item('A', { dueDate: '2030-06-20', position: 'm' }),
    item('B', { position: 'c' }),
    item('C', { dueDate: '2030-06-10', position: 'x' }),
    item('D', { dueDate: '2030-06-10', position: 'c', completed: true }),
  ];

  it.each([
    ['created: newest (highest id) first', { sort: 'created' }, ['D', 'C', 'B', 'A']],
    ['due: by date, ties by id, undated last', { sort: 'due' }, ['C', 'D', 'A', 'B']],
    ['manual: by position, ties by id', { sort: 'manual' }, ['B', 'D', 'A', 'C']],
    ['filters before it orders', { sort: 'due', status: 'open' }, ['C', 'A', 'B']],
  ] as const)('%s', (_, options, expected) => {
    expect(ids(pageInMemory(todos, { ...base, ...options } as ListOptions))).toEqual(expected);
  });

  it('pages strictly after the cursor, with a cursor in the query path form, null at the end', () => {
    const options: ListOptions = { ...base, sort: 'due', limit: 2 };
    const first = pageInMemory(todos, options);
    const second = pageInMemory(todos, { ...options, after: first.next! });
    expect(ids(first)).toEqual(['C', 'D']);
    expect(first.next).toEqual({ todoId: 'D', dueSort: '2030-06-10#D' });
    expect(ids(second)).toEqual(['A', 'B']);
    expect(second.next).toBeNull();
  });

  it('goes on from a cursor whose todo is gone, newest first', () => {
    const page = pageInMemory(todos, { ...base, limit: 10, after: { todoId: 'BZ' } });
    expect(ids(page)).toEqual(['B', 'A']);
  });

  it('gives manual order cursors their position key', () => {
    const page = pageInMemory(todos, { ...base, sort: 'manual', limit: 1 });
    expect(page.next).toEqual({ todoId: 'B', positionKey: 'c B' });
  });
});
