import { DESCRIPTION_MAX, TITLE_MAX } from '../../../backend/src/todos/limits';
import type { ScreenContext } from '../context';
import type { Todo, TodoChanges } from '../types';
import { h, uniqueId } from '../ui/dom';
import { type Field, field } from '../ui/form';
import type { Autosave, AutosavePart } from './autosave';
import { isSingleLine } from './field-rules';
import { type Refusal, Refused } from './refusal';
import { saveStatusView } from './save-status';

type EditValues = { title: string; description: string; dueDate: string };
const KEYS = ['title', 'description', 'dueDate'] as const;
const editValues = (todo: Todo): EditValues => ({
  title: todo.title,
  description: todo.description,
  dueDate: todo.dueDate ?? '',
});
/** The values as they would be sent (a title trimmed, an empty date as null). */
const wire = (values: EditValues) => ({
  title: values.title.trim(),
  description: values.description,
  dueDate: values.dueDate || null,
});
/** The API's rule (docs/api.md, `repeat`): a repeating todo keeps a due date. */
const REPEAT_NEEDS_DATE = 'A repeating todo needs a due date. To clear it, set Repeat to “Never” first.';
/** The server names `repeat` when a cleared date is refused for it: the due-date field shows it. */
const dueDateAlias = { field: 'dueDate', message: REPEAT_NEEDS_DATE };

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
  /** Whether the server's version repeats: then its due date cannot be cleared. */
  let repeats = false;
  const dueDate = field({
    label: 'Due date',
    name: 'dueDate',
    type: 'date',
    valid: (value) => value !== '' || !repeats,
  });
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

  /** Values the server refused, held back until edited (see AutosavePart.refused). */
  const refused = new Refused<keyof EditValues>();

  /**
   * Why each field cannot be sent (a date typed halfway reads as '' and would clear the date; a
   * repeating todo's date cannot be cleared), or was refused as it is; `named` when it is shown
   * on the field (a refusal that named no field is said in the status only).
   */
  const problems = (values: EditValues): Partial<Record<keyof EditValues, Refusal>> => {
    const found: Partial<Record<keyof EditValues, Refusal>> = {};
    const mine = (message: string) => ({ message, named: true });
    const titleIssue = titleProblem(values.title);
    if (titleIssue) found.title = mine(titleIssue);
    if (values.description.length > DESCRIPTION_MAX) {
      found.description = mine(`A description can be at most ${DESCRIPTION_MAX} characters.`);
    }
    if (dueDate.control.validity?.badInput || yearBeingTyped(values.dueDate)) {
      found.dueDate = mine('Finish the date, or clear it.');
    } else if (repeats && !values.dueDate && saved?.dueDate) {
      found.dueDate = mine(REPEAT_NEEDS_DATE);
    }
    const sent = wire(values);
    for (const key of KEYS) {
      const held = found[key] ? null : refused.problem(key, sent[key]);
      if (held) found[key] = held;
    }
    return found;
  };

  const part: AutosavePart<TodoChanges> = {
    read() {
      if (!saved) return { changes: null, invalid: null };
      const values = typed();
      const issues = problems(values);
      const [now, before] = [wire(values), wire(saved)];
      const changes: TodoChanges = {};
      if (!issues.title && now.title !== before.title) changes.title = now.title;
      if (!issues.description && now.description !== before.description) {
        changes.description = now.description;
      }
      if (!issues.dueDate && now.dueDate !== before.dueDate) changes.dueDate = now.dueDate;
      const invalid = Object.values(issues)[0]?.message ?? null;
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
      if (next.state === 'idle' || next.state === 'failed') return;
      // A field's error goes once nothing is wrong with it (fixed elsewhere: the repeat removed).
      const issues = problems(typed());
      for (const key of KEYS) {
        const issue = issues[key];
        if (!issue?.named) fields[key].setError(null);
        else if (next.state === 'invalid') fields[key].setError(issue.message);
      }
    },
    refused: (changes, error) => refused.take(KEYS, changes, error, { repeat: dueDateAlias }),
  };
  autosave.add(part);

  function sync(todo: Todo) {
    const next = editValues(todo);
    const firstFill = saved === null;
    const repeated = repeats;
    repeats = todo.repeat !== null;
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
    } else if (repeats !== repeated && !dueDate.control.value && next.dueDate) {
      // A cleared date held back for the repeat can go now (or, repeating again, cannot).
      autosave.edited(part, { now: true });
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
