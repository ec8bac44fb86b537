import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../errors';
import {
  announced,
  click,
  getByLabel,
  getByRole,
  queryByRole,
  settle,
  submit,
  type,
} from '../testing/dom-helpers';
import { FakeApi, makeTodo } from '../testing/fake-backend';
import { currentPath, renderApp } from '../testing/render-app';
import { Drafts } from '../ui/drafts';
import { AUTOSAVE_DELAY_MS } from './autosave';

const WEEKLY = { every: 1, unit: 'week' } as const;
const NEEDS_DATE = 'A repeating todo needs a due date. To clear it, set Repeat to “Never” first.';
const formOf = (label: string) => getByLabel(label).closest('form') as HTMLFormElement;
const saveStatus = (label: string) => getByRole('status', undefined, formOf(label)).textContent;
const pause = () => vi.advanceTimersByTimeAsync(AUTOSAVE_DELAY_MS);
/** The text that describes `control` (its error message). */
const describedBy = (control: HTMLElement) =>
  document.getElementById(control.getAttribute('aria-describedby') ?? '')?.textContent;
/** Picks a date (or clears it): the browser sends input, then change. */
function pick(control: HTMLInputElement, value: string) {
  type(control, value);
  control.dispatchEvent(new Event('change', { bubbles: true }));
}
const patches = (api: FakeApi) => api.callsTo('updateTodo').map((c) => c.args[1]);

async function openRepeating(
  api = new FakeApi([makeTodo(1, { title: 'Water plants', dueDate: '2030-05-01', repeat: WEEKLY })]),
) {
  const app = await renderApp({ api, path: '/todos/T000001', drafts: new Drafts(sessionStorage) });
  vi.useFakeTimers({ shouldAdvanceTime: true });
  return app;
}

afterEach(() => {
  vi.useRealTimers();
  sessionStorage.clear();
});

describe('the due date of a repeating todo', () => {
  it('cannot be cleared: the field says why and nothing is sent, while other edits keep saving', async () => {
    const { api } = await openRepeating();
    const due = getByLabel('Due date');
    pick(due, '');
    await settle();
    expect(patches(api)).toEqual([]);
    expect(due.getAttribute('aria-invalid')).toBe('true');
    expect(describedBy(due)).toBe(NEEDS_DATE);
    expect(saveStatus('Due date')).toBe(`Not saved: ${NEEDS_DATE}`);

    type(getByLabel('Description'), 'Twice in summer');
    await pause();
    expect(patches(api)).toEqual([{ description: 'Twice in summer' }]);
    expect(api.todos[0]?.description).toBe('Twice in summer');
    expect(api.todos[0]?.dueDate).toBe('2030-05-01');
    // The date is still what cannot be saved, and still says so.
    expect(due.getAttribute('aria-invalid')).toBe('true');
    expect(saveStatus('Due date')).toBe(`Not saved: ${NEEDS_DATE}`);
  });

  it('asks before leaving with the date cleared, and a reopened todo sends nothing it cannot save', async () => {
    const { api, confirm } = await openRepeating();
    pick(getByLabel('Due date'), '');
    await settle();
    click(getByRole('link', '← All todos'));
    await settle();
    await announced();
    expect(confirm).toHaveBeenCalledWith('You have unsaved changes on this todo. Leave without saving them?');
    expect(currentPath()).toBe('/');
    expect(queryByRole('status', /were not saved/)).toBeNull();

    click(getByRole('link', 'Water plants'));
    await settle();
    expect(getByLabel('Due date').value).toBe('2030-05-01');
    expect(patches(api)).toEqual([]);
  });

  it('is cleared once the todo no longer repeats', async () => {
    const { api } = await openRepeating();
    const due = getByLabel('Due date');
    pick(due, '');
    await settle();
    const repeat = getByLabel<HTMLSelectElement>('Repeat');
    repeat.value = 'never';
    repeat.dispatchEvent(new Event('change', { bubbles: true }));
    submit(getByRole('button', 'Save repeat').closest('form'));
    await settle();
    expect(patches(api)).toEqual([{ repeat: null }, { dueDate: null }]);
    expect(api.todos[0]).toMatchObject({ repeat: null, dueDate: null });
    expect(due.hasAttribute('aria-invalid')).toBe(false);
    expect(saveStatus('Due date')).toBe('Saved');
  });

  it('refused by the server (repeating since this page loaded): shown on the field, and not sent again with later edits', async () => {
    const api = new FakeApi([makeTodo(1, { title: 'Water plants', dueDate: '2030-05-01' })]);
    await openRepeating(api);
    // Another tab made it repeat: this page does not know yet.
    api.todos = api.todos.map((t) => ({ ...t, repeat: WEEKLY }));
    const due = getByLabel('Due date');
    pick(due, '');
    await settle();
    expect(patches(api)).toEqual([{ dueDate: null }]);
    expect(due.getAttribute('aria-invalid')).toBe('true');
    expect(describedBy(due)).toBe(NEEDS_DATE);
    expect(saveStatus('Due date')).toBe(`Not saved: ${NEEDS_DATE}`);

    type(getByLabel('Description'), 'Twice in summer');
    await pause();
    expect(patches(api)).toEqual([{ dueDate: null }, { description: 'Twice in summer' }]);
    expect(api.todos[0]?.description).toBe('Twice in summer');

    // A date picked again is sent again.
    pick(due, '2030-06-01');
    await settle();
    expect(patches(api).at(-1)).toEqual({ dueDate: '2030-06-01' });
    expect(due.hasAttribute('aria-invalid')).toBe(false);
    expect(saveStatus('Due date')).toBe('Saved');
  });

  it('says what the server refused when it names no field the form shows, and highlights nothing', async () => {
    const api = new FakeApi([makeTodo(1, { title: 'Water plants' })]);
    api.failNext(
      'updateTodo',
      new ApiError(400, 'VALIDATION_ERROR', 'Invalid request body.', [
        { path: 'position', message: 'Must be 1–64 printable ASCII characters, no spaces.' },
      ]),
    );
    await openRepeating(api);
    type(getByLabel('Title'), 'Water the plants');
    await pause();
    expect(saveStatus('Title')).toBe(
      'Not saved: Position: Must be 1–64 printable ASCII characters, no spaces.',
    );
    expect(document.querySelector('[aria-invalid]')).toBeNull();

    type(getByLabel('Description'), 'Twice in summer');
    await pause();
    expect(patches(api).at(-1)).toEqual({ description: 'Twice in summer' });
  });
});

describe('a repeat on a todo without a due date', () => {
  it('refused by the server (its date cleared since this page loaded): says why on the Repeat control', async () => {
    const api = new FakeApi([makeTodo(1, { title: 'Water plants', dueDate: '2030-05-01' })]);
    await renderApp({ api, path: '/todos/T000001' });
    api.todos = api.todos.map((t) => ({ ...t, dueDate: null }));
    const repeat = getByLabel<HTMLSelectElement>('Repeat');
    repeat.value = 'week';
    repeat.dispatchEvent(new Event('change', { bubbles: true }));
    submit(getByRole('button', 'Save repeat').closest('form'));
    await settle();
    expect(patches(api)).toEqual([{ repeat: WEEKLY }]);
    const message = 'A repeating todo needs a due date: set one under Details first.';
    expect(getByRole('alert', message)).toBeTruthy();
    expect(repeat.getAttribute('aria-invalid')).toBe('true');
    expect(describedBy(repeat)).toBe(message);
    expect(queryByRole('alert', /highlighted/)).toBeNull();
  });
});
