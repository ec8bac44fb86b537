import type { ScreenContext } from '../context';
import type { Route } from '../router';
import { createConfirmDialog } from '../ui/confirm-dialog';
import { h } from '../ui/dom';
import { formMessage, whileBusy } from '../ui/form';
import { describeError } from '../ui/messages';
import type { ListState } from './list-state';

type ListRoute = Extract<Route, { name: 'list' }>;

const todos = (n: number) => (n === 1 ? '1 completed todo' : `${n} completed todos`);

/**
 * "Clear completed" (in the All and Completed views, when there is something to clear): asks
 * first, saying how many, then deletes in the API's batches until none is left.
 */
export function clearCompleted(ctx: ScreenContext) {
  const dialog = createConfirmDialog();
  const button = h('button', { type: 'button', class: 'button-danger', hidden: true }, 'Clear completed');
  const message = formMessage();
  const element = h('div', { class: 'clear-completed' }, button, message.element, dialog.element);
  let count = 0;

  button.addEventListener('click', async () => {
    message.set(null);
    const ok = await dialog.ask(
      `Delete ${todos(count)}?`,
      `${count === 1 ? 'It' : 'They'} and ${count === 1 ? 'its' : 'their'} attachments will be deleted for good.`,
      `Delete ${todos(count)}`,
    );
    if (!ok) return;
    try {
      await whileBusy(button, 'Clearing…', () => ctx.list.clearCompleted());
    } catch (error) {
      message.set(describeError(error));
    }
  });

  function render(list: ListState, route: ListRoute) {
    count = list.counts?.completed.n ?? 0;
    button.hidden = count === 0 || (route.status !== 'all' && route.status !== 'completed');
  }

  return { element, render, destroy: () => dialog.element.open && dialog.element.close() };
}
