import { afterEach, describe, expect, it } from 'vitest';
import { ApiError } from '../errors';
import { click, getByLabel, getByRole, settle, submit, type } from '../testing/dom-helpers';
import { FakeApi, makeTodo } from '../testing/fake-backend';
import { renderApp } from '../testing/render-app';

const todo = makeTodo(1, { title: 'Plan trip', labels: ['travel'] });
const choose = (select: HTMLSelectElement, value: string) => {
  select.value = value;
  select.dispatchEvent(new Event('change', { bubbles: true }));
};

afterEach(() => sessionStorage.clear());

describe('priority and labels on the detail screen', () => {
  it('sets the priority at once, and the list row says it in words', async () => {
    const { api } = await renderApp({ todos: [todo], path: '/todos/T000001' });
    choose(getByLabel<HTMLSelectElement>('Priority'), 'high');
    await settle();
    expect(api.callsTo('updateTodo')[0]?.args).toEqual(['T000001', { priority: 'high' }]);
    click(getByRole('link', '← All todos'));
    await settle();
    expect(getByRole('link', 'Plan trip').closest('li')?.querySelector('.priority')?.textContent).toBe(
      'High priority',
    );
  });

  it('adds a label, refuses a duplicate ignoring case, and removes one', async () => {
    const { api } = await renderApp({ todos: [todo], path: '/todos/T000001' });
    const input = getByLabel('New label');
    type(input, 'Rome');
    submit(input.closest('form'));
    await settle();
    expect(api.callsTo('updateTodo')[0]?.args).toEqual(['T000001', { labels: ['travel', 'Rome'] }]);
    expect(input.value).toBe('');

    type(input, 'TRAVEL');
    submit(input.closest('form'));
    await settle();
    expect(getByRole('alert', /already has the label/)).toBeTruthy();
    expect(api.callsTo('updateTodo')).toHaveLength(1);

    click(getByRole('button', 'Remove label travel'));
    await settle();
    expect(api.callsTo('updateTodo')[1]?.args).toEqual(['T000001', { labels: ['Rome'] }]);
    expect(api.todos[0]?.labels).toEqual(['Rome']);
  });

  it('says why a change failed and shows the saved priority again', async () => {
    const api = new FakeApi([todo]);
    api.failNext('updateTodo', new ApiError(503, 'SERVICE_UNAVAILABLE', 'busy'));
    await renderApp({ api, path: '/todos/T000001' });
    const priority = getByLabel<HTMLSelectElement>('Priority');
    choose(priority, 'low');
    await settle();
    expect(priority.value).toBe('none');
    const section = priority.closest('section') as HTMLElement;
    expect(section.querySelector('.form-error')?.textContent).toMatch(/.+/);
  });
});
