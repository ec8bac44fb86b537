import { type ActionDeps, Actions, type ApiPort, type AuthPort } from './actions';
import { Drafts } from './drafts';
import { describeError } from './messages';
import { isPublicRoute, pathFor, type Route, type Router } from './router';
import { type AppState, initialState } from './state';
import { Store } from './store';
import { confirmScreen, forgotScreen, loginScreen, registerScreen, resetScreen } from './views/auth-screens';
import { detailScreen } from './views/detail-screen';
import { listScreen } from './views/list-screen';
import { notFoundScreen } from './views/not-found-screen';
import type { Screen, ScreenContext } from './views/screen';
import { createShell } from './views/shell';

export interface AppDeps {
  api: ApiPort;
  auth: AuthPort;
  router: Router;
  maxUploadBytes: number;
  drafts?: Drafts;
  confirm?: (message: string) => boolean;
  download?: ActionDeps['download'];
  poll?: ActionDeps['poll'];
}

export interface App {
  store: Store<AppState>;
  actions: Actions;
  stop(): void;
}

/** One screen per route; a todo's detail is a new screen per todo. */
const screenKey = (route: Route) => (route.name === 'todo' ? `todo:${route.todoId}` : route.name);

/**
 * Wires store, actions, router and views: restores the session, keeps the URL and the screen in
 * step, sends signed-out users to the login screen (remembering where they were going) and
 * renders every state change.
 */
export async function startApp(root: HTMLElement, deps: AppDeps): Promise<App> {
  const { router, auth } = deps;
  const store = new Store<AppState>(initialState(router.route));
  const shell = createShell(root, {
    onSignOut: async () => {
      const email = store.state.user?.email;
      await actions.signOut();
      if (!store.state.user && email) {
        drafts.owner = email;
        drafts.clearAll();
        drafts.owner = '';
      }
    },
  });
  const actions = new Actions({
    store,
    api: deps.api,
    auth,
    router,
    maxUploadBytes: deps.maxUploadBytes,
    announce: shell.announce,
    ...(deps.download ? { download: deps.download } : {}),
    ...(deps.poll ? { poll: deps.poll } : {}),
  });
  const drafts = deps.drafts ?? new Drafts();
  const ctx: ScreenContext = {
    store,
    actions,
    auth,
    router,
    drafts,
    maxUploadBytes: deps.maxUploadBytes,
    announce: shell.announce,
    confirm: deps.confirm ?? ((message) => window.confirm(message)),
  };

  let lastListPath = '/';
  const createScreen = (route: Route): Screen => {
    switch (route.name) {
      case 'login':
        return loginScreen(ctx, route);
      case 'register':
        return registerScreen(ctx);
      case 'confirm':
        return confirmScreen(ctx, route);
      case 'forgot':
        return forgotScreen(ctx);
      case 'reset':
        return resetScreen(ctx, route);
      case 'list':
        return listScreen(ctx, route);
      case 'todo':
        return detailScreen(ctx, route, () => lastListPath);
      case 'not-found':
        return notFoundScreen();
    }
  };

  let screen: Screen | null = null;
  let shownKey = '';
  let firstRender = true;
  const render = (state: AppState) => {
    shell.update(state);
    // Unsaved text belongs to whoever typed it (set before any screen reads a draft).
    drafts.owner = state.user?.email ?? '';
    const key = screenKey(state.route);
    if (key !== shownKey) {
      screen?.destroy?.();
      screen = createScreen(state.route);
      shownKey = key;
      shell.main.replaceChildren(screen.root);
      screen.update(state);
      document.title = `${screen.title(state)} · Todos`;
      // Move focus to the new screen's heading so keyboard and screen reader users start there.
      if (!firstRender) {
        window.scrollTo?.(0, 0);
        (screen.focusTarget?.() ?? shell.main).focus();
      }
      firstRender = false;
    } else {
      screen?.update(state);
    }
  };

  const onRoute = () => {
    const route = router.route;
    const { user } = store.state;
    if (!user && !isPublicRoute(route)) {
      const next = router.url === '/' ? null : router.url;
      router.navigate(pathFor({ name: 'login', next }), { replace: true, force: true });
      return;
    }
    if (user && isPublicRoute(route)) {
      router.navigate('/', { replace: true, force: true });
      return;
    }
    if (route.name === 'list') lastListPath = router.url;
    store.update((s) => ({
      ...s,
      route,
      notice: s.notice && s.notice.route === route.name ? s.notice : null,
    }));
    actions.loadForRoute(route);
  };

  store.addEventListener('change', () => render(store.state));
  router.addEventListener('change', onRoute);
  const onExpired = () => actions.sessionExpired();
  auth.addEventListener('expired', onExpired);

  try {
    const restored = await auth.restore();
    if (restored === 'expired') {
      store.update((s) => ({
        ...s,
        notice: { text: 'Your session has expired. Please log in again.', tone: 'error', route: 'login' },
      }));
    } else if (restored) {
      store.update((s) => ({ ...s, user: { email: restored.email } }));
    }
  } catch (error) {
    // Offline at start: show the login screen with the reason rather than nothing.
    store.update((s) => ({ ...s, notice: { text: describeError(error), tone: 'error', route: 'login' } }));
  }

  router.start();
  render(store.state);
  onRoute();

  return {
    store,
    actions,
    stop() {
      router.stop();
      screen?.destroy?.();
      auth.removeEventListener('expired', onExpired);
    },
  };
}
