import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../errors';
import { announced, getByRole, queryByRole, settle } from '../testing/dom-helpers';
import { FakeApi, makeTodo } from '../testing/fake-backend';
import { renderApp } from '../testing/render-app';
import { dropIndex } from './drag-reorder';

/** Rows are laid out 50 px tall from y = 100 (happy-dom does no layout of its own). */
const ROW_TOP = 100;
const ROW_HEIGHT = 50;
const middleOf = (index: number) => ROW_TOP + index * ROW_HEIGHT + ROW_HEIGHT / 2;

const titles = () => [...document.querySelectorAll('.todo-title')].map((a) => a.textContent);
const rowOf = (title: string) => getByRole('link', title).closest('li') as HTMLElement;
const handleOf = (title: string) => getByRole('button', `Drag to reorder “${title}”`);
const todos = () => [
  makeTodo(1, { title: 'First', position: 'b' }),
  makeTodo(2, { title: 'Second', position: 'd' }),
  makeTodo(3, { title: 'Third', position: 'f' }),
];

const pointer = (type: string, clientY: number) =>
  new PointerEvent(type, {
    clientY,
    pointerId: 1,
    isPrimary: true,
    button: 0,
    bubbles: true,
    cancelable: true,
  });

/** Presses `title`'s handle on its middle and moves the pointer to each `ys` in turn. */
function dragFrom(title: string, ...ys: number[]) {
  const index = titles().indexOf(title);
  handleOf(title).dispatchEvent(pointer('pointerdown', middleOf(index)));
  for (const y of ys) window.dispatchEvent(pointer('pointermove', y));
}
const release = (y: number) => window.dispatchEvent(pointer('pointerup', y));

beforeEach(() => {
  vi.spyOn(HTMLElement.prototype, 'getBoundingClientRect').mockImplementation(function (this: HTMLElement) {
    const index = this.parentElement ? [...this.parentElement.children].indexOf(this) : 0;
    return new DOMRect(0, ROW_TOP + index * ROW_HEIGHT, 400, ROW_HEIGHT);
  });
});

afterEach(() => {
  vi.restoreAllMocks();
  sessionStorage.clear();
});

describe('dropIndex', () => {
  const rows = [
    { top: 0, bottom: 50 },
    { top: 50, bottom: 100 },
  ];
  it.each([
    [10, 0],
    [24, 0],
    [26, 1],
    [74, 1],
    [76, 2],
    [500, 2],
  ])('at y = %i lands at index %i (past the middles of the rows above)', (y, index) => {
    expect(dropIndex(rows, y)).toBe(index);
  });
});

describe('dragging a todo in My order', () => {
  it('shows a named drag handle only in My order', async () => {
    await renderApp({ todos: todos() });
    expect(queryByRole('button', 'Drag to reorder “First”')).toBeNull();
    await renderApp({ todos: todos(), path: '/?sort=manual' });
    expect(handleOf('First')).toBeTruthy();
  });

  it('activated without a pointer (a screen reader), the handle points to the move buttons', async () => {
    await renderApp({ todos: todos(), path: '/?sort=manual' });
    handleOf('Second').click();
    await announced();
    expect(getByRole('status').textContent).toBe('To move this todo, use its Move up and Move down buttons.');
    expect(titles()).toEqual(['First', 'Second', 'Third']);
  });

  it('dims the dragged row, draws the drop line, and on drop sends only the new position and says so', async () => {
    const { api } = await renderApp({ todos: todos(), path: '/?sort=manual' });
    dragFrom('Third', middleOf(2) - 20, middleOf(0) - 10);
    expect(rowOf('Third').classList.contains('is-dragging')).toBe(true);
    expect(rowOf('First').classList.contains('drop-above')).toBe(true);

    release(middleOf(0) - 10);
    await settle();
    expect(titles()).toEqual(['Third', 'First', 'Second']);
    expect(document.querySelector('.is-dragging, .drop-above, .drop-below')).toBeNull();
    const calls = api.callsTo('updateTodo');
    expect(calls).toHaveLength(1);
    const [id, changes] = (calls[0]?.args ?? []) as [string, { position: string }];
    expect(id).toBe('T000003');
    expect(Object.keys(changes)).toEqual(['position']);
    expect(changes.position < 'b').toBe(true);
    await announced();
    expect(getByRole('status').textContent).toBe('Moved “Third” up: 1 of 3.');
  });

  it('drops below the last row with the line under it', async () => {
    const { api } = await renderApp({ todos: todos(), path: '/?sort=manual' });
    dragFrom('First', middleOf(2) + 10);
    expect(rowOf('Third').classList.contains('drop-below')).toBe(true);
    release(middleOf(2) + 10);
    await settle();
    expect(titles()).toEqual(['Second', 'Third', 'First']);
    const [, changes] = (api.callsTo('updateTodo')[0]?.args ?? []) as [string, { position: string }];
    expect(changes.position > 'f').toBe(true);
  });

  it('Esc cancels the drag: the order stays and nothing is sent', async () => {
    const { api } = await renderApp({ todos: todos(), path: '/?sort=manual' });
    dragFrom('Third', middleOf(0));
    window.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
    expect(document.querySelector('.is-dragging, .drop-above, .drop-below')).toBeNull();
    release(middleOf(0));
    await settle();
    expect(titles()).toEqual(['First', 'Second', 'Third']);
    expect(api.callsTo('updateTodo')).toHaveLength(0);
  });

  it('dropping where it started, or a press without a move, sends nothing', async () => {
    const { api } = await renderApp({ todos: todos(), path: '/?sort=manual' });
    dragFrom('Second', middleOf(1) + 15);
    expect(document.querySelector('.drop-above, .drop-below')).toBeNull();
    release(middleOf(1) + 15);
    dragFrom('Second');
    release(middleOf(1));
    await settle();
    expect(titles()).toEqual(['First', 'Second', 'Third']);
    expect(api.callsTo('updateTodo')).toHaveLength(0);
  });

  it('puts the todo back and says why next to it when saving the drop fails', async () => {
    const api = new FakeApi(todos());
    api.failNext('updateTodo', new ApiError(503, 'SERVICE_UNAVAILABLE', 'busy'));
    await renderApp({ api, path: '/?sort=manual' });
    dragFrom('First', middleOf(2) + 10);
    release(middleOf(2) + 10);
    await settle();
    expect(titles()).toEqual(['First', 'Second', 'Third']);
    expect(rowOf('First').querySelector('.field-error')?.textContent).toBe(
      'The service is busy right now. Please try again in a moment.',
    );
  });
});
