import { DESCRIPTION_MAX, TITLE_MAX } from '../../../backend/src/todos/limits';
import type { ScreenContext } from '../context';
import type { Todo, TodoChanges } from '../types';
import { h, uniqueId } from '../ui/dom';
import { type Field, field, formMessage, showFieldErrors, whileBusy } from '../ui/form';
import { describeError, fieldErrors } from '../ui/messages';
import { isSingleLine } from './field-rules';

type EditValues = { title: string; description: string; dueDate: string };
const KEYS = ['title', 'description', 'dueDate'] as const;
const editValues = (todo: Todo): EditValues => ({
  title: todo.title,
  description: todo.description,
  dueDate: todo.dueDate ?? '',
});

/** A section of the detail screen: its element, and how it takes in the server's version. */
export interface DetailSection {
  element: HTMLElement;
  /** Takes the server's version in, without overwriting anything the user changed. */
  sync(todo: Todo): void;
  /** Whether something typed is not saved yet. */
  dirty(): boolean;
  clearDraft(): void;
}

/** The edit form: title, description, due date; only changed fields are sent. */
export function editSection(ctx: ScreenContext, todoId: string): DetailSection {
  const draftKey = `edit:${todoId}`;
  const title = field({
    label: 'Title',
    name: 'title',
    required: true,
    maxlength: TITLE_MAX,
    valid: isSingleLine,
  });
  const description = field<HTMLTextAreaElement>({
    label: 'Description',
    name: 'description',
    multiline: true,
    rows: 3,
    maxlength: DESCRIPTION_MAX,
  });
  const dueDate = field({ label: 'Due date', name: 'dueDate', type: 'date' });
  const fields: Record<keyof EditValues, Field> = { title, description, dueDate };
  const message = formMessage();
  const submit = h('button', { type: 'submit' }, 'Save changes');
  const heading = h('h2', { id: uniqueId('edit-heading') }, 'Details');
  const form = h(
    'form',
    { class: 'stack', novalidate: true },
    title.wrapper,
    description.wrapper,
    dueDate.wrapper,
    message.element,
    h('div', { class: 'form-actions' }, submit),
  );
  const element = h('section', { class: 'card', 'aria-labelledby': heading.id }, heading, form);

  /** The server's version, and what was sent while a save is on its way. */
  let saved: EditValues | null = null;
  let sent: EditValues | null = null;
  const typed = (): EditValues => ({
    title: title.control.value,
    description: description.control.value,
    dueDate: dueDate.control.value,
  });
  const dirty = () => saved !== null && KEYS.some((k) => fields[k].control.value !== saved?.[k]);

  function sync(todo: Todo) {
    const next = editValues(todo);
    const firstFill = saved === null;
    for (const key of KEYS) {
      const control = fields[key].control;
      // Untouched since the last version (or exactly what was just saved): show the new one.
      if (firstFill || control.value === saved?.[key] || control.value === sent?.[key]) {
        control.value = next[key];
      }
    }
    saved = next;
    if (firstFill) {
      // Unsaved text from before a reload or an expired session comes back.
      const draft = ctx.drafts.get(draftKey);
      if (draft) for (const key of KEYS) if (draft[key] !== undefined) fields[key].control.value = draft[key];
    }
  }

  form.addEventListener('input', () => ctx.drafts.set(draftKey, dirty() ? typed() : {}));

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    message.set(null);
    for (const f of Object.values(fields)) f.setError(null);
    if (!saved) return;
    const values = typed();
    const changes: TodoChanges = {};
    if (!values.title.trim()) {
      title.setError('A todo needs a title.');
      title.control.focus();
      return;
    }
    if (values.title.trim() !== saved.title) changes.title = values.title.trim();
    if (values.description !== saved.description) changes.description = values.description;
    if (values.dueDate !== saved.dueDate) changes.dueDate = values.dueDate || null;
    if (Object.keys(changes).length === 0) {
      title.control.value = saved.title;
      ctx.announce('Nothing to save: no changes.');
      return;
    }
    sent = values;
    try {
      await whileBusy(submit, 'Saving…', () => ctx.todo.save(todoId, changes));
      ctx.drafts.clear(draftKey);
    } catch (error) {
      const first = showFieldErrors(fields, fieldErrors(error));
      message.set(describeError(error));
      (first ?? submit).focus();
    } finally {
      sent = null;
    }
  });

  return { element, sync, dirty, clearDraft: () => ctx.drafts.clear(draftKey) };
}
