import { afterEach, describe, expect, it } from 'vitest';
import { announced, click, getByRole, queryByRole, settle } from '../testing/dom-helpers';
import { makeTodo } from '../testing/fake-backend';
import { renderApp } from '../testing/render-app';

const titles = () => [...document.querySelectorAll('.todo-title')].map((a) => a.textContent);
const dialog = () => document.querySelector('.clear-completed dialog') as HTMLDialogElement;
const todos = () => [
  makeTodo(1, { completed: true }),
  makeTodo(2),
  makeTodo(3, { completed: true }),
  makeTodo(4, { completed: true }),
];

afterEach(() => sessionStorage.clear());

describe('clear completed', () => {
  it('says how many it will delete, and deletes nothing when cancelled', async () => {
    const { api } = await renderApp({ todos: todos() });
    click(getByRole('button', 'Clear completed'));
    await settle();
    expect(dialog().open).toBe(true);
    expect(dialog().textContent).toContain('Delete 3 completed todos?');
    click(getByRole('button', 'Cancel', dialog()));
    await settle();
    expect(api.callsTo('clearCompleted')).toHaveLength(0);
  });

  it('deletes batch after batch until none is left, then shows what remains', async () => {
    const { api } = await renderApp({ todos: todos(), path: '/?status=completed' });
    click(getByRole('button', 'Clear completed'));
    await settle();
    click(getByRole('button', 'Delete 3 completed todos', dialog()));
    await settle(10);
    expect(api.callsTo('clearCompleted')).toHaveLength(2);
    expect(titles()).toEqual([]);
    expect(getByRole('link', /^Completed/).textContent).toBe('Completed (0)');
    expect(queryByRole('button', 'Clear completed')).toBeNull();
    await announced();
    expect(getByRole('status').textContent).toBe('Deleted 3 completed todos.');
  });

  it('is not offered in the open and due-date views', async () => {
    await renderApp({ todos: todos(), path: '/?status=open' });
    expect(queryByRole('button', 'Clear completed')).toBeNull();
  });
});
