import { afterEach, describe, expect, it } from 'vitest';
import { click, getByLabel, getByRole, settle, submit, type } from './testing/dom-helpers';
import { makeTodo } from './testing/fake-backend';
import { currentPath, FakeTabs, renderApp } from './testing/render-app';

const titles = () => [...document.querySelectorAll('.todo-title')].map((a) => a.textContent);

afterEach(() => sessionStorage.clear());

describe('open tabs of one browser', () => {
  it('all leave the session when one logs out', async () => {
    const tabs = new FakeTabs();
    await renderApp({ tabs, todos: [makeTodo(1)] });
    tabs.receive({ type: 'signed-out' });
    await settle();
    expect(currentPath()).toBe('/login');
    expect(getByRole('heading', 'Log in')).toBeTruthy();
    expect(getByRole('status', 'You logged out in another tab.')).toBeTruthy();
    expect(document.querySelector('.todo-title')).toBeNull();
  });

  it('are told when this tab logs out', async () => {
    const tabs = new FakeTabs();
    await renderApp({ tabs });
    click(getByRole('button', 'Log out'));
    await settle();
    expect(tabs.sent).toContainEqual({ type: 'signed-out' });
  });

  it('are told of each change, and show the changes another tab made', async () => {
    const tabs = new FakeTabs();
    const { api } = await renderApp({ tabs, todos: [makeTodo(1, { title: 'Old' })] });
    type(getByLabel('Title'), 'Mine');
    submit(document.querySelector<HTMLFormElement>('.add-form'));
    await settle();
    expect(tabs.sent).toEqual([{ type: 'changed' }]);

    await api.createTodo({ title: 'From another tab' });
    tabs.receive({ type: 'changed' });
    await settle();
    expect(titles()).toEqual(['From another tab', 'Mine', 'Old']);
  });

  it('refresh what they show when they regain focus', async () => {
    const { api } = await renderApp({ todos: [makeTodo(1, { title: 'Old' })] });
    await api.createTodo({ title: 'Added elsewhere' });
    window.dispatchEvent(new Event('focus'));
    await settle();
    expect(titles()).toEqual(['Added elsewhere', 'Old']);
  });
});
