import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../errors';
import { getByLabel, getByRole, queryByRole, settle, submit, type } from '../testing/dom-helpers';
import { FakeApi } from '../testing/fake-backend';
import { renderApp } from '../testing/render-app';
import { formatDay } from '../ui/format';
import { withOffset } from './reminder';

// Wednesday 4 March 2026, local time: the clock is fixed, so the tests do not depend on the hour they run.
const at = (hours: number, minutes: number) => vi.setSystemTime(new Date(2026, 2, 4, hours, minutes));
const preview = () => document.querySelector('.quick-add-preview')?.textContent;
const sent = (api: FakeApi) => api.callsTo('createTodo').map((c) => c.args[0]);
const titles = () => [...document.querySelectorAll('.todo-title')].map((a) => a.firstChild?.textContent);
const addForm = () => getByLabel('Title').closest('form') as HTMLFormElement;

async function openList(api = new FakeApi()) {
  vi.useFakeTimers({ toFake: ['Date'] });
  at(18, 7);
  return renderApp({ api });
}

afterEach(() => {
  vi.useRealTimers();
  sessionStorage.clear();
});

describe('quick add with a reminder time that has passed', () => {
  it('says so under the title, and adds the todo without the reminder', async () => {
    const { api } = await openList();
    type(getByLabel('Title'), 'Past reminder today @9am');
    expect(preview()).toBe(
      `Will add “Past reminder”: due ${formatDay('2026-03-04')}; no reminder: 09:00 has passed today.`,
    );
    submit(addForm());
    await settle();
    expect(sent(api)).toEqual([{ title: 'Past reminder', dueDate: '2026-03-04' }]);
    expect(titles()).toEqual(['Past reminder']);
    expect(queryByRole('alert', /./)).toBeNull();
  });

  it('without a date, reminds at the next such time: tomorrow', async () => {
    const { api } = await openList();
    type(getByLabel('Title'), 'Call mum @9am');
    expect(preview()).toBe('Will add “Call mum”: reminder at 09:00 tomorrow.');
    submit(addForm());
    await settle();
    expect(sent(api)).toEqual([{ title: 'Call mum', remindAt: withOffset('2026-03-05T09:00') }]);
  });

  it('goes by the date picked in the field too: a day gone by sets no reminder', async () => {
    const { api } = await openList();
    type(getByLabel('Title'), 'Call mum @9am');
    type(getByLabel('Due date'), '2026-03-01');
    expect(preview()).toBe(
      `Will add “Call mum”: no reminder: 09:00 on ${formatDay('2026-03-01')} has passed.`,
    );
    submit(addForm());
    await settle();
    expect(sent(api)).toEqual([{ title: 'Call mum', dueDate: '2026-03-01' }]);
  });

  it('when the time passes between typing and adding, shows what that means before adding anything', async () => {
    const { api } = await openList();
    at(8, 59);
    type(getByLabel('Title'), 'Call mum today @9am');
    expect(preview()).toBe(`Will add “Call mum”: due ${formatDay('2026-03-04')}; reminder at 09:00.`);
    at(9, 1);
    submit(addForm());
    await settle();
    expect(sent(api)).toEqual([]);
    expect(preview()).toBe(
      `Will add “Call mum”: due ${formatDay('2026-03-04')}; no reminder: 09:00 has passed today.`,
    );
    expect(getByRole('alert', /time has moved on/)).toBeTruthy();

    submit(addForm());
    await settle();
    expect(sent(api)).toEqual([{ title: 'Call mum', dueDate: '2026-03-04' }]);
  });

  it('a reminder the server still refuses is shown on the title, and what was typed stays', async () => {
    const api = new FakeApi();
    api.failNext(
      'createTodo',
      new ApiError(400, 'VALIDATION_ERROR', 'Invalid request body.', [
        { path: 'remindAt', message: 'Must be in the future.' },
      ]),
    );
    await openList(api);
    const title = getByLabel('Title');
    type(title, 'Call mum tomorrow @9am');
    submit(addForm());
    await settle();
    expect(title.value).toBe('Call mum tomorrow @9am');
    expect(title.getAttribute('aria-invalid')).toBe('true');
    expect(document.getElementById(title.getAttribute('aria-describedby') ?? '')?.textContent).toBe(
      'Reminder: Must be in the future. Change or remove the @time.',
    );
    expect(getByRole('alert', 'Please correct the highlighted fields.')).toBeTruthy();
  });

  it('a refusal of something the form does not show says what it was, and highlights nothing', async () => {
    const api = new FakeApi();
    api.failNext(
      'createTodo',
      new ApiError(400, 'VALIDATION_ERROR', 'Invalid request body.', [
        { path: 'labels.1', message: 'Labels must be unique, ignoring case.' },
      ]),
    );
    await openList(api);
    type(getByLabel('Title'), 'Plan #Trip #trip2');
    submit(addForm());
    await settle();
    expect(getByRole('alert', 'Labels: Labels must be unique, ignoring case.')).toBeTruthy();
    expect(document.querySelector('[aria-invalid]')).toBeNull();
    expect(getByLabel('Title').value).toBe('Plan #Trip #trip2');
  });

  it('the tip says “@9am” sets a reminder', async () => {
    await openList();
    expect(addForm().querySelector('.hint')?.textContent).toContain('“@9am” (a reminder)');
  });
});
