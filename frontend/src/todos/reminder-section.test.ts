import { afterEach, describe, expect, it } from 'vitest';
import { click, getByLabel, getByRole, settle, submit, type } from '../testing/dom-helpers';
import { makeTodo } from '../testing/fake-backend';
import { renderApp } from '../testing/render-app';
import { toLocalInput, withOffset } from './reminder';

const formOf = (label: string) => getByLabel(label).closest('form') as HTMLFormElement;
afterEach(() => sessionStorage.clear());

describe('reminders in the app', () => {
  it('sends remindAt with the browser offset and shows the bell with the time on the list row', async () => {
    const { api } = await renderApp({ todos: [makeTodo(1, { title: 'Call Bob' })], path: '/todos/T000001' });
    type(getByLabel('Remind me'), '2030-01-31T09:00');
    submit(formOf('Remind me'));
    await settle();
    const sent = api.callsTo('updateTodo')[0]?.args[1] as { remindAt: string };
    expect(sent.remindAt).toBe(withOffset('2030-01-31T09:00'));
    expect(sent.remindAt).toMatch(/^2030-01-31T09:00:00(Z|[+-]\d\d:\d\d)$/);
    expect(new Date(sent.remindAt).getTime()).toBe(new Date('2030-01-31T09:00').getTime());
    expect(document.querySelector('main')?.textContent).toContain('Reminder set for');

    click(getByRole('link', '← All todos'));
    await settle();
    const row = document.querySelector('li[data-id="T000001"]');
    expect(row?.querySelector('.todo-reminder')?.textContent).toContain('Reminder:');
    expect(row?.querySelector('time')?.getAttribute('datetime')).toBe(sent.remindAt);
  });

  it('clears the reminder with null and refuses a time in the past before sending', async () => {
    const remindAt = '2030-01-31T09:00:00+01:00';
    const { api } = await renderApp({ todos: [makeTodo(1, { remindAt })], path: '/todos/T000001' });
    expect(getByLabel('Remind me').value).toBe(toLocalInput(remindAt));

    type(getByLabel('Remind me'), '2001-01-01T09:00');
    submit(formOf('Remind me'));
    await settle();
    expect(api.callsTo('updateTodo')).toHaveLength(0);
    expect(getByLabel('Remind me').getAttribute('aria-invalid')).toBe('true');

    click(getByRole('button', 'Clear reminder'));
    await settle();
    expect(api.callsTo('updateTodo')[0]?.args[1]).toEqual({ remindAt: null });
    expect(api.todos[0]?.remindAt).toBeNull();
    expect(getByLabel('Remind me').value).toBe('');
    expect(document.querySelector('main')?.textContent).toContain('No reminder.');
  });

  it('says a reminder whose time has passed was sent, on the detail screen and on the list row', async () => {
    const remindAt = '2020-05-04T09:00:00+00:00';
    await renderApp({ todos: [makeTodo(1, { title: 'Call Ann', remindAt })], path: '/todos/T000001' });
    expect(document.querySelector('main')?.textContent).toContain('Reminder sent at');

    click(getByRole('link', '← All todos'));
    await settle();
    const marker = document.querySelector('li[data-id="T000001"] .todo-reminder');
    expect(marker?.textContent).toContain('Reminded');
    expect(marker?.textContent).not.toContain('🔔');
  });
});
