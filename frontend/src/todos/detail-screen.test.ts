import { afterEach, describe, expect, it, vi } from 'vitest';
import { click, getByLabel, getByRole, queryByRole, settle } from '../testing/dom-helpers';
import { makeTodo } from '../testing/fake-backend';
import { currentPath, renderApp } from '../testing/render-app';
import { UNDO_MS } from './pending-deletes';

const todo = makeTodo(1, { title: 'Plan trip', description: 'Rome', notes: 'Book hotel' });

async function openDetail(options: Parameters<typeof renderApp>[0] = {}) {
  const app = await renderApp({ todos: [todo, makeTodo(2)], path: '/todos/T000001', ...options });
  return app;
}

const dialog = () => document.querySelector('dialog') as HTMLDialogElement;
async function deleteFromDetail() {
  click(getByRole('button', 'Delete todo'));
  click(getByRole('button', 'Delete', dialog()));
  await settle();
}
const accessibleDescription = (element: HTMLElement) =>
  document.getElementById(element.getAttribute('aria-describedby') ?? '')?.textContent;
afterEach(() => {
  vi.useRealTimers();
  sessionStorage.clear();
});

describe('the detail view', () => {
  it('has its own URL, shows the todo and goes back to the list it came from', async () => {
    await renderApp({ todos: [todo], path: '/?status=open' });
    click(getByRole('link', 'Plan trip'));
    await settle();
    expect(currentPath()).toBe('/todos/T000001');
    expect(getByRole('heading', 'Plan trip')).toBe(document.activeElement);
    expect(document.title).toBe('Plan trip · Todos');
    expect(getByLabel('Title').value).toBe('Plan trip');
    expect(getByLabel('Notes').value).toBe('Book hotel');

    click(getByRole('link', '← All todos'));
    await settle();
    expect(currentPath()).toBe('/?status=open');
  });

  it('"← All todos" returns focus to the todo that was opened, at the place the list was scrolled to', async () => {
    await renderApp({ todos: [makeTodo(3), todo, makeTodo(2)] });
    window.scrollTo(0, 480);
    click(getByRole('link', 'Plan trip'));
    await settle();
    expect(getByRole('heading', 'Plan trip')).toBe(document.activeElement);
    const scrollTo = vi.spyOn(window, 'scrollTo');
    click(getByRole('link', '← All todos'));
    await settle();
    expect(document.activeElement).toBe(getByRole('link', 'Plan trip'));
    expect(scrollTo).toHaveBeenLastCalledWith(0, 480);
  });

  it('does not ask when nothing changed', async () => {
    const { confirm } = await openDetail();
    click(getByRole('link', '← All todos'));
    await settle();
    expect(confirm).not.toHaveBeenCalled();
    expect(currentPath()).toBe('/');
  });

  it('completes and reopens the todo', async () => {
    const { api } = await openDetail();
    click(getByRole('button', 'Mark as done'));
    await settle();
    expect(api.callsTo('completeTodo')).toHaveLength(1);
    expect(document.querySelector('.detail-meta .badge')?.textContent).toBe('Done');
    click(getByRole('button', 'Reopen'));
    await settle();
    expect(api.callsTo('updateTodo')[0]?.args).toEqual(['T000001', { completed: false }]);
    expect(getByRole('button', 'Mark as done')).toBeTruthy();
  });

  it('deletes only after confirmation in a dialog, then returns to the list', async () => {
    const { api } = await openDetail();
    click(getByRole('button', 'Delete todo'));
    expect(dialog().open).toBe(true);
    expect(dialog().textContent).toContain('“Plan trip” and its attachments will be deleted for good.');
    expect(document.activeElement?.textContent).toBe('Cancel');
    click(getByRole('button', 'Cancel', dialog()));
    await settle();
    expect(api.callsTo('deleteTodo')).toHaveLength(0);

    vi.useFakeTimers({ shouldAdvanceTime: true });
    click(getByRole('button', 'Delete todo'));
    click(getByRole('button', 'Delete', dialog()));
    await settle();
    expect(currentPath()).toBe('/');
    expect(queryByRole('link', 'Plan trip')).toBeNull();
    // Nothing is sent while "Undo" is on offer (the time runs once focus has left it).
    expect(api.callsTo('deleteTodo')).toHaveLength(0);
    getByRole('heading', 'Your todos').focus();
    vi.advanceTimersByTime(UNDO_MS);
    await settle();
    expect(api.callsTo('deleteTodo')[0]?.args).toEqual(['T000001']);
  });

  it('puts a deleted todo back with Undo, and sends nothing', async () => {
    const { api } = await openDetail();
    vi.useFakeTimers({ shouldAdvanceTime: true });
    click(getByRole('button', 'Delete todo'));
    click(getByRole('button', 'Delete', dialog()));
    await settle();
    expect(document.querySelector('.undo-toast')?.textContent).toBe('Deleted “Plan trip” — Undo');
    click(getByRole('button', 'Undo'));
    await settle();
    expect(getByRole('link', 'Plan trip')).toBeTruthy();
    vi.advanceTimersByTime(UNDO_MS * 2);
    await settle();
    expect(api.callsTo('deleteTodo')).toHaveLength(0);
    expect(queryByRole('button', 'Undo')).toBeNull();
  });

  it('still deletes when the tab closes during the undo window', async () => {
    const { api } = await openDetail();
    click(getByRole('button', 'Delete todo'));
    click(getByRole('button', 'Delete', dialog()));
    await settle();
    window.dispatchEvent(new Event('pagehide'));
    expect(api.callsTo('deleteTodoOnExit').map((c) => c.args)).toEqual([['T000001']]);
  });

  it('sends a delete waiting for its undo before logging out, and only then logs out', async () => {
    const { api, auth } = await openDetail();
    let todosWhenSignedOut: string[] = [];
    const signOut = auth.signOut.bind(auth);
    auth.signOut = () => {
      todosWhenSignedOut = api.todos.map((t) => t.todoId);
      return signOut();
    };
    click(getByRole('button', 'Delete todo'));
    click(getByRole('button', 'Delete', dialog()));
    await settle();
    click(getByRole('button', 'Log out'));
    await settle();
    expect(api.callsTo('deleteTodo')[0]?.args).toEqual(['T000001']);
    // The server had the delete before the session was revoked.
    expect(auth.signedOut).toBe(1);
    expect(todosWhenSignedOut).not.toContain('T000001');
    expect(getByRole('heading', 'Log in')).toBeTruthy();
  });

  it('puts keyboard focus on Undo after a delete, and the time stands still while Undo has focus', async () => {
    const { api } = await openDetail();
    vi.useFakeTimers({ shouldAdvanceTime: true });
    await deleteFromDetail();
    const undo = getByRole('button', 'Undo');
    expect(document.activeElement).toBe(undo);
    expect(accessibleDescription(undo)).toBe('Deleted “Plan trip”');
    vi.advanceTimersByTime(UNDO_MS * 3);
    await settle();
    expect(api.callsTo('deleteTodo')).toHaveLength(0);

    // Moving on lets the time run again.
    getByRole('link', 'Todo 2').focus();
    vi.advanceTimersByTime(UNDO_MS / 2);
    await settle();
    expect(api.callsTo('deleteTodo')).toHaveLength(0);
    vi.advanceTimersByTime(UNDO_MS / 2);
    await settle();
    expect(api.callsTo('deleteTodo')[0]?.args).toEqual(['T000001']);
  });

  it('stops the time while the pointer is over the undo notice', async () => {
    const { api } = await openDetail();
    vi.useFakeTimers({ shouldAdvanceTime: true });
    await deleteFromDetail();
    getByRole('heading', 'Your todos').focus();
    const notice = document.querySelector('.undo-toast') as HTMLElement;
    notice.dispatchEvent(new Event('pointerenter'));
    vi.advanceTimersByTime(UNDO_MS * 3);
    await settle();
    expect(api.callsTo('deleteTodo')).toHaveLength(0);
    notice.dispatchEvent(new Event('pointerleave'));
    vi.advanceTimersByTime(UNDO_MS);
    await settle();
    expect(api.callsTo('deleteTodo')[0]?.args).toEqual(['T000001']);
  });

  it('after Undo, puts focus on the restored todo, never on the page body', async () => {
    await openDetail();
    vi.useFakeTimers({ shouldAdvanceTime: true });
    await deleteFromDetail();
    click(getByRole('button', 'Undo'));
    await settle();
    expect(document.activeElement).toBe(getByRole('link', 'Plan trip'));
  });

  it('when the notice goes while Undo has focus, focus goes to the list heading', async () => {
    await openDetail();
    await deleteFromDetail();
    expect(document.activeElement).toBe(getByRole('button', 'Undo'));
    // The tab was hidden and comes back (back/forward cache): the delete was sent meanwhile.
    window.dispatchEvent(new Event('pagehide'));
    expect(queryByRole('button', 'Undo')).toBeNull();
    expect(document.activeElement).toBe(getByRole('heading', 'Your todos'));
  });

  it('says so when the todo no longer exists', async () => {
    await renderApp({ path: '/todos/T999999' });
    expect(getByRole('heading', 'Todo not found')).toBeTruthy();
    expect(getByRole('link', 'Back to your todos')).toBeTruthy();
  });
});
