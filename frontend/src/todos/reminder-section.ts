import type { ScreenContext } from '../context';
import type { Todo } from '../types';
import { h, uniqueId } from '../ui/dom';
import { field, formMessage, whileBusy } from '../ui/form';
import { describeError, fieldErrors } from '../ui/messages';
import type { DetailSection } from './edit-section';
import { formatReminder, reminderSent, toLocalInput, withOffset } from './reminder';

/**
 * "Remind me": a date and time (the browser's own zone) at which the owner is emailed; sent as
 * `remindAt` with the offset, cleared with `null` (docs/api.md "Reminders").
 */
export function reminderSection(ctx: ScreenContext, todoId: string): DetailSection {
  const input = field({ label: 'Remind me', name: 'remindAt', hint: 'We email you at this time.' });
  input.control.type = 'datetime-local';
  const message = formMessage();
  const current = h('p', { class: 'hint' });
  const submit = h('button', { type: 'submit' }, 'Set reminder');
  const clear = h('button', { type: 'button', class: 'button-quiet', hidden: true }, 'Clear reminder');
  const heading = h('h2', { id: uniqueId('reminder-heading') }, 'Reminder');
  const form = h(
    'form',
    { class: 'stack', novalidate: true },
    input.wrapper,
    current,
    message.element,
    h('div', { class: 'form-actions' }, submit, clear),
  );
  const element = h('section', { class: 'card', 'aria-labelledby': heading.id }, heading, form);

  let saved: string | null = null;
  const dirty = () => saved !== null && input.control.value !== saved;

  function sync(todo: Todo) {
    const next = todo.remindAt ? toLocalInput(todo.remindAt) : '';
    if (saved === null || input.control.value === saved) input.control.value = next;
    saved = next;
    current.textContent = !todo.remindAt
      ? 'No reminder.'
      : reminderSent(todo.remindAt) && !todo.completed
        ? `Reminder sent at ${formatReminder(todo.remindAt)}.`
        : `Reminder set for ${formatReminder(todo.remindAt)}.`;
    clear.hidden = !todo.remindAt;
  }

  async function send(button: HTMLButtonElement, busy: string, remindAt: string | null) {
    message.set(null);
    input.setError(null);
    try {
      await whileBusy(button, busy, () => ctx.todo.save(todoId, { remindAt }));
    } catch (error) {
      const text = fieldErrors(error).remindAt;
      if (text) input.setError(text);
      else message.set(describeError(error));
      input.control.focus();
    }
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const value = input.control.value;
    if (!value) return input.setError('Pick a date and time, or clear the reminder.');
    if (new Date(value).getTime() <= Date.now()) return input.setError('Pick a time in the future.');
    void send(submit, 'Setting…', withOffset(value));
  });
  clear.addEventListener('click', () => {
    input.control.value = '';
    void send(clear, 'Clearing…', null);
  });

  return { element, sync, dirty, clearDraft: () => undefined };
}
