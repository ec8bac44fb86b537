import type { ScreenContext } from '../context';
import { pathFor } from '../router';
import type { Todo } from '../types';
import type { ConfirmDialog } from '../ui/confirm-dialog';
import { h, onAction } from '../ui/dom';
import { formMessage, whileBusy } from '../ui/form';
import { dueState, formatTime, localDate, repeatText } from '../ui/format';
import { describeError } from '../ui/messages';
import { dueInfo } from './todo-item';

export interface HeaderOptions {
  dialog: ConfirmDialog;
  /** After the todo is deleted: drop its drafts and go back to the list. */
  onDeleted(): void;
}

/** The detail screen's header: status, due date and dates, "Mark as done" / "Reopen", delete. */
export function detailHeader(ctx: ScreenContext, todoId: string, options: HeaderOptions) {
  const meta = h('p', { class: 'detail-meta' });
  const toggle = h(
    'button',
    { type: 'button', class: 'button-primary', 'data-action': 'toggle' },
    'Mark as done',
  );
  const remove = h(
    'button',
    { type: 'button', class: 'button-danger', 'data-action': 'delete' },
    'Delete todo',
  );
  const actionError = formMessage();
  const element = h(
    'header',
    { class: 'detail-header' },
    meta,
    h('div', { class: 'detail-actions' }, toggle, remove),
    actionError.element,
  );
  let current: Todo | null = null;

  onAction<MouseEvent>(element, 'click', {
    toggle: async () => {
      if (!current) return;
      actionError.set(null);
      const completed = !current.completed;
      try {
        await whileBusy(toggle, completed ? 'Marking as done…' : 'Reopening…', () =>
          ctx.todo.setCompleted(todoId, completed),
        );
      } catch (error) {
        actionError.set(describeError(error));
      }
      if (current) toggle.textContent = current.completed ? 'Reopen' : 'Mark as done';
    },
    delete: async () => {
      if (!current) return;
      actionError.set(null);
      const ok = await options.dialog.ask(
        'Delete this todo?',
        `“${current.title}” and its attachments will be deleted for good.`,
        'Delete',
      );
      if (!ok) return;
      try {
        await whileBusy(remove, 'Deleting…', () => ctx.todo.delete(todoId));
        options.onDeleted();
      } catch (error) {
        actionError.set(describeError(error));
      }
    },
  });

  /** Shows `todo`; returns its due state for the screen's coloured edge. */
  function render(todo: Todo): string {
    current = todo;
    const today = localDate();
    meta.replaceChildren(
      h(
        'span',
        { class: `badge ${todo.completed ? 'badge-done' : 'badge-open'}` },
        todo.completed ? 'Done' : 'Open',
      ),
      dueInfo(todo, today) ?? '',
      todo.repeat ? h('span', { class: 'repeats' }, repeatText(todo.repeat)) : '',
      todo.nextTodoId
        ? h('a', { href: pathFor({ name: 'todo', todoId: todo.nextTodoId }) }, 'Open the next occurrence')
        : '',
      h(
        'span',
        {},
        todo.completed && todo.completedAt
          ? `Completed ${formatTime(todo.completedAt)}`
          : `Created ${formatTime(todo.createdAt)}`,
      ),
    );
    if (!toggle.disabled) toggle.textContent = todo.completed ? 'Reopen' : 'Mark as done';
    return dueState(todo.dueDate, todo.completed, today);
  }

  return { element, render };
}
