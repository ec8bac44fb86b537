import { SEARCH_MAX } from '../../../backend/src/todos/limits';
import type { ScreenContext } from '../context';
import { type ListView, pathFor, type Route } from '../router';
import type { AppState } from '../state';
import { h, onAction, renderKeepingFocus, uniqueId } from '../ui/dom';
import { formatCount, localDate } from '../ui/format';
import type { Screen } from '../ui/screen';
import { addForm } from './add-form';
import { clearCompleted } from './clear-completed';
import { dragReorder } from './drag-reorder';
import type { ListState } from './list-state';
import { loadOnScroll } from './load-on-scroll';
import { renderTodoItem } from './todo-item';
import { headingFor, viewsBar } from './views-bar';

type ListRoute = Extract<Route, { name: 'list' }>;

export const SEARCH_DEBOUNCE_MS = 300;

/** What an empty list says, so the user knows what to do next. */
export function emptyMessage(status: ListView, q: string, label = ''): string {
  const query = q.trim();
  if (query) {
    const where = status === 'all' ? '' : ` among ${status} todos`;
    return `Nothing matches “${query}”${where}. Try another word, or clear the search.`;
  }
  if (label) return `No todos here are labelled “${label}”. Pick another view, or show all labels.`;
  if (status === 'today') return 'Nothing is due today.';
  if (status === 'upcoming') return 'Nothing is due later on. Give a todo a due date to see it here.';
  if (status === 'overdue') return 'Nothing is overdue. Well done.';
  if (status === 'open') return 'Nothing left to do. Add a new todo above, or look at completed ones.';
  if (status === 'completed') return 'No completed todos yet. Tick a todo’s checkbox when it is done.';
  return 'You have no todos yet. Add your first one with the form above.';
}

/**
 * What the live region says of a search: "3 todos match “milk”." ("20+" when a further page
 * exists), or "No todos match “cat”." (worded apart from the visible empty message).
 */
export function resultsMessage(list: ListState, q: string): string {
  const n = list.items.length;
  const count = formatCount({ n, more: list.nextCursor !== null });
  const one = n === 1 && !list.nextCursor;
  if (n === 0) return `No todos match “${q.trim()}”.`;
  return `${count} ${one ? 'todo matches' : 'todos match'} “${q.trim()}”.`;
}

export function listScreen(ctx: ScreenContext, initial: ListRoute): Screen {
  let route = initial;
  const heading = h('h1', { tabindex: -1 }, 'Your todos');

  const search = h('input', {
    type: 'search',
    id: uniqueId('search'),
    name: 'q',
    placeholder: 'Search titles, descriptions and notes',
    autocomplete: 'off',
    maxlength: SEARCH_MAX,
  });
  search.value = route.q;
  const searchForm = h(
    'form',
    { role: 'search', class: 'search' },
    h('label', { for: search.id }, 'Search todos'),
    search,
  );
  const views = viewsBar(ctx);
  const clear = clearCompleted(ctx);

  const listHeading = h('h2', { id: uniqueId('list-heading'), tabindex: -1 }, headingFor(route));
  const status = h('div', { class: 'list-status' });
  const items = h('ul', { class: 'todo-list', 'aria-labelledby': listHeading.id });
  const empty = h('p', { class: 'empty', hidden: true });
  // Search results are said aloud as they arrive: how many match, or that nothing does.
  const results = h('p', { class: 'visually-hidden search-results', 'aria-live': 'polite' });
  const more = h('div', { class: 'more' });
  const scroll = loadOnScroll(more, () => void ctx.list.loadMore());

  const listSection = h(
    'section',
    { class: 'list-section', 'aria-labelledby': listHeading.id },
    h('div', { class: 'toolbar' }, searchForm, views.root),
    listHeading,
    scroll.skipLink,
    status,
    items,
    empty,
    results,
    scroll.status,
    more,
    clear.element,
  );
  const root = h('div', { class: 'list-screen' }, heading, addForm(ctx), listSection);

  // Search as you type, debounced; the URL keeps the search (replace: no history entry per key).
  let debounce: ReturnType<typeof setTimeout> | undefined;
  const applySearch = () => {
    clearTimeout(debounce);
    if (search.value.trim() === route.q.trim()) return;
    ctx.router.navigate(pathFor({ ...route, q: search.value.trim() }), {
      replace: true,
    });
  };
  search.addEventListener('input', () => {
    clearTimeout(debounce);
    debounce = setTimeout(applySearch, SEARCH_DEBOUNCE_MS);
  });
  searchForm.addEventListener('submit', (event) => {
    event.preventDefault();
    applySearch();
  });

  const move = (target: HTMLElement, direction: 'up' | 'down') => {
    if (target.getAttribute('aria-disabled') === 'true') return;
    void ctx.list.move(target.dataset.id ?? '', direction);
  };
  // Alt+ArrowUp / Alt+ArrowDown on any control of a row moves it, in "My order".
  items.addEventListener('keydown', (event) => {
    if (!event.altKey || (event.key !== 'ArrowUp' && event.key !== 'ArrowDown')) return;
    const row = (event.target as Element).closest<HTMLElement>('li[data-id]');
    if (route.sort !== 'manual' || !row) return;
    event.preventDefault();
    void ctx.list.move(row.dataset.id ?? '', event.key === 'ArrowUp' ? 'up' : 'down');
  });

  // Drag and drop in "My order" (pointer); it ends where the move buttons do.
  const drag = dragReorder({
    list: items,
    enabled: () => route.sort === 'manual',
    onDrop: (todoId, targetIndex) => void ctx.list.moveTo(todoId, targetIndex),
  });

  onAction<Event>(root, 'change', {
    toggle: (target) => {
      const checkbox = target as HTMLInputElement;
      if (checkbox.getAttribute('aria-disabled') === 'true') {
        checkbox.checked = !checkbox.checked; // a request for this todo is already on its way
        return;
      }
      void ctx.list.toggle(checkbox.dataset.id ?? '', checkbox.checked);
    },
  });
  onAction<MouseEvent>(root, 'click', {
    more: () => void ctx.list.loadMore(),
    'move-up': (target) => move(target, 'up'),
    'move-down': (target) => move(target, 'down'),
    retry: () => ctx.list.reload(),
    // Only a click without a pointer (detail 0: keyboard or a screen reader) gets the hint.
    'drag-hint': (_target, event) => {
      if (event.detail === 0) ctx.announce('To move this todo, use its Move up and Move down buttons.');
    },
  });

  let previous: { list: ListState | null; today: string; route: ListRoute | null } = {
    list: null,
    today: '',
    route: null,
  };
  let shownIds: string[] = [];

  function renderItems(list: ListState, today: string) {
    const ids = list.items.map((t) => t.todoId);
    const before = shownIds;
    const rows = list.items.map((todo, index) =>
      renderTodoItem(todo, {
        first: index === 0,
        last: index === list.items.length - 1 && !list.nextCursor,
        busy: list.busy.includes(todo.todoId),
        error: list.itemErrors[todo.todoId],
        today,
        route,
      }),
    );
    renderKeepingFocus(items, rows, (lostKey) => {
      // The focused row went away: focus the row that took its place, else the heading.
      const [kind, id] = lostKey.split(':');
      const index = before.indexOf(id ?? '');
      const next = rows[Math.min(Math.max(index, 0), rows.length - 1)];
      return next?.querySelector<HTMLElement>(`[data-focus-key^="${kind}:"]`) ?? listHeading;
    });
    shownIds = ids;
  }

  function renderStatus(list: ListState) {
    const loading = list.phase === 'loading';
    items.setAttribute('aria-busy', String(loading));
    if (list.phase === 'error') {
      status.replaceChildren(
        h('p', { class: 'form-error', role: 'alert' }, list.error ?? 'Could not load your todos.'),
        h('button', { type: 'button', 'data-action': 'retry', 'data-focus-key': 'retry' }, 'Try again'),
      );
    } else if (loading && list.items.length === 0) {
      status.replaceChildren(h('p', { class: 'muted' }, 'Loading your todos…'));
    } else {
      status.replaceChildren();
    }
    empty.hidden = !(list.phase === 'ready' && list.items.length === 0);
    empty.textContent = emptyMessage(route.status, route.q, route.label);
    if (list.phase === 'ready' && route.q.trim()) {
      results.textContent = resultsMessage(list, route.q);
    } else if (!route.q.trim()) {
      results.textContent = '';
    }
  }

  /** `firstNew`: index of the first row the last page added (focus goes there if the button goes). */
  function renderMore(list: ListState, firstNew: number) {
    const children: Node[] = [];
    if (list.nextCursor && list.phase === 'ready') {
      children.push(
        h(
          'button',
          {
            type: 'button',
            'data-action': 'more',
            'data-focus-key': 'more',
            'aria-disabled': list.loadingMore ? 'true' : null,
            'aria-describedby': list.moreError ? 'more-error' : null,
          },
          list.loadingMore ? 'Loading…' : 'Load more',
        ),
      );
    }
    if (list.moreError) children.push(h('p', { class: 'field-error', id: 'more-error' }, list.moreError));
    renderKeepingFocus(more, children, () =>
      (items.children[firstNew] ?? items.lastElementChild)?.querySelector<HTMLElement>('[data-focus-key]'),
    );
  }

  return {
    root,
    title: () => 'Your todos',
    focusTarget: () => heading,
    update(state: AppState) {
      if (state.route.name !== 'list') return;
      route = state.route;
      const today = localDate();
      const { list } = state;
      const routeChanged = previous.route !== route;
      if (routeChanged) {
        listHeading.textContent = headingFor(route);
        // Back/forward changed the search: show it, unless the user is typing in the box.
        if (document.activeElement !== search) search.value = route.q;
      }
      const shownBefore = shownIds.length;
      if (
        list.items !== previous.list?.items ||
        list.busy !== previous.list?.busy ||
        list.itemErrors !== previous.list?.itemErrors ||
        today !== previous.today ||
        routeChanged
      ) {
        renderItems(list, today);
      }
      if (list !== previous.list || routeChanged) {
        views.render(list, route);
        clear.render(list, route);
        renderStatus(list);
        renderMore(list, shownBefore);
        // Nothing to skip past in an empty list.
        scroll.skipLink.hidden = list.items.length === 0;
        if (previous.list?.loadingMore && !list.loadingMore && !list.moreError) {
          scroll.announce(list.items.length, list.nextCursor !== null);
        }
        scroll.check(list.phase === 'ready' && !!list.nextCursor && !list.loadingMore && !list.moreError);
      }
      previous = { list, today, route };
    },
    destroy() {
      clearTimeout(debounce);
      clear.destroy();
      scroll.destroy();
      drag.destroy();
    },
  };
}
