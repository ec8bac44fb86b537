import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, NetworkError } from '../errors';
import {
  announced,
  click,
  getAllByLabelLike,
  getByLabel,
  getByRole,
  settle,
  submit,
  type,
} from '../testing/dom-helpers';
import { FakeApi, makeTodo } from '../testing/fake-backend';
import { renderApp } from '../testing/render-app';

const titles = () => [...document.querySelectorAll('.todo-title')].map((a) => a.firstChild?.textContent);
const addForm = () => document.querySelector('.add-form') as HTMLFormElement;
const filterLink = (name: RegExp) => getByRole<HTMLAnchorElement>('link', name);

afterEach(() => {
  vi.useRealTimers();
  sessionStorage.clear();
});

describe('adding a todo', () => {
  it('requires a title and says so next to the field', async () => {
    const { api } = await renderApp();
    submit(addForm());
    await settle();
    const title = getByLabel('Title');
    expect(title.getAttribute('aria-invalid')).toBe('true');
    const error = document.getElementById(title.getAttribute('aria-describedby') ?? '');
    expect(error?.textContent).toBe('Give the todo a title.');
    expect(error?.getAttribute('role')).toBe('alert');
    expect(api.callsTo('createTodo')).toHaveLength(0);
  });

  it('clears the title’s error, red border and aria-invalid as soon as a title is typed', async () => {
    await renderApp();
    submit(addForm());
    await settle();
    const title = getByLabel('Title');
    expect(title.getAttribute('aria-invalid')).toBe('true');
    type(title, 'B');
    expect(title.hasAttribute('aria-invalid')).toBe(false);
    expect(title.closest('.field')?.querySelector<HTMLElement>('.field-error')?.hidden).toBe(true);
    expect(title.getAttribute('aria-describedby')).toBeNull();
  });

  it('says so when a pasted title is cut to the 200 characters a title can hold', async () => {
    await renderApp();
    const title = getByLabel('Title');
    const data = new DataTransfer();
    data.setData('text/plain', 'x'.repeat(203));
    title.dispatchEvent(
      new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }),
    );
    const note = title.closest('.field')?.querySelector<HTMLElement>('[role=status]');
    expect(note?.hidden).toBe(false);
    expect(note?.textContent).toBe('The pasted text was cut off at 200 characters, the most Title can hold.');
    type(title, 'Short');
    expect(note?.hidden).toBe(true);
  });

  it('labels the add form’s fields with just their names, the required marker beside the label', async () => {
    await renderApp();
    const labels = [...addForm().querySelectorAll('label')].map((l) => l.textContent);
    expect(labels).toEqual(['Title', 'Due date', 'Description']);
    const title = getByLabel('Title');
    expect(getAllByLabelLike('Title')).toEqual([title]);
    expect(title.required).toBe(true);
    expect(title.getAttribute('aria-required')).toBe('true');
    expect(title.closest('.field')?.querySelector('.required[aria-hidden=true]')?.textContent).toBe('*');
  });

  it('adds the todo at the top, counts it, clears the form and is ready for the next one', async () => {
    const { api } = await renderApp({ todos: [makeTodo(1)] });
    type(getByLabel('Title'), '  Buy milk ');
    type(getByLabel('Description'), 'Oat');
    type(getByLabel('Due date'), '2030-05-01');
    submit(addForm());
    await settle();
    expect(api.callsTo('createTodo')[0]?.args[0]).toEqual({
      title: 'Buy milk',
      description: 'Oat',
      dueDate: '2030-05-01',
    });
    expect(titles()).toEqual(['Buy milk', 'Todo 1']);
    expect(filterLink(/^Open/).textContent).toBe('Open (2)');
    expect(getByLabel('Title').value).toBe('');
    expect(document.activeElement).toBe(getByLabel('Title'));
    await announced();
    expect(getByRole('status').textContent).toBe('Added “Buy milk”.');
  });

  it('shows an API validation error next to the field it is about', async () => {
    const api = new FakeApi();
    api.failNext(
      'createTodo',
      new ApiError(400, 'VALIDATION_ERROR', 'Invalid request body.', [
        { path: 'dueDate', message: 'Must be a real calendar date.' },
      ]),
    );
    await renderApp({ api });
    type(getByLabel('Title'), 'Taxes');
    type(getByLabel('Due date'), '2025-02-30');
    submit(addForm());
    await settle();
    const due = getByLabel('Due date');
    expect(due.getAttribute('aria-invalid')).toBe('true');
    expect(document.getElementById(due.getAttribute('aria-describedby') ?? '')?.textContent).toBe(
      'Must be a real calendar date.',
    );
    expect(document.activeElement).toBe(due);
  });

  it('keeps everything typed when the network fails, even across a reload', async () => {
    const api = new FakeApi();
    api.failNext('createTodo', new NetworkError());
    await renderApp({ api });
    type(getByLabel('Title'), 'Call the bank');
    type(getByLabel('Description'), 'About the loan');
    submit(addForm());
    await settle();
    expect(getByRole('alert').textContent).toMatch(/Can't reach the server/);
    expect(getByLabel('Title').value).toBe('Call the bank');

    await renderApp({ api }); // a reload
    expect(getByLabel('Title').value).toBe('Call the bank');
    expect(getByLabel('Description').value).toBe('About the loan');
    submit(addForm());
    await settle();
    expect(titles()).toEqual(['Call the bank']);
  });
});

describe('drafts', () => {
  it('forgets unsaved text on log-out, and never shows one user’s draft to another', async () => {
    await renderApp();
    type(getByLabel('Title'), 'Secret plan');

    // Alice's session expires, and Bob signs in on the same tab: he does not see her draft.
    const { auth } = await renderApp({ stored: 'expired' });
    auth.addUser('bob@example.com', 'Secret123');
    type(getByLabel('Email'), 'bob@example.com');
    type(getByLabel('Password'), 'Secret123');
    submit(document.querySelector('main form') as HTMLFormElement);
    await settle();
    expect(document.querySelector('.account-email')?.textContent).toBe('bob@example.com');
    expect(getByLabel('Title').value).toBe('');

    // Alice gets hers back, until she logs out.
    await renderApp();
    expect(getByLabel('Title').value).toBe('Secret plan');
    click(getByRole('button', 'Log out'));
    await settle();
    await renderApp();
    expect(getByLabel('Title').value).toBe('');
  });
});
