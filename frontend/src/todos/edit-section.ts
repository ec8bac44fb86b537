import { DESCRIPTION_MAX, TITLE_MAX } from '../../../backend/src/todos/limits';
import type { ScreenContext } from '../context';
import type { Todo, TodoChanges } from '../types';
import { h, uniqueId } from '../ui/dom';
import { type Field, field, showFieldErrors } from '../ui/form';
import { fieldErrors } from '../ui/messages';
import type { Autosave, AutosavePart } from './autosave';
import { isSingleLine } from './field-rules';
import { saveStatusView } from './save-status';

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
  /** Whether something typed would be lost by leaving now (not saved, and not on its way). */
  dirty(): boolean;
  clearDraft(): void;
}

/** Why a title cannot be sent, or null when it can. */
function titleProblem(title: string): string | null {
  if (!title.trim()) return 'A todo needs a title.';
  if (title.length > TITLE_MAX) return `A title can be at most ${TITLE_MAX} characters.`;
  if (!isSingleLine(title)) return 'A title cannot contain control characters.';
  return null;
}

/**
 * Typing a year digit by digit makes a whole date at each digit (0002-, 0020-, 0203-, 2030-…),
 * each with its own change event: a year below 1000 is taken as not finished yet.
 */
const yearBeingTyped = (date: string) => /^0\d{3}-/.test(date);

/**
 * The edit form: title, description, due date, saved as they are typed (see Autosave); only the
 * changed fields are sent. What cannot be sent (an empty title) is marked on its field.
 */
export function editSection(
  ctx: ScreenContext,
  todoId: string,
  autosave: Autosave<TodoChanges>,
): DetailSection {
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
  const status = saveStatusView({ retry: () => autosave.retry(), focusAfterRetry: () => title.control });
  const heading = h('h2', { id: uniqueId('edit-heading') }, 'Details');
  const form = h(
    'form',
    { class: 'stack', novalidate: true },
    title.wrapper,
    description.wrapper,
    dueDate.wrapper,
    h('div', { class: 'form-actions' }, status.element),
  );
  const element = h('section', { class: 'card', 'aria-labelledby': heading.id }, heading, form);

  /** The server's version (or what it has taken since). */
  let saved: EditValues | null = null;
  const typed = (): EditValues => ({
    title: title.control.value,
    description: description.control.value,
    dueDate: dueDate.control.value,
  });
  const changed = () => saved !== null && KEYS.some((k) => fields[k].control.value !== saved?.[k]);

  /** Why each field cannot be sent (a date typed halfway reads as '' and would clear the date). */
  const problems = (values: EditValues): Partial<Record<keyof EditValues, string>> => {
    const found: Partial<Record<keyof EditValues, string>> = {};
    const titleIssue = titleProblem(values.title);
    if (titleIssue) found.title = titleIssue;
    if (values.description.length > DESCRIPTION_MAX) {
      found.description = `A description can be at most ${DESCRIPTION_MAX} characters.`;
    }
    if (dueDate.control.validity?.badInput || yearBeingTyped(values.dueDate)) {
      found.dueDate = 'Finish the date, or clear it.';
    }
    return found;
  };

  const part: AutosavePart<TodoChanges> = {
    read() {
      if (!saved) return { changes: null, invalid: null };
      const values = typed();
      const issues = problems(values);
      const changes: TodoChanges = {};
      if (!issues.title && values.title.trim() !== saved.title) changes.title = values.title.trim();
      if (!issues.description && values.description !== saved.description) {
        changes.description = values.description;
      }
      if (!issues.dueDate && values.dueDate !== saved.dueDate) changes.dueDate = values.dueDate || null;
      const invalid = Object.values(issues)[0] ?? null;
      return { changes: Object.keys(changes).length > 0 ? changes : null, invalid };
    },
    saved(changes) {
      if (!saved) return;
      if (changes.title !== undefined) saved.title = changes.title;
      if (changes.description !== undefined) saved.description = changes.description;
      if (changes.dueDate !== undefined) saved.dueDate = changes.dueDate ?? '';
      ctx.drafts.set(draftKey, changed() ? typed() : {});
    },
    show(next) {
      status.show(next);
      if (next.state === 'invalid') {
        for (const [key, message] of Object.entries(problems(typed()))) {
          fields[key as keyof EditValues].setError(message);
        }
      } else if (next.state === 'failed') {
        showFieldErrors(fields, fieldErrors(next.error));
      }
    },
  };
  autosave.add(part);

  function sync(todo: Todo) {
    const next = editValues(todo);
    const firstFill = saved === null;
    for (const key of KEYS) {
      const control = fields[key].control;
      // Untouched since the last version: show the new one. What is being typed stays as it is.
      if (firstFill || control.value === saved?.[key]) control.value = next[key];
    }
    saved = next;
    if (firstFill) {
      // Unsaved text from before a reload or an expired session comes back, and is saved.
      const draft = ctx.drafts.get(draftKey);
      if (draft) for (const key of KEYS) if (draft[key] !== undefined) fields[key].control.value = draft[key];
      if (changed()) autosave.edited(part);
    }
  }

  form.addEventListener('input', (event) => {
    ctx.drafts.set(draftKey, changed() ? typed() : {});
    // A date is picked, not typed: it goes at once (on change).
    if (event.target !== dueDate.control) autosave.edited(part);
  });
  dueDate.control.addEventListener('change', () =>
    autosave.edited(part, { now: !yearBeingTyped(dueDate.control.value) }),
  );
  // Enter in the title: save now rather than after the pause.
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void autosave.flush();
  });

  return {
    element,
    sync,
    dirty: () => part.read().invalid !== null && changed(),
    clearDraft: () => ctx.drafts.clear(draftKey),
  };
}
