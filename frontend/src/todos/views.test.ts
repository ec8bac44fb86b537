import { afterEach, describe, expect, it } from 'vitest';
import { click, getByLabel, getByRole, settle } from '../testing/dom-helpers';
import { FakeApi, makeTodo } from '../testing/fake-backend';
import { currentPath, renderApp } from '../testing/render-app';
import { localDate } from '../ui/format';

const titles = () => [...document.querySelectorAll('.todo-title')].map((a) => a.textContent);
const view = (name: RegExp) => getByRole<HTMLAnchorElement>('link', name, getByRole('navigation', 'Views'));

/** A local date `days` from today, as the browser sees it. */
function dayFrom(days: number): string {
  const d = new Date();
  d.setDate(d.getDate() + days);
  return localDate(d);
}

const sample = () => [
  makeTodo(1, { title: 'Late one', dueDate: dayFrom(-3), priority: 'high' }),
  makeTodo(2, { title: 'Late two', dueDate: dayFrom(-1), labels: ['Home'] }),
  makeTodo(3, { title: 'Now', dueDate: dayFrom(0), labels: ['home', 'work'] }),
  makeTodo(4, { title: 'Soon', dueDate: dayFrom(5) }),
  makeTodo(5, { title: 'Someday' }),
  makeTodo(6, { title: 'Done', completed: true, dueDate: dayFrom(-9) }),
];

afterEach(() => sessionStorage.clear());

describe('smart views', () => {
  it('counts every view exactly and shows each through the URL, dated by the browser’s today', async () => {
    const { api } = await renderApp({ todos: sample() });
    expect(view(/^All/).textContent).toBe('All (6)');
    expect(view(/^Open/).textContent).toBe('Open (5)');
    expect(view(/^Today/).textContent).toBe('Today (1)');
    expect(view(/^Upcoming/).textContent).toBe('Upcoming (1)');
    expect(view(/^Overdue/).textContent).toBe('Overdue (2)');
    expect(view(/^Completed/).textContent).toBe('Completed (1)');

    click(view(/^Overdue/));
    await settle();
    expect(currentPath()).toBe('/?status=overdue');
    expect(getByRole('heading', 'Overdue todos')).toBeTruthy();
    expect(titles()).toEqual(['Late two', 'Late one']);
    expect(api.callsTo('listTodos').at(-1)?.args[0]).toMatchObject({
      status: 'open',
      due: 'overdue',
      today: localDate(),
    });

    click(view(/^Today/));
    await settle();
    expect(titles()).toEqual(['Now']);
  });

  it('adjusts the counts when a todo is completed, without asking again', async () => {
    const { api } = await renderApp({ todos: sample() });
    const before = api.callsTo('listTodos').length;
    click(getByLabel('Done: Late one'));
    await settle();
    expect(view(/^Overdue/).textContent).toBe('Overdue (1)');
    expect(view(/^Completed/).textContent).toBe('Completed (2)');
    expect(api.callsTo('listTodos').length).toBe(before);
  });

  it('keeps the view, sort and label across a reload', async () => {
    await renderApp({ todos: sample(), path: '/?status=open&label=home&sort=due' });
    expect(titles()).toEqual(['Late two', 'Now']);
    expect(getByLabel<HTMLSelectElement>('Sort').value).toBe('due');
    expect(view(/^Open/).getAttribute('aria-current')).toBe('page');
    expect(getByRole('heading', 'Open todos labelled “home”')).toBeTruthy();
  });
});

describe('sorting', () => {
  it('sorts by due date (undated last) or newest first, from the Sort control', async () => {
    await renderApp({ todos: sample() });
    expect(titles()).toEqual(['Done', 'Someday', 'Soon', 'Now', 'Late two', 'Late one']);
    const sort = getByLabel<HTMLSelectElement>('Sort');
    sort.value = 'due';
    sort.dispatchEvent(new Event('change', { bubbles: true }));
    await settle();
    expect(currentPath()).toBe('/?sort=due');
    expect(titles()).toEqual(['Done', 'Late one', 'Late two', 'Now', 'Soon', 'Someday']);
  });
});

describe('priority and labels on the list', () => {
  it('marks priority in words and lists labels as chips that filter by that label', async () => {
    await renderApp({ api: new FakeApi(sample()) });
    const late = getByRole('link', 'Late one').closest('li') as HTMLElement;
    expect(late.querySelector('.priority')?.textContent).toBe('High priority');

    const now = getByRole('link', 'Now').closest('li') as HTMLElement;
    click(getByRole('link', 'Label: work', now));
    await settle();
    expect(currentPath()).toBe('/?label=work');
    expect(titles()).toEqual(['Now']);
    expect(getByRole('heading', 'All todos labelled “work”')).toBeTruthy();

    click(getByRole('button', 'Show all labels'));
    await settle();
    expect(currentPath()).toBe('/');
    expect(titles()).toHaveLength(6);
  });
});
