import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { parseRoute, pathFor, type Route, Router, safeNext } from './router';

describe('parseRoute / pathFor', () => {
  it('reads the list view, sort, label and search from the query string, defaulting to all, newest', () => {
    expect(parseRoute('/', '')).toEqual({ name: 'list', status: 'all', q: '', sort: 'created', label: '' });
    expect(parseRoute('/', '?status=completed&q=milk')).toEqual({
      name: 'list',
      status: 'completed',
      q: 'milk',
      sort: 'created',
      label: '',
    });
    expect(parseRoute('/', '?status=overdue&sort=manual&label=Home')).toEqual({
      name: 'list',
      status: 'overdue',
      q: '',
      sort: 'manual',
      label: 'Home',
    });
    expect(parseRoute('/', '?status=bogus&sort=bogus')).toEqual({
      name: 'list',
      status: 'all',
      q: '',
      sort: 'created',
      label: '',
    });
  });

  it('gives each todo its own URL', () => {
    expect(parseRoute('/todos/01HABC', '')).toEqual({ name: 'todo', todoId: '01HABC' });
    expect(pathFor({ name: 'todo', todoId: '01HABC' })).toBe('/todos/01HABC');
  });

  it('sends unknown paths to not-found', () => {
    expect(parseRoute('/nope', '').name).toBe('not-found');
    expect(parseRoute('/todos/a/b', '').name).toBe('not-found');
  });

  it('round-trips every route through its URL', () => {
    const routes: Route[] = [
      { name: 'list', status: 'all', q: '', sort: 'created', label: '' },
      { name: 'list', status: 'open', q: 'a b&c', sort: 'created', label: '' },
      { name: 'list', status: 'today', q: '', sort: 'due', label: 'café & co' },
      { name: 'todo', todoId: 'X/Y' },
      { name: 'login', next: '/todos/1?x=1' },
      { name: 'login', next: null },
      { name: 'register' },
      { name: 'confirm', email: 'a+b@example.com' },
      { name: 'forgot' },
      { name: 'reset', email: 'a@example.com' },
    ];
    for (const route of routes) {
      const url = new URL(pathFor(route), 'http://x');
      expect(parseRoute(url.pathname, url.search)).toEqual(route);
    }
  });

  it('only returns to same-site paths after login (no open redirects)', () => {
    expect(safeNext('/todos/1')).toBe('/todos/1');
    expect(safeNext('//evil.example')).toBeNull();
    expect(safeNext('https://evil.example')).toBeNull();
    expect(safeNext('/\\evil.example')).toBeNull();
    expect(parseRoute('/login', '?next=%2F%2Fevil.example')).toEqual({ name: 'login', next: null });
  });
});

describe('Router', () => {
  let router: Router;

  beforeEach(() => {
    history.replaceState(null, '', '/');
    router = new Router(window);
    router.start();
  });

  afterEach(() => {
    router.stop();
    document.body.replaceChildren();
  });

  it('pushes a history entry and announces the new route', () => {
    const onChange = vi.fn();
    router.addEventListener('change', onChange);
    const before = history.length;
    router.navigate('/todos/42');
    expect(location.pathname).toBe('/todos/42');
    expect(history.length).toBe(before + 1);
    expect(router.route).toEqual({ name: 'todo', todoId: '42' });
    expect(onChange).toHaveBeenCalledTimes(1);
  });

  it('replaces the entry when asked, e.g. while typing a search', () => {
    const before = history.length;
    router.navigate('/?q=milk', { replace: true });
    expect(history.length).toBe(before);
    expect(router.url).toBe('/?q=milk');
  });

  it('follows back and forward', () => {
    router.navigate('/todos/1');
    history.replaceState(null, '', '/?status=open');
    window.dispatchEvent(new PopStateEvent('popstate'));
    expect(router.route).toEqual({ name: 'list', status: 'open', q: '', sort: 'created', label: '' });
  });

  it('routes same-origin link clicks without reloading, and leaves other clicks alone', () => {
    const internal = document.createElement('a');
    internal.href = '/todos/7';
    const external = document.createElement('a');
    external.href = 'https://example.org/';
    const skip = document.createElement('a');
    skip.href = '#main';
    document.body.append(internal, external, skip);

    const click = (el: HTMLElement, init: MouseEventInit = {}) => {
      const event = new MouseEvent('click', { bubbles: true, cancelable: true, button: 0, ...init });
      el.dispatchEvent(event);
      return event.defaultPrevented;
    };
    expect(click(internal)).toBe(true);
    expect(router.route).toEqual({ name: 'todo', todoId: '7' });
    expect(click(external)).toBe(false);
    expect(click(skip)).toBe(false);
    history.replaceState(null, '', '/');
    expect(click(internal, { ctrlKey: true })).toBe(false);
  });

  it('lets a guard keep the user on the page, for navigation and for back', () => {
    router.navigate('/todos/1');
    const guard = vi.fn(() => false);
    router.setGuard(guard);
    expect(router.navigate('/')).toBe(false);
    expect(location.pathname).toBe('/todos/1');

    history.replaceState(null, '', '/');
    window.dispatchEvent(new PopStateEvent('popstate'));
    expect(location.pathname).toBe('/todos/1');
    expect(router.route).toEqual({ name: 'todo', todoId: '1' });

    expect(router.navigate('/', { force: true })).toBe(true);
    expect(guard).toHaveBeenCalledTimes(2);
  });

  it('does not consult the guard for changes within the same page', () => {
    const guard = vi.fn(() => false);
    router.setGuard(guard);
    expect(router.navigate('/?q=x', { replace: true })).toBe(true);
    expect(guard).not.toHaveBeenCalled();
  });
});
