import { afterEach, describe, expect, it } from 'vitest';
import { ApiError } from '../errors';
import { announced, click, getByRole, queryByRole, settle } from '../testing/dom-helpers';
import { FakeApi, makeTodo } from '../testing/fake-backend';
import { renderApp } from '../testing/render-app';

const titles = () => [...document.querySelectorAll('.todo-title')].map((a) => a.textContent);
const todos = () => [
  makeTodo(1, { title: 'First', position: 'b' }),
  makeTodo(2, { title: 'Second', position: 'd' }),
  makeTodo(3, { title: 'Third', position: 'f' }),
];
const liveText = () => getByRole('status').textContent;

afterEach(() => sessionStorage.clear());

describe('my order', () => {
  it('shows move buttons only in My order', async () => {
    await renderApp({ todos: todos() });
    expect(queryByRole('button', 'Move “First” down')).toBeNull();
  });

  it('moves a todo with the buttons, sends only its new position and says so', async () => {
    const { api } = await renderApp({ todos: todos(), path: '/?sort=manual' });
    expect(titles()).toEqual(['First', 'Second', 'Third']);
    expect(getByRole('button', 'Move “First” up').getAttribute('aria-disabled')).toBe('true');

    const down = getByRole('button', 'Move “First” down');
    down.focus();
    click(down);
    await settle();
    expect(titles()).toEqual(['Second', 'First', 'Third']);
    const [id, changes] = (api.callsTo('updateTodo')[0]?.args ?? []) as [string, { position: string }];
    expect(id).toBe('T000001');
    expect(Object.keys(changes)).toEqual(['position']);
    expect(changes.position > 'd' && changes.position < 'f').toBe(true);
    expect(document.activeElement).toBe(getByRole('button', 'Move “First” down'));
    await announced();
    expect(liveText()).toBe('Moved “First” down: 2 of 3.');
  });

  it('moves the focused row with Alt+ArrowUp', async () => {
    await renderApp({ todos: todos(), path: '/?sort=manual' });
    const link = getByRole('link', 'Third');
    link.focus();
    link.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowUp', altKey: true, bubbles: true }));
    await settle();
    expect(titles()).toEqual(['First', 'Third', 'Second']);
    expect(document.activeElement).toBe(getByRole('link', 'Third'));
  });

  it('puts the todo back and says why when the move fails', async () => {
    const api = new FakeApi(todos());
    api.failNext('updateTodo', new ApiError(503, 'SERVICE_UNAVAILABLE', 'busy'));
    await renderApp({ api, path: '/?sort=manual' });
    click(getByRole('button', 'Move “Second” up'));
    await settle();
    expect(titles()).toEqual(['First', 'Second', 'Third']);
    const row = getByRole('link', 'Second').closest('li') as HTMLElement;
    expect(row.querySelector('.field-error')?.textContent).toMatch(/.+/);
  });

  it('refuses, and says so, to move a todo past the last loaded row while more pages exist', async () => {
    const many = Array.from({ length: 21 }, (_, i) => makeTodo(i + 1));
    const { api } = await renderApp({ todos: many, path: '/?sort=manual' });
    expect(titles()).toHaveLength(20);
    click(getByRole('button', 'Move “Todo 19” down'));
    await settle();
    click(getByRole('button', 'Move “Todo 20” down'));
    await settle();
    expect(titles().slice(-2)).toEqual(['Todo 19', 'Todo 20']);
    expect(api.callsTo('updateTodo')).toHaveLength(0);
    await announced();
    expect(liveText()).toBe('Load more todos to move “Todo 20” further down.');

    click(getByRole('button', 'Move “Todo 20” up'));
    await settle();
    expect(titles().slice(-2)).toEqual(['Todo 20', 'Todo 19']);
    expect(api.callsTo('updateTodo')).toHaveLength(1);
  });
});
