import { afterEach, describe, expect, it } from 'vitest';
import { getByLabel, settle, submit, type } from '../testing/dom-helpers';
import { renderApp } from '../testing/render-app';
import { formatDay, localDate } from '../ui/format';

const tomorrow = () => {
  const d = new Date();
  d.setDate(d.getDate() + 1);
  return localDate(d);
};
const preview = () => document.querySelector('.quick-add-preview')?.textContent;

afterEach(() => sessionStorage.clear());

describe('quick add', () => {
  it('shows what it understood while typing, and saves the title, due date, labels and priority', async () => {
    const { api } = await renderApp();
    const title = getByLabel('Title');
    type(title, 'Buy milk tomorrow #shopping !high');
    expect(preview()).toBe(
      `Will add “Buy milk”: due ${formatDay(tomorrow())}; label shopping; High priority.`,
    );
    // The raw text stays as typed, editable.
    expect(title.value).toBe('Buy milk tomorrow #shopping !high');
    submit(title.closest('form'));
    await settle();
    expect(api.callsTo('createTodo')[0]?.args[0]).toEqual({
      title: 'Buy milk',
      dueDate: tomorrow(),
      labels: ['shopping'],
      priority: 'high',
    });
    expect(preview()).toBe('');
  });

  it('lets a date picked in the field win, and says nothing for a plain title', async () => {
    const { api } = await renderApp();
    const title = getByLabel('Title');
    type(title, 'Call mum');
    expect(preview()).toBe('');
    type(title, 'Call mum tomorrow');
    type(getByLabel('Due date'), '2030-01-02');
    submit(title.closest('form'));
    await settle();
    expect(api.callsTo('createTodo')[0]?.args[0]).toEqual({ title: 'Call mum', dueDate: '2030-01-02' });
  });

  it('sets a reminder from "@9am": at that time on the due date, with the browser’s offset', async () => {
    const { api } = await renderApp();
    const title = getByLabel('Title');
    type(title, 'Call mum tomorrow @9am');
    expect(preview()).toBe(`Will add “Call mum”: due ${formatDay(tomorrow())}; reminder at 09:00.`);
    submit(title.closest('form'));
    await settle();
    const sent = api.callsTo('createTodo')[0]?.args[0] as { remindAt: string; title: string };
    expect(sent.title).toBe('Call mum');
    expect(sent.remindAt).toMatch(new RegExp(`^${tomorrow()}T09:00:00[+-]\\d{2}:\\d{2}$`));
    expect(new Date(sent.remindAt).getHours()).toBe(9);
  });
});
