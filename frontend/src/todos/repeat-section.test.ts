import { afterEach, describe, expect, it } from 'vitest';
import { announced, click, getByLabel, getByRole, settle, submit } from '../testing/dom-helpers';
import { makeTodo } from '../testing/fake-backend';
import { renderApp } from '../testing/render-app';
import { formatDay } from '../ui/format';

const choose = (select: HTMLSelectElement, value: string) => {
  select.value = value;
  select.dispatchEvent(new Event('change', { bubbles: true }));
};
const titles = () => [...document.querySelectorAll('.todo-title')].map((a) => a.textContent);

afterEach(() => sessionStorage.clear());

describe('repeating todos', () => {
  it('needs a due date before it can repeat', async () => {
    const { api } = await renderApp({
      todos: [makeTodo(1, { title: 'Water plants' })],
      path: '/todos/T000001',
    });
    choose(getByLabel<HTMLSelectElement>('Repeat'), 'week');
    submit(getByRole('button', 'Save repeat').closest('form'));
    await settle();
    expect(getByRole('alert', /needs a due date/)).toBeTruthy();
    expect(api.callsTo('updateTodo')).toHaveLength(0);
  });

  it('saves every N weeks and marks the todo as repeating, on the detail screen and the list', async () => {
    const { api } = await renderApp({
      todos: [makeTodo(1, { title: 'Water plants', dueDate: '2030-05-01' })],
      path: '/todos/T000001',
    });
    choose(getByLabel<HTMLSelectElement>('Repeat'), 'week');
    const every = getByLabel('Every');
    every.value = '2';
    submit(every.closest('form'));
    await settle();
    expect(api.callsTo('updateTodo')[0]?.args).toEqual(['T000001', { repeat: { every: 2, unit: 'week' } }]);
    expect(document.querySelector('.detail-header .repeats')?.textContent).toBe('Repeats every 2 weeks');
    click(getByRole('link', '← All todos'));
    await settle();
    const row = getByRole('link', 'Water plants').closest('li') as HTMLElement;
    expect(row.querySelector('.repeats')?.textContent).toBe('Repeats every 2 weeks');
  });

  it('completing a repeating todo shows its next occurrence in the list and says when it is due', async () => {
    await renderApp({
      todos: [
        makeTodo(1, { title: 'Water plants', dueDate: '2030-05-01', repeat: { every: 1, unit: 'week' } }),
      ],
    });
    click(getByLabel('Done: Water plants'));
    await settle();
    expect(titles()).toEqual(['Water plants', 'Water plants']);
    const open = document.querySelector('.todo:not(.is-completed)') as HTMLElement;
    expect(open.textContent).toContain(`Due ${formatDay('2030-05-08')}`);
    await announced();
    expect(getByRole('status').textContent).toBe(
      `Completed “Water plants”. Next one: due ${formatDay('2030-05-08')}.`,
    );
  });
});
