import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { click, getByRole, settle } from '../testing/dom-helpers';
import { makeTodo } from '../testing/fake-backend';
import { renderApp } from '../testing/render-app';

const titles = () => document.querySelectorAll('.todo-title').length;

/** A stand-in for the browser's observer: the test says when the end of the list is in view. */
class FakeObserver {
  static last: FakeObserver | null = null;
  constructor(readonly callback: IntersectionObserverCallback) {
    FakeObserver.last = this;
  }
  observe() {}
  disconnect() {}
  scrollIntoView(visible: boolean) {
    this.callback([{ isIntersecting: visible } as IntersectionObserverEntry], this as never);
  }
}

beforeEach(() => vi.stubGlobal('IntersectionObserver', FakeObserver));
afterEach(() => vi.unstubAllGlobals());

describe('the list keeps loading while the user scrolls', () => {
  it('loads the next page when the end comes into view, and again while it stays in view', async () => {
    const { api } = await renderApp({ todos: Array.from({ length: 65 }, (_, i) => makeTodo(i + 1)) });
    expect(titles()).toBe(20);
    FakeObserver.last!.scrollIntoView(true);
    await settle();
    // The end stayed in view after each page, so pages kept coming until none was left.
    expect(titles()).toBe(65);
    expect(api.callsTo('listTodos').filter((c) => (c.args[0] as { cursor?: string }).cursor)).toHaveLength(3);
    expect(document.querySelector('.list-loaded')?.textContent).toBe('Showing 65 todos.');
  });

  it('loads nothing while the end is out of view', async () => {
    await renderApp({ todos: Array.from({ length: 45 }, (_, i) => makeTodo(i + 1)) });
    FakeObserver.last!.scrollIntoView(false);
    await settle();
    expect(titles()).toBe(20);
  });

  it('offers a link that skips past the list to "Load more"', async () => {
    await renderApp({ todos: Array.from({ length: 45 }, (_, i) => makeTodo(i + 1)) });
    click(getByRole('link', 'Skip to the end of the list'));
    expect(document.activeElement?.textContent).toBe('Load more');
  });

  it('offers no skip link while the list is empty', async () => {
    await renderApp({ todos: [] });
    const link = [...document.querySelectorAll('a')].find(
      (a) => a.textContent === 'Skip to the end of the list',
    );
    expect(link?.hidden).toBe(true);
  });
});
