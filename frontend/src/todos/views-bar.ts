import type { ScreenContext } from '../context';
import { type ListView, pathFor, type Route } from '../router';
import type { TodoSort } from '../types';
import { h, renderKeepingFocus, srOnly, uniqueId } from '../ui/dom';
import { formatCount } from '../ui/format';
import { type Count, countAll, type ListState } from './list-state';

type ListRoute = Extract<Route, { name: 'list' }>;

export const VIEWS: readonly { view: ListView; label: string; heading: string }[] = [
  { view: 'all', label: 'All', heading: 'All todos' },
  { view: 'open', label: 'Open', heading: 'Open todos' },
  { view: 'today', label: 'Today', heading: 'Due today' },
  { view: 'upcoming', label: 'Upcoming', heading: 'Upcoming todos' },
  { view: 'overdue', label: 'Overdue', heading: 'Overdue todos' },
  { view: 'completed', label: 'Completed', heading: 'Completed todos' },
];

const SORTS: readonly { sort: TodoSort; label: string }[] = [
  { sort: 'created', label: 'Newest' },
  { sort: 'due', label: 'Due date' },
  { sort: 'manual', label: 'My order' },
];

/** "Overdue todos", or "Overdue todos labelled “home”" when a label filter is on. */
export function headingFor(route: ListRoute): string {
  const heading = VIEWS.find((v) => v.view === route.status)?.heading ?? 'Todos';
  return route.label ? `${heading} labelled “${route.label}”` : heading;
}

function countFor(list: ListState, view: ListView): Count | null {
  if (!list.counts) return null;
  return view === 'all' ? countAll(list.counts) : list.counts[view];
}

/**
 * The smart views (links with counts), the sort control and the label filter in force. All three
 * live in the URL, so a view survives a reload and can be bookmarked.
 */
export function viewsBar(ctx: ScreenContext) {
  let route: ListRoute | null = null;
  const links = h('ul', { class: 'filters' });
  const nav = h('nav', { 'aria-label': 'Views' }, links);
  const sort = h('select', { id: uniqueId('sort'), name: 'sort' });
  for (const option of SORTS) sort.append(h('option', { value: option.sort }, option.label));
  const sortField = h('div', { class: 'sort' }, h('label', { for: sort.id }, 'Sort'), sort);
  const labelFilter = h('p', { class: 'label-filter', hidden: true });
  const root = h('div', { class: 'views-bar' }, nav, sortField, labelFilter);

  sort.addEventListener('change', () => {
    if (!route) return;
    ctx.router.navigate(pathFor({ ...route, sort: sort.value as TodoSort }));
  });
  labelFilter.addEventListener('click', (event) => {
    if (!route || !(event.target as Element).closest('button')) return;
    ctx.router.navigate(pathFor({ ...route, label: '' }));
  });

  function render(list: ListState, current: ListRoute) {
    route = current;
    sort.value = current.sort;
    const items = VIEWS.map(({ view, label }) => {
      const count = countFor(list, view);
      return h(
        'li',
        {},
        h(
          'a',
          {
            href: pathFor({ ...current, status: view }),
            'aria-current': view === current.status ? 'page' : null,
            'data-focus-key': `filter:${view}`,
          },
          label,
          count ? h('span', { class: 'count' }, srOnly(' ('), formatCount(count), srOnly(')')) : null,
        ),
      );
    });
    renderKeepingFocus(links, items);
    labelFilter.hidden = !current.label;
    labelFilter.replaceChildren(
      ...(current.label
        ? [
            'Label: ',
            h('span', { class: 'chip' }, current.label),
            ' ',
            h('button', { type: 'button', class: 'link-button' }, 'Show all labels'),
          ]
        : []),
    );
  }

  return { root, render };
}
