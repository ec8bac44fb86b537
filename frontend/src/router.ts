import type { StatusFilter, TodoSort } from './types';

/** What the list shows: a status, or one of the due-date views (open todos only). */
export type ListView = StatusFilter | 'today' | 'upcoming' | 'overdue';

export type Route =
  | { name: 'login'; next: string | null }
  | { name: 'register' }
  | { name: 'confirm'; email: string }
  | { name: 'forgot' }
  | { name: 'reset'; email: string }
  | { name: 'list'; status: ListView; q: string; sort: TodoSort; label: string }
  | { name: 'todo'; todoId: string }
  | { name: 'account' }
  | { name: 'not-found' };

export type RouteName = Route['name'];

const PUBLIC: ReadonlySet<RouteName> = new Set(['login', 'register', 'confirm', 'forgot', 'reset']);

/** Screens reachable without signing in. */
export const isPublicRoute = (route: Route) => PUBLIC.has(route.name);

const VIEWS: readonly ListView[] = ['all', 'open', 'today', 'upcoming', 'overdue', 'completed'];
const SORTS: readonly TodoSort[] = ['created', 'due', 'manual'];

const oneOf = <T extends string>(value: string | null, allowed: readonly T[], fallback: T): T =>
  allowed.includes(value as T) ? (value as T) : fallback;

/** A path to go back to after login: same-origin and absolute only (no open redirects). */
export function safeNext(value: string | null | undefined): string | null {
  if (!value?.startsWith('/') || value.startsWith('//') || value.includes('\\')) return null;
  return value;
}

export function parseRoute(pathname: string, search = ''): Route {
  const params = new URLSearchParams(search);
  const path = pathname.replace(/\/+$/, '') || '/';
  switch (path) {
    case '/': {
      return {
        name: 'list',
        status: oneOf(params.get('status'), VIEWS, 'all'),
        q: params.get('q') ?? '',
        sort: oneOf(params.get('sort'), SORTS, 'created'),
        label: params.get('label') ?? '',
      };
    }
    case '/login':
      return { name: 'login', next: safeNext(params.get('next')) };
    case '/register':
      return { name: 'register' };
    case '/confirm':
      return { name: 'confirm', email: params.get('email') ?? '' };
    case '/forgot-password':
      return { name: 'forgot' };
    case '/reset-password':
      return { name: 'reset', email: params.get('email') ?? '' };
    case '/account':
      return { name: 'account' };
  }
  const todo = /^\/todos\/([^/]+)$/.exec(path);
  if (todo?.[1]) {
    try {
      return { name: 'todo', todoId: decodeURIComponent(todo[1]) };
    } catch {
      return { name: 'not-found' };
    }
  }
  return { name: 'not-found' };
}

const withQuery = (path: string, params: Record<string, string | null | undefined>) => {
  const query = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value) query.set(key, value);
  const text = query.toString();
  return text ? `${path}?${text}` : path;
};

/** The URL of a route; parseRoute(pathFor(r)) gives r back. */
export function pathFor(route: Route): string {
  switch (route.name) {
    case 'list':
      return withQuery('/', {
        status: route.status === 'all' ? null : route.status,
        label: route.label,
        sort: route.sort === 'created' ? null : route.sort,
        q: route.q,
      });
    case 'todo':
      return `/todos/${encodeURIComponent(route.todoId)}`;
    case 'login':
      return withQuery('/login', { next: route.next });
    case 'register':
      return '/register';
    case 'confirm':
      return withQuery('/confirm', { email: route.email });
    case 'forgot':
      return '/forgot-password';
    case 'reset':
      return withQuery('/reset-password', { email: route.email });
    case 'account':
      return '/account';
    case 'not-found':
      return '/404';
  }
}

/** Returns true when leaving the current view is fine (e.g. after asking about unsaved changes). */
export type LeaveGuard = () => boolean;

/**
 * History API router. Same-origin link clicks and navigate() push entries; back and forward
 * come through popstate. Dispatches `change` after every route change. A guard may veto leaving.
 */
export class Router extends EventTarget {
  readonly #window: Window;
  #route: Route;
  #url: string;
  #guard: LeaveGuard | null = null;

  constructor(win: Window = window) {
    super();
    this.#window = win;
    this.#url = this.#currentUrl();
    this.#route = parseRoute(win.location.pathname, win.location.search);
  }

  get route(): Route {
    return this.#route;
  }

  /** The current path with its query, e.g. "/todos/01H...?x=1". */
  get url(): string {
    return this.#url;
  }

  #currentUrl() {
    return this.#window.location.pathname + this.#window.location.search;
  }

  start() {
    this.#window.addEventListener('popstate', this.#onPopState);
    this.#window.document.addEventListener('click', this.#onClick);
  }

  stop() {
    this.#window.removeEventListener('popstate', this.#onPopState);
    this.#window.document.removeEventListener('click', this.#onClick);
  }

  setGuard(guard: LeaveGuard | null) {
    this.#guard = guard;
  }

  /** Asks the guard (if any) whether the user may leave the current view. */
  canLeave(): boolean {
    return !this.#guard || this.#guard();
  }

  /**
   * Goes to `path`. `replace` rewrites the current entry (search typing, redirects); `force`
   * skips the leave guard (the session ended). Returns false when the guard kept the user here.
   */
  navigate(path: string, options: { replace?: boolean; force?: boolean } = {}): boolean {
    const url = new URL(path, this.#window.location.href);
    const target = url.pathname + url.search;
    const samePage = url.pathname === this.#window.location.pathname;
    if (!samePage && !options.force && this.#guard && !this.#guard()) return false;
    if (target === this.#url) return true;
    if (options.replace) this.#window.history.replaceState(null, '', target);
    else this.#window.history.pushState(null, '', target);
    this.#update();
    return true;
  }

  #update() {
    this.#url = this.#currentUrl();
    this.#route = parseRoute(this.#window.location.pathname, this.#window.location.search);
    this.dispatchEvent(new Event('change'));
  }

  #onPopState = () => {
    const left = this.#url;
    const leavingPage = new URL(left, this.#window.location.href).pathname !== this.#window.location.pathname;
    if (leavingPage && this.#guard && !this.#guard()) {
      // The browser already moved; put the page the user chose to stay on back in the address bar.
      this.#window.history.pushState(null, '', left);
      return;
    }
    this.#update();
  };

  #onClick = (event: MouseEvent) => {
    if (event.defaultPrevented || event.button !== 0) return;
    if (event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    const link = (event.target as Element | null)?.closest?.('a[href]') as HTMLAnchorElement | null;
    if (!link || link.target || link.hasAttribute('download')) return;
    if (link.getAttribute('href')?.startsWith('#')) return; // in-page links, e.g. "skip to content"
    const url = new URL(link.href, this.#window.location.href);
    if (url.origin !== this.#window.location.origin) return;
    event.preventDefault();
    this.navigate(url.pathname + url.search);
  };
}
