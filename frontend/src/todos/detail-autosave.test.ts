import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, NetworkError } from '../errors';
import { announced, click, getByLabel, getByRole, queryByRole, settle, type } from '../testing/dom-helpers';
import { FakeApi, makeTodo } from '../testing/fake-backend';
import { currentPath, renderApp } from '../testing/render-app';
import { Drafts } from '../ui/drafts';
import { AUTOSAVE_DELAY_MS } from './autosave';

const todo = makeTodo(1, { title: 'Plan trip', description: 'Rome', notes: 'Book hotel' });

async function openDetail(options: Parameters<typeof renderApp>[0] = {}) {
  const app = await renderApp({ todos: [todo, makeTodo(2)], path: '/todos/T000001', ...options });
  return app;
}

const formOf = (label: string) => getByLabel(label).closest('form') as HTMLFormElement;
/** What the form holding the control labelled `label` says about saving. */
const saveStatus = (label: string) => getByRole('status', undefined, formOf(label)).textContent;
/** The server's copy of the todo under test. */
const stored = (api: FakeApi) => api.todos.find((t) => t.todoId === 'T000001');
/** The user stops typing for `ms` (fake timers). */
const pause = (ms = AUTOSAVE_DELAY_MS) => vi.advanceTimersByTimeAsync(ms);
/** Picks a date: the browser sends input, then change. */
function pick(control: HTMLInputElement, value: string) {
  type(control, value);
  control.dispatchEvent(new Event('change', { bubbles: true }));
}
afterEach(() => {
  vi.useRealTimers();
  sessionStorage.clear();
});

describe('the detail view saves as it is typed', () => {
  it('saves the fields typed into a pause after typing, only those, and the list shows the change', async () => {
    const { api } = await openDetail();
    vi.useFakeTimers({ shouldAdvanceTime: true });
    type(getByLabel('Title'), 'Plan the');
    type(getByLabel('Title'), 'Plan the trip');
    await pause(AUTOSAVE_DELAY_MS - 100);
    expect(api.callsTo('updateTodo')).toHaveLength(0);
    expect(saveStatus('Title')).toBe('');
    await pause(100);
    expect(api.callsTo('updateTodo').map((c) => c.args)).toEqual([['T000001', { title: 'Plan the trip' }]]);
    expect(saveStatus('Title')).toBe('Saved');
    expect(getByRole('heading', 'Plan the trip')).toBeTruthy();

    // A date goes as soon as it is picked; clearing it sends null.
    pick(getByLabel('Due date'), '2030-01-02');
    await settle();
    expect(api.callsTo('updateTodo')[1]?.args).toEqual(['T000001', { dueDate: '2030-01-02' }]);
    pick(getByLabel('Due date'), '');
    await settle();
    expect(api.callsTo('updateTodo')[2]?.args).toEqual(['T000001', { dueDate: null }]);
    expect(stored(api)?.title).toBe('Plan the trip');
  });

  it('waits for a year typed digit by digit, and sends the date once it is whole', async () => {
    const { api } = await openDetail();
    vi.useFakeTimers({ shouldAdvanceTime: true });
    for (const date of ['0002-01-02', '0020-01-02', '0203-01-02']) pick(getByLabel('Due date'), date);
    await settle();
    expect(api.callsTo('updateTodo')).toHaveLength(0);
    pick(getByLabel('Due date'), '2030-01-02');
    await settle();
    expect(api.callsTo('updateTodo').map((c) => c.args)).toEqual([['T000001', { dueDate: '2030-01-02' }]]);
  });

  it('shows an error next to the field the API complained about, and keeps what was typed', async () => {
    const api = new FakeApi([todo]);
    api.failNext(
      'updateTodo',
      new ApiError(400, 'VALIDATION_ERROR', 'Invalid request body.', [
        { path: 'title', message: 'Must not contain control characters.' },
      ]),
    );
    await openDetail({ api });
    vi.useFakeTimers({ shouldAdvanceTime: true });
    type(getByLabel('Title'), 'Bad title');
    await pause();
    const title = getByLabel('Title');
    expect(title.getAttribute('aria-invalid')).toBe('true');
    expect(document.getElementById(title.getAttribute('aria-describedby') ?? '')?.textContent).toBe(
      'Must not contain control characters.',
    );
    expect(title.value).toBe('Bad title');
    // Refused as it is, it is held back like any input that cannot be sent (no Retry: it would fail again).
    expect(saveStatus('Title')).toBe('Not saved: Must not contain control characters.');
    expect(queryByRole('button', 'Retry')).toBeNull();
  });

  it('holds back only the field a refusal names: the rest of that save goes at once, alone', async () => {
    const api = new FakeApi([todo]);
    api.failNext(
      'updateTodo',
      new ApiError(400, 'VALIDATION_ERROR', 'Invalid request body.', [
        { path: 'notes', message: 'Must be at most 10000 characters.' },
      ]),
    );
    await openDetail({ api });
    vi.useFakeTimers({ shouldAdvanceTime: true });
    type(getByLabel('Title'), 'Plan the trip');
    type(getByLabel('Notes'), 'Too long, says the server');
    await pause();
    expect(api.callsTo('updateTodo').map((c) => c.args[1])).toEqual([
      { title: 'Plan the trip', notes: 'Too long, says the server' },
      { title: 'Plan the trip' },
    ]);
    expect(saveStatus('Title')).toBe('Saved');
    expect(saveStatus('Notes')).toBe('Not saved: Must be at most 10000 characters.');
    expect(getByLabel('Notes').getAttribute('aria-invalid')).toBe('true');

    type(getByLabel('Notes'), 'Book the hotel');
    await pause();
    expect(api.callsTo('updateTodo')[2]?.args[1]).toEqual({ notes: 'Book the hotel' });
    expect(saveStatus('Notes')).toBe('Saved');
    expect(getByLabel('Notes').hasAttribute('aria-invalid')).toBe(false);
  });

  it('does not send an empty title: marks the field and says the change is not saved', async () => {
    const { api } = await openDetail();
    vi.useFakeTimers({ shouldAdvanceTime: true });
    type(getByLabel('Title'), '  ');
    await pause();
    expect(api.callsTo('updateTodo')).toHaveLength(0);
    const title = getByLabel('Title');
    expect(title.getAttribute('aria-invalid')).toBe('true');
    expect(document.getElementById(title.getAttribute('aria-describedby') ?? '')?.textContent).toBe(
      'A todo needs a title.',
    );
    expect(saveStatus('Title')).toBe('Not saved: A todo needs a title.');
    expect(queryByRole('button', 'Retry')).toBeNull();

    type(title, 'Plan the trip');
    expect(title.hasAttribute('aria-invalid')).toBe(false);
    await pause();
    expect(api.callsTo('updateTodo')[0]?.args).toEqual(['T000001', { title: 'Plan the trip' }]);
    expect(saveStatus('Title')).toBe('Saved');
  });

  it('clears a field’s error as soon as the field is valid, and not before', async () => {
    await openDetail();
    vi.useFakeTimers({ shouldAdvanceTime: true });
    type(getByLabel('Title'), 'Bad\u0007title');
    await pause();
    const title = getByLabel('Title');
    expect(title.getAttribute('aria-invalid')).toBe('true');
    type(title, 'Still\u0007bad');
    expect(title.getAttribute('aria-invalid')).toBe('true');
    type(title, 'Good title');
    expect(title.hasAttribute('aria-invalid')).toBe(false);
    expect(title.closest('.field')?.querySelector<HTMLElement>('.field-error')?.hidden).toBe(true);
  });

  it('saves notes as they are typed, through PATCH, and says "Saved"', async () => {
    const { api } = await openDetail();
    vi.useFakeTimers({ shouldAdvanceTime: true });
    type(getByLabel('Notes'), 'Book hotel\nBuy tickets');
    await pause();
    expect(api.callsTo('updateTodo')[0]?.args).toEqual(['T000001', { notes: 'Book hotel\nBuy tickets' }]);
    expect(saveStatus('Notes')).toBe('Saved');
    expect(saveStatus('Title')).toBe('');
  });

  it('sends what waits at once when leaving, without asking, and the list shows it', async () => {
    const { api, confirm } = await openDetail();
    type(getByLabel('Title'), 'Plan the trip');
    click(getByRole('link', '← All todos'));
    await settle();
    expect(confirm).not.toHaveBeenCalled();
    expect(currentPath()).toBe('/');
    expect(api.callsTo('updateTodo').map((c) => c.args)).toEqual([['T000001', { title: 'Plan the trip' }]]);
    expect(getByRole('link', 'Plan the trip')).toBeTruthy();
  });

  it('says so when what was sent on leaving could not be saved, and keeps it for next time', async () => {
    const drafts = new Drafts(sessionStorage);
    const api = new FakeApi([todo]);
    await openDetail({ api, drafts });
    api.failNext('updateTodo', new NetworkError());
    type(getByLabel('Notes'), 'Book the hotel in Trastevere');
    click(getByRole('link', '← All todos'));
    await settle();
    await announced();
    expect(currentPath()).toBe('/');
    expect(
      getByRole('status', 'Your last changes to “Plan trip” were not saved. Open it to try again.'),
    ).toBeTruthy();

    click(getByRole('link', 'Plan trip'));
    await settle();
    expect(getByLabel('Notes').value).toBe('Book the hotel in Trastevere');
  });

  it('asks before leaving with a title that cannot be saved, and stays when the user says no', async () => {
    const { confirm } = await openDetail();
    type(getByLabel('Title'), '');
    confirm.mockReturnValueOnce(false);
    click(getByRole('link', '← All todos'));
    await settle();
    expect(confirm).toHaveBeenCalledWith('You have unsaved changes on this todo. Leave without saving them?');
    expect(currentPath()).toBe('/todos/T000001');
    expect(getByLabel('Title').value).toBe('');

    confirm.mockReturnValueOnce(true);
    click(getByRole('link', '← All todos'));
    await settle();
    expect(currentPath()).toBe('/');
  });

  it('keeps typed notes when saving fails: Retry saves them, and a reload brings them back and saves them', async () => {
    const drafts = new Drafts(sessionStorage);
    const api = new FakeApi([todo]);
    await openDetail({ api, drafts });
    vi.useFakeTimers({ shouldAdvanceTime: true });
    // The save, Retry, and the flush as the page goes all fail.
    api.failNext('updateTodo', new NetworkError(), 3);
    type(getByLabel('Notes'), 'Book hotel, then flights');
    await pause();
    expect(saveStatus('Notes')).toMatch(/^Not saved: Can't reach the server/);
    expect(getByLabel('Notes').value).toBe('Book hotel, then flights');
    click(getByRole('button', 'Retry'));
    await settle();
    expect(saveStatus('Notes')).toMatch(/^Not saved: Can't reach the server/);

    await openDetail({ api, drafts });
    expect(getByLabel('Notes').value).toBe('Book hotel, then flights');
    await pause();
    expect(stored(api)?.notes).toBe('Book hotel, then flights');
    expect(saveStatus('Notes')).toBe('Saved');
  });

  it('sends a pending change as a keepalive request when the tab closes or is hidden', async () => {
    const { api } = await openDetail();
    type(getByLabel('Notes'), 'Book the hotel in Trastevere');
    window.dispatchEvent(new Event('pagehide'));
    expect(api.callsTo('updateTodoOnExit').map((c) => c.args)).toEqual([
      ['T000001', { notes: 'Book the hotel in Trastevere' }],
    ]);
    await settle();

    type(getByLabel('Title'), 'Plan the trip');
    Object.defineProperty(document, 'visibilityState', { value: 'hidden', configurable: true });
    document.dispatchEvent(new Event('visibilitychange'));
    Object.defineProperty(document, 'visibilityState', { value: 'visible', configurable: true });
    expect(api.callsTo('updateTodoOnExit')[1]?.args).toEqual(['T000001', { title: 'Plan the trip' }]);
    await settle();
    expect(stored(api)?.title).toBe('Plan the trip');
    expect(saveStatus('Title')).toBe('Saved');
    // The tab came back: the page took the answer in.
    expect(getByRole('heading', 'Plan the trip')).toBeTruthy();
    expect(api.callsTo('updateTodo')).toHaveLength(0);
  });

  it('sends what was typed before logging out, and only then logs out', async () => {
    const { api, auth } = await openDetail();
    let notesWhenSignedOut: string | undefined;
    const signOut = auth.signOut.bind(auth);
    auth.signOut = () => {
      notesWhenSignedOut = stored(api)?.notes;
      return signOut();
    };
    type(getByLabel('Notes'), 'Book the hotel in Trastevere');
    click(getByRole('button', 'Log out'));
    await settle();
    expect(notesWhenSignedOut).toBe('Book the hotel in Trastevere');
    expect(getByRole('heading', 'Log in')).toBeTruthy();
  });
});
