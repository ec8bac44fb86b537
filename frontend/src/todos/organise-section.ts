import { LABEL_MAX, LABELS_MAX } from '../../../backend/src/todos/limits';
import type { ScreenContext } from '../context';
import type { Priority, Todo, TodoChanges } from '../types';
import { h, renderKeepingFocus, srOnly, uniqueId } from '../ui/dom';
import { field, formMessage } from '../ui/form';
import { describeError } from '../ui/messages';
import { selectField } from '../ui/select';
import type { DetailSection } from './edit-section';

const PRIORITIES: readonly { value: Priority; label: string }[] = [
  { value: 'none', label: 'None' },
  { value: 'low', label: 'Low' },
  { value: 'medium', label: 'Medium' },
  { value: 'high', label: 'High' },
];

/** Whether `label` is already among `labels` (labels are unique ignoring case). */
export const hasLabel = (labels: readonly string[], label: string) =>
  labels.some((l) => l.toLowerCase() === label.toLowerCase());

/**
 * Priority and labels. Each change is one deliberate act (pick, add, remove), so it is saved at
 * once; a failure is said under the section and the control shows the server's value again.
 */
export function organiseSection(ctx: ScreenContext, todoId: string): DetailSection {
  const heading = h('h2', { id: uniqueId('organise-heading') }, 'Organise');
  const priority = selectField('Priority', 'priority', PRIORITIES);
  const chips = h('ul', { class: 'chips', 'aria-label': 'Labels' });
  const newLabel = field({ label: 'New label', name: 'label', maxlength: LABEL_MAX });
  const add = h('button', { type: 'submit' }, 'Add label');
  const labelForm = h('form', { class: 'inline-form', novalidate: true }, newLabel.wrapper, add);
  const message = formMessage();
  const element = h(
    'section',
    { class: 'card', 'aria-labelledby': heading.id },
    heading,
    priority.wrapper,
    h('h3', {}, 'Labels'),
    chips,
    labelForm,
    message.element,
  );
  let todo: Todo | null = null;

  async function save(changes: TodoChanges, done: string) {
    message.set(null);
    try {
      await ctx.todo.save(todoId, changes);
      ctx.announce(done);
      return true;
    } catch (error) {
      message.set(describeError(error));
      if (todo) sync(todo);
      return false;
    }
  }

  priority.control.addEventListener('change', () => {
    const value = priority.value();
    void save({ priority: value }, `Priority set to ${value}.`);
  });

  labelForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    newLabel.setError(null);
    if (!todo) return;
    const label = newLabel.control.value.trim();
    if (!label) return newLabel.setError('Type a label first.');
    if (hasLabel(todo.labels, label)) return newLabel.setError(`This todo already has the label “${label}”.`);
    if (todo.labels.length >= LABELS_MAX)
      return newLabel.setError(`A todo can have at most ${LABELS_MAX} labels.`);
    if (await save({ labels: [...todo.labels, label] }, `Label “${label}” added.`))
      newLabel.control.value = '';
  });

  chips.addEventListener('click', (event) => {
    const button = (event.target as Element).closest<HTMLButtonElement>('button[data-label]');
    if (!button || !todo) return;
    const label = button.dataset.label ?? '';
    const focusNext = () => newLabel.control.focus();
    void save({ labels: todo.labels.filter((l) => l !== label) }, `Label “${label}” removed.`).then(
      (ok) => ok && focusNext(),
    );
  });

  function sync(next: Todo) {
    todo = next;
    priority.control.value = next.priority;
    renderKeepingFocus(
      chips,
      next.labels.map((label) =>
        h(
          'li',
          { class: 'chip' },
          label,
          h(
            'button',
            {
              type: 'button',
              class: 'chip-remove',
              'data-label': label,
              'data-focus-key': `label:${label}`,
            },
            h('span', { 'aria-hidden': 'true' }, '×'),
            srOnly(`Remove label ${label}`),
          ),
        ),
      ),
    );
    chips.hidden = next.labels.length === 0;
  }

  return { element, sync, dirty: () => false, clearDraft: () => {} };
}
