import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, SessionExpiredError } from '../errors';
import {
  accessibleName,
  click,
  getAllByRole,
  getByRole,
  queryByRole,
  settle,
  submit,
  type,
} from '../testing/dom-helpers';
import { FakeApi, makeTodo } from '../testing/fake-backend';
import { currentPath, renderApp } from '../testing/render-app';
import { localDate } from '../ui/format';
import { SEARCH_DEBOUNCE_MS } from './list-screen';

const titles = () => [...document.querySelectorAll('.todo-title')].map((a) => a.firstChild?.textContent);
const filterLink = (name: RegExp) => getByRole<HTMLAnchorElement>('link', name);

afterEach(() => {
  vi.useRealTimers();
  sessionStorage.clear();
});

describe('the todo list', () => {
  it('shows todos newest first, with user text as text (never as HTML)', async () => {
    await renderApp({
      todos: [
        makeTodo(1, { title: 'Oldest' }),
        makeTodo(3, { title: '<img src=x onerror=alert(1)>' }),
        makeTodo(2),
      ],
    });
    expect(titles()).toEqual(['<img src=x onerror=alert(1)>', 'Todo 2', 'Oldest']);
    expect(document.querySelector('.todo-list img')).toBeNull();
  });

  it('makes overdue and due-today todos stand out, in words as well as colour', async () => {
    const today = localDate();
    await renderApp({
      todos: [
        makeTodo(1, { title: 'Late', dueDate: '2000-01-01' }),
        makeTodo(2, { title: 'Now', dueDate: today }),
        makeTodo(3, { title: 'Done late', dueDate: '2000-01-01', completed: true }),
        makeTodo(4, { title: 'Later', dueDate: '2999-01-01' }),
      ],
    });
    const row = (title: string) => getByRole('link', title).closest('li') as HTMLElement;
    expect(row('Late').dataset.due).toBe('overdue');
    expect(row('Late').querySelector('.badge')?.textContent).toBe('Overdue');
    expect(row('Now').querySelector('.badge')?.textContent).toBe('Due today');
    expect(getByRole('link', 'Done late').closest('li')?.dataset.due).toBe('none');
    expect(row('Later').querySelector('.badge')).toBeNull();
    expect(row('Later').textContent).toMatch(/Due .*2999/);
  });

  it('says what to do when there are no todos yet', async () => {
    await renderApp();
    expect(document.querySelector('.empty')?.textContent).toBe(
      'You have no todos yet. Add your first one with the form above.',
    );
  });

  it('counts open and completed todos for the filters and filters through the URL', async () => {
    await renderApp({
      todos: [makeTodo(1), makeTodo(2, { completed: true }), makeTodo(3), makeTodo(4, { completed: true })],
    });
    expect(filterLink(/^All/).textContent).toBe('All (4)');
    expect(filterLink(/^Open/).textContent).toBe('Open (2)');
    expect(filterLink(/^Completed/).textContent).toBe('Completed (2)');
    expect(filterLink(/^All/).getAttribute('aria-current')).toBe('page');

    click(filterLink(/^Completed/));
    await settle();
    expect(currentPath()).toBe('/?status=completed');
    expect(titles()).toEqual(['Todo 4', 'Todo 2']);
    expect(filterLink(/^Completed/).getAttribute('aria-current')).toBe('page');
    expect(getByRole('heading', 'Completed todos')).toBeTruthy();

    // The browser's back button:
    history.replaceState(null, '', '/');
    window.dispatchEvent(new PopStateEvent('popstate'));
    await settle();
    expect(currentPath()).toBe('/');
    expect(titles()).toHaveLength(4);
  });

  it('counts totals exactly past one page, and a due-date view as "100+" past its capped request', async () => {
    await renderApp({
      todos: Array.from({ length: 105 }, (_, i) => makeTodo(i + 1, { dueDate: '2000-01-01' })),
    });
    expect(filterLink(/^Open/).textContent).toBe('Open (105)');
    expect(filterLink(/^All/).textContent).toBe('All (105)');
    expect(filterLink(/^Completed/).textContent).toBe('Completed (0)');
    expect(filterLink(/^Overdue/).textContent).toBe('Overdue (100+)');
  });

  it('loads more through the cursor and keeps focus on "Load more"', async () => {
    const { api } = await renderApp({ todos: Array.from({ length: 45 }, (_, i) => makeTodo(i + 1)) });
    expect(titles()).toHaveLength(20);
    click(getByRole('button', 'Load more'));
    await settle();
    expect(titles()).toHaveLength(40);
    expect(titles()[20]).toBe('Todo 25');
    expect(document.activeElement?.textContent).toBe('Load more');
    const pages = api.callsTo('listTodos').filter((c) => (c.args[0] as { limit: number }).limit === 20);
    expect(pages.map((c) => (c.args[0] as { cursor?: string }).cursor)).toEqual([undefined, '20']);

    click(getByRole('button', 'Load more'));
    await settle();
    expect(titles()).toHaveLength(45);
    expect(queryByRole('button', 'Load more')).toBeNull();
    // The button went away: focus moved to the first todo that just loaded.
    expect(document.activeElement?.closest('li')?.textContent).toContain('Todo 5');
  });

  it('searches as you type, once the typing pauses, and keeps the search in the URL', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const appPromise = renderApp({
      todos: [
        makeTodo(1, { title: 'Buy milk' }),
        makeTodo(2, { title: 'Walk dog', description: 'MILKY way' }),
      ],
    });
    await vi.runAllTimersAsync();
    const { api } = await appPromise;
    const before = api.callsTo('listTodos').length;
    const search = getByRole<HTMLInputElement>('searchbox', 'Search todos');
    for (const text of ['m', 'mi', 'mil', 'MILK']) {
      type(search, text);
      await vi.advanceTimersByTimeAsync(100);
    }
    expect(api.callsTo('listTodos').length).toBe(before);
    await vi.advanceTimersByTimeAsync(SEARCH_DEBOUNCE_MS);
    await vi.runAllTimersAsync();
    expect(currentPath()).toBe('/?q=MILK');
    expect(titles()).toEqual(['Walk dog', 'Buy milk']);
    expect(document.activeElement).toBe(search);

    type(search, 'cat');
    submit(search.form);
    await vi.runAllTimersAsync();
    expect(document.querySelector('.empty')?.textContent).toBe(
      'Nothing matches “cat”. Try another word, or clear the search.',
    );
  });
});

describe('search results', () => {
  it('are announced in a live region: how many match, or that nothing does', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const appPromise = renderApp({ todos: [makeTodo(1, { title: 'Buy milk' }), makeTodo(2)] });
    await vi.runAllTimersAsync();
    await appPromise;
    const region = document.querySelector('.search-results[aria-live=polite]');
    const said = () => region?.textContent;
    const search = getByRole<HTMLInputElement>('searchbox', 'Search todos');
    type(search, 'milk');
    await vi.advanceTimersByTimeAsync(SEARCH_DEBOUNCE_MS);
    await vi.runAllTimersAsync();
    expect(said()).toBe('1 todo matches “milk”.');
    type(search, 'cat');
    await vi.advanceTimersByTimeAsync(SEARCH_DEBOUNCE_MS);
    await vi.runAllTimersAsync();
    expect(said()).toBe('No todos match “cat”.');
  });
});

describe('completing from the list', () => {
  it('completes and reopens with the checkbox, updating the counts and keeping focus', async () => {
    const { api } = await renderApp({ todos: [makeTodo(1, { title: 'Pay rent' }), makeTodo(2)] });
    const checkbox = getByRole<HTMLInputElement>('checkbox', 'Done: Pay rent');
    checkbox.focus();
    checkbox.checked = true;
    checkbox.dispatchEvent(new Event('change', { bubbles: true }));
    await settle();
    expect(api.callsTo('completeTodo')[0]?.args).toEqual(['T000001', localDate()]);
    const after = getByRole<HTMLInputElement>('checkbox', 'Done: Pay rent');
    expect(after.checked).toBe(true);
    expect(after.closest('li')?.classList.contains('is-completed')).toBe(true);
    expect(document.activeElement).toBe(after);
    expect(filterLink(/^Completed/).textContent).toBe('Completed (1)');
    // The link is named just the title; the checked checkbox says it is done.
    const link = getByRole('link', 'Pay rent');
    expect(accessibleName(link)).toBe('Pay rent');
    expect(link.textContent).toBe('Pay rent');
    expect(getAllByRole('link', /Pay rent/)).toEqual([link]);

    after.checked = false;
    after.dispatchEvent(new Event('change', { bubbles: true }));
    await settle();
    expect(api.callsTo('updateTodo')[0]?.args).toEqual(['T000001', { completed: false }]);
    expect(filterLink(/^Open/).textContent).toBe('Open (2)');
  });

  it('explains a failure next to the todo and leaves the checkbox as it was', async () => {
    const api = new FakeApi([makeTodo(1, { title: 'Pay rent' })]);
    api.failNext('completeTodo', new ApiError(503, 'SERVICE_UNAVAILABLE', 'busy'));
    await renderApp({ api });
    const checkbox = getByRole<HTMLInputElement>('checkbox', 'Done: Pay rent');
    checkbox.checked = true;
    checkbox.dispatchEvent(new Event('change', { bubbles: true }));
    await settle();
    const row = getByRole<HTMLInputElement>('checkbox', 'Done: Pay rent');
    expect(row.checked).toBe(false);
    expect(document.getElementById(row.getAttribute('aria-describedby') ?? '')?.textContent).toMatch(/busy/);
  });

  it('returns to the login screen when the session has expired, remembering the page', async () => {
    const api = new FakeApi([makeTodo(1, { title: 'Pay rent' })]);
    api.failNext('completeTodo', new SessionExpiredError());
    await renderApp({ api, path: '/?status=open' });
    const checkbox = getByRole<HTMLInputElement>('checkbox', 'Done: Pay rent');
    checkbox.checked = true;
    checkbox.dispatchEvent(new Event('change', { bubbles: true }));
    await settle();
    expect(currentPath()).toBe('/login?next=%2F%3Fstatus%3Dopen');
    expect(getByRole('status', 'Your session has expired. Please log in again.')).toBeTruthy();
    expect(getAllByRole('checkbox')).toEqual([]);
  });
});
