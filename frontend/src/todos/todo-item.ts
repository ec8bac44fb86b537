import { pathFor, type Route } from '../router';
import type { Priority, Todo } from '../types';
import { h, srOnly } from '../ui/dom';
import { type DueState, dueState, formatDay, repeatText } from '../ui/format';
import { quote } from '../ui/messages';
import { reminderMarker } from './reminder';

const DUE_LABEL: Record<DueState, string> = {
  overdue: 'Overdue',
  today: 'Due today',
  upcoming: '',
  none: '',
};

/** "Overdue" / "Due today" badge plus the due date; empty when there is no due date. */
export function dueInfo(todo: Todo, today: string): HTMLElement | null {
  if (!todo.dueDate) return null;
  const state = dueState(todo.dueDate, todo.completed, today);
  return h(
    'span',
    { class: 'due', 'data-due': state },
    DUE_LABEL[state] ? h('span', { class: `badge badge-${state}` }, DUE_LABEL[state]) : null,
    `Due ${formatDay(todo.dueDate)}`,
  );
}

export interface ItemView {
  busy: boolean;
  error: string | undefined;
  today: string;
  /** The list's filter, kept when a label chip narrows it to that label. */
  route: Extract<Route, { name: 'list' }>;
  /** In "My order": whether the row is the first or the last one (it cannot move further). */
  first?: boolean;
  last?: boolean;
}

/** "My order" only: move up / move down buttons (Alt+Arrow keys do the same, see list-screen.ts). */
function moveButtons(todo: Todo, view: ItemView): HTMLElement | null {
  if (view.route.sort !== 'manual') return null;
  const button = (direction: 'up' | 'down', symbol: string, disabled: boolean | undefined) =>
    h(
      'button',
      {
        type: 'button',
        class: 'move-button',
        'data-action': `move-${direction}`,
        'data-id': todo.todoId,
        'data-focus-key': `${direction}:${todo.todoId}`,
        'aria-disabled': disabled ? 'true' : null,
        'aria-keyshortcuts': direction === 'up' ? 'Alt+ArrowUp' : 'Alt+ArrowDown',
      },
      // Named by its content (not aria-label), so the title labels only the row's checkbox.
      h('span', { 'aria-hidden': 'true' }, symbol),
      srOnly(`Move “${todo.title}” ${direction}`),
    );
  return h('div', { class: 'move' }, button('up', '↑', view.first), button('down', '↓', view.last));
}

/**
 * "My order" only: the handle a pointer drags the row by (drag-reorder.ts). Out of the tab order:
 * keyboard users have the move buttons; activated anyway (a screen reader), it says so.
 */
function dragHandle(todo: Todo, view: ItemView): HTMLElement | null {
  if (view.route.sort !== 'manual') return null;
  return h(
    'button',
    {
      type: 'button',
      class: 'drag-handle',
      tabindex: -1,
      'data-drag-handle': true,
      'data-action': 'drag-hint',
      'data-id': todo.todoId,
      'data-focus-key': `drag:${todo.todoId}`,
    },
    h('span', { class: 'grip', 'aria-hidden': 'true' }),
    srOnly(`Drag to reorder ${quote(todo.title)}`),
  );
}

const PRIORITY_TEXT: Record<Priority, string> = { none: '', low: 'Low', medium: 'Medium', high: 'High' };

/** The row's facts beyond the title: priority, due date, repeat, checklist progress, labels. */
function meta(todo: Todo, view: ItemView): HTMLElement | null {
  const parts: HTMLElement[] = [];
  if (todo.priority !== 'none') {
    parts.push(
      h(
        'span',
        { class: `badge priority priority-${todo.priority}` },
        `${PRIORITY_TEXT[todo.priority]} priority`,
      ),
    );
  }
  const due = dueInfo(todo, view.today);
  if (due) parts.push(due);
  if (todo.repeat) parts.push(h('span', { class: 'repeats' }, repeatText(todo.repeat)));
  if (todo.checklist.length > 0) {
    const done = todo.checklist.filter((item) => item.done).length;
    parts.push(
      h('span', { class: 'progress' }, `${done}/${todo.checklist.length}`, srOnly(' checklist items done')),
    );
  }
  for (const label of todo.labels) {
    parts.push(
      h(
        'a',
        {
          class: 'chip',
          href: pathFor({ ...view.route, label }),
          'data-focus-key': `label:${todo.todoId}:${label}`,
        },
        srOnly('Label: '),
        label,
      ),
    );
  }
  return parts.length ? h('p', { class: 'todo-meta' }, ...parts) : null;
}

/** One row of the list: checkbox (labelled with the title), link to the detail view, due date. */
export function renderTodoItem(todo: Todo, view: ItemView): HTMLLIElement {
  const id = todo.todoId;
  const checkboxId = `done-${id}`;
  const due = dueState(todo.dueDate, todo.completed, view.today);
  const checkbox = h('input', {
    type: 'checkbox',
    id: checkboxId,
    class: 'todo-check',
    'data-action': 'toggle',
    'data-id': id,
    'data-focus-key': `toggle:${id}`,
    // aria-disabled, not disabled: a disabled control would drop keyboard focus mid-request.
    'aria-disabled': view.busy ? 'true' : null,
    'aria-describedby': view.error ? `${checkboxId}-error` : null,
  });
  checkbox.checked = todo.completed;
  return h(
    'li',
    {
      class: todo.completed ? 'todo is-completed' : 'todo',
      'data-id': id,
      'data-due': due,
      'aria-busy': view.busy ? 'true' : null,
    },
    dragHandle(todo, view),
    checkbox,
    h('label', { for: checkboxId, class: 'visually-hidden' }, `Done: ${todo.title}`),
    h(
      'div',
      { class: 'todo-body' },
      h(
        'a',
        { class: 'todo-title', href: pathFor({ name: 'todo', todoId: id }), 'data-focus-key': `open:${id}` },
        // Just the title: the link's name is the todo's name. The checkbox says it is done.
        todo.title,
      ),
      todo.description ? h('p', { class: 'todo-description' }, todo.description) : null,
      meta(todo, view),
      reminderMarker(todo.remindAt, todo.completed),
      view.error ? h('p', { class: 'field-error', id: `${checkboxId}-error` }, view.error) : null,
    ),
    moveButtons(todo, view),
  );
}
