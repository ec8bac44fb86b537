import { afterEach, describe, expect, it } from 'vitest';
import { click, getByLabel, getByRole, settle, submit, type } from '../testing/dom-helpers';
import { makeTodo } from '../testing/fake-backend';
import { renderApp } from '../testing/render-app';

const todo = makeTodo(1, {
  title: 'Pack',
  checklist: [
    { itemId: 'I1', text: 'Passport', done: true },
    { itemId: 'I2', text: 'Tickets', done: false },
  ],
});
const texts = () => [...document.querySelectorAll('.checklist-item label')].map((l) => l.textContent);
const sent = (api: { callsTo(m: 'updateTodo'): { args: unknown[] }[] }) =>
  (api.callsTo('updateTodo').at(-1)?.args[1] as { checklist: unknown[] } | undefined)?.checklist;

afterEach(() => sessionStorage.clear());

describe('the checklist', () => {
  it('adds, ticks, edits, reorders and deletes items, saving the whole list each time', async () => {
    const { api } = await renderApp({ todos: [todo], path: '/todos/T000001' });
    expect(document.querySelector('.checklist-progress')?.textContent).toBe('1 of 2 done');

    const input = getByLabel('New checklist item');
    type(input, 'Charger');
    submit(input.closest('form'));
    await settle();
    expect(sent(api)).toEqual([
      { itemId: 'I1', text: 'Passport', done: true },
      { itemId: 'I2', text: 'Tickets', done: false },
      { text: 'Charger', done: false },
    ]);
    expect(texts()).toEqual(['Passport', 'Tickets', 'Charger']);

    click(getByLabel('Tickets'));
    await settle();
    expect(document.querySelector('.checklist-progress')?.textContent).toBe('2 of 3 done');

    click(getByRole('button', 'Edit “Charger”'));
    const edit = getByLabel('Edit “Charger”');
    type(edit, 'Phone charger');
    submit(edit.closest('form'));
    await settle();
    expect(texts()).toEqual(['Passport', 'Tickets', 'Phone charger']);

    click(getByRole('button', 'Move “Phone charger” up'));
    await settle();
    expect(texts()).toEqual(['Passport', 'Phone charger', 'Tickets']);

    click(getByRole('button', 'Delete “Passport”'));
    await settle();
    expect(texts()).toEqual(['Phone charger', 'Tickets']);
    expect(api.todos[0]?.checklist.map((i) => i.text)).toEqual(['Phone charger', 'Tickets']);
  });

  it('shows the progress on the list row', async () => {
    await renderApp({ todos: [todo] });
    const row = getByRole('link', 'Pack').closest('li') as HTMLElement;
    expect(row.querySelector('.progress')?.textContent).toBe('1/2 checklist items done');
  });
});
