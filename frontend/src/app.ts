import { AccountActions, type AccountDeps } from './account/account-actions';
import { accountScreen } from './account/account-screen';
import type { ApiPort } from './api';
import type { Features, ScreenContext } from './context';
import { FileActions } from './files/file-actions';
import { UploadActions, type UploadDeps } from './files/uploads';
import { isPublicRoute, pathFor, type Route, type Router } from './router';
import type { AuthPort } from './session/auth';
import {
  confirmScreen,
  forgotScreen,
  loginScreen,
  registerScreen,
  resetScreen,
} from './session/auth-screens';
import { SessionActions } from './session/session-actions';
import { type AppEvents, type AppState, type AppStore, initialState } from './state';
import { Store } from './store';
import { openTabChannel, syncTabs, type TabChannel } from './tabs';
import { detailScreen } from './todos/detail-screen';
import { ListActions } from './todos/list-actions';
import { listScreen } from './todos/list-screen';
import { TodoActions } from './todos/todo-actions';
import { Drafts } from './ui/drafts';
import { notFoundScreen } from './ui/not-found-screen';
import type { Screen } from './ui/screen';
import { createShell } from './ui/shell';

export interface AppDeps {
  api: ApiPort;
  auth: AuthPort;
  router: Router;
  maxUploadBytes: number;
  drafts?: Drafts;
  confirm?: (message: string) => boolean;
  download?: UploadDeps['download'];
  poll?: UploadDeps['poll'];
  /** How this tab talks to the app's other tabs; a BroadcastChannel by default, null for none. */
  tabs?: TabChannel | null;
  /** Saves a file the app made (the data export); a download link by default. */
  saveBlob?: AccountDeps['saveBlob'];
}

export interface App {
  store: AppStore;
  features: Features;
  stop(): void;
}

/** One screen per route; a todo's detail is a new screen per todo. */
const screenKey = (route: Route) => (route.name === 'todo' ? `todo:${route.todoId}` : route.name);

function createScreen(ctx: ScreenContext, route: Route, listPath: () => string): Screen {
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
      return detailScreen(ctx, route, listPath);
    case 'account':
      return accountScreen(ctx);
    case 'not-found':
      return notFoundScreen();
  }
}

/**
 * Wires store, features, router and views: restores the session, keeps the URL and the screen in
 * step, sends signed-out users to the login screen (remembering where they were going) and
 * renders every state change.
 */
export async function startApp(root: HTMLElement, deps: AppDeps): Promise<App> {
  const { router } = deps;
  const store: AppStore = new Store<AppState, AppEvents>(initialState(router.route));
  const drafts = deps.drafts ?? new Drafts();
  const shell = createShell(root, { onSignOut: () => features.session.signOut() });
  const common = { store, api: deps.api, announce: shell.announce };
  const fileDeps = {
    ...common,
    maxUploadBytes: deps.maxUploadBytes,
    ...(deps.download ? { download: deps.download } : {}),
    ...(deps.poll ? { poll: deps.poll } : {}),
  };
  const features: Features = {
    session: new SessionActions({ store, auth: deps.auth, router, drafts, announce: shell.announce }),
    list: new ListActions(common),
    todo: new TodoActions({
      ...common,
      // The restored todo's row (as "← All todos" finds it), else the screen's heading.
      focusAfter: (todoId) =>
        (todoId && screen?.root.querySelector<HTMLElement>(`[data-focus-key="open:${todoId}"]`)) ||
        (screen?.focusTarget?.() ?? shell.main),
    }),
    files: new FileActions(fileDeps),
    uploads: new UploadActions(fileDeps),
    account: new AccountActions({
      ...common,
      auth: deps.auth,
      ...(deps.saveBlob ? { saveBlob: deps.saveBlob } : {}),
    }),
  };
  const ctx: ScreenContext = {
    ...features,
    store,
    router,
    drafts,
    maxUploadBytes: deps.maxUploadBytes,
    announce: shell.announce,
    confirm: deps.confirm ?? ((message) => window.confirm(message)),
  };

  let lastListPath = '/';
  /** The todo opened from the list, and where the list was scrolled: "← All todos" returns there. */
  let opened: { todoId: string; scrollY: number } | null = null;
  let screen: Screen | null = null;
  let shownKey = '';
  let firstRender = true;
  const render = (state: AppState) => {
    shell.update(state);
    // Unsaved text belongs to whoever typed it (set before any screen reads a draft).
    drafts.owner = state.user?.email ?? '';
    const key = screenKey(state.route);
    const changed = key !== shownKey;
    if (changed) {
      if (shownKey === 'list' && state.route.name === 'todo') {
        opened = { todoId: state.route.todoId, scrollY: window.scrollY };
      }
      screen?.destroy?.();
      screen = createScreen(ctx, state.route, () => lastListPath);
      shownKey = key;
      shell.main.replaceChildren(screen.root);
    }
    if (!screen) return;
    screen.update(state);
    // The one place the page title is set: from whichever screen shows, as its state changes.
    const title = `${screen.title(state)} · Todos`;
    if (document.title !== title) document.title = title;
    if (changed) {
      // Focus goes to the new screen's heading so keyboard and screen reader users start there;
      // back on the list, to the todo they had opened, scrolled to where they were.
      if (!firstRender) {
        const back = state.route.name === 'list' ? opened : null;
        const row = back && screen.root.querySelector<HTMLElement>(`[data-focus-key="open:${back.todoId}"]`);
        if (back && row) {
          row.focus({ preventScroll: true });
          window.scrollTo?.(0, back.scrollY);
        } else {
          window.scrollTo?.(0, 0);
          (screen.focusTarget?.() ?? shell.main).focus();
        }
        if (state.route.name === 'list') opened = null;
      }
      firstRender = false;
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
    if (route.name === 'list') features.list.show(route);
    else if (route.name === 'todo') features.todo.show(route.todoId);
  };

  store.addEventListener('change', () => render(store.state));
  router.addEventListener('change', onRoute);
  const stopTabs = syncTabs(store, features, deps.tabs === undefined ? openTabChannel() : deps.tabs);
  await features.session.restore();
  router.start();
  render(store.state);
  onRoute();

  return {
    store,
    features,
    stop() {
      router.stop();
      screen?.destroy?.();
      features.session.stop();
      features.uploads.dispose();
      stopTabs();
    },
  };
}
