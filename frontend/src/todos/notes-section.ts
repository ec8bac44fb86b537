import { NOTES_MAX } from '../../../backend/src/todos/limits';
import type { ScreenContext } from '../context';
import type { Todo, TodoChanges } from '../types';
import { h, uniqueId } from '../ui/dom';
import { field } from '../ui/form';
import type { Autosave, AutosavePart } from './autosave';
import type { DetailSection } from './edit-section';
import { Refused } from './refusal';
import { saveStatusView } from './save-status';

/** The notes, saved as they are typed (see Autosave). */
export function notesSection(
  ctx: ScreenContext,
  todoId: string,
  autosave: Autosave<TodoChanges>,
): DetailSection {
  const draftKey = `notes:${todoId}`;
  const notes = field<HTMLTextAreaElement>({
    label: 'Notes',
    name: 'notes',
    multiline: true,
    labelHidden: true,
    rows: 6,
    maxlength: NOTES_MAX,
  });
  const status = saveStatusView({ retry: () => autosave.retry(), focusAfterRetry: () => notes.control });
  const heading = h('h2', { id: uniqueId('notes-heading') }, 'Notes');
  const form = h(
    'form',
    { class: 'stack', novalidate: true },
    notes.wrapper,
    h('div', { class: 'form-actions' }, status.element),
  );
  // No aria-labelledby here: the section would be labelled "Notes" too, and then two elements
  // (section and textarea) would answer to the label "Notes". The heading still titles it.
  const element = h('section', { class: 'card' }, heading, form);

  /** The server's version (or what it has taken since). */
  let saved: string | null = null;
  const changed = () => saved !== null && notes.control.value !== saved;
  const tooLong = `Notes can be at most ${NOTES_MAX} characters.`;
  /** Notes the server refused, held back until edited (see AutosavePart.refused). */
  const refused = new Refused<'notes'>();

  const part: AutosavePart<TodoChanges> = {
    read() {
      const value = notes.control.value;
      if (saved === null || value === saved) return { changes: null, invalid: null };
      if (value.length > NOTES_MAX) return { changes: null, invalid: tooLong };
      const held = refused.problem('notes', value);
      if (held) return { changes: null, invalid: held.message };
      return { changes: { notes: value }, invalid: null };
    },
    saved(changes) {
      if (changes.notes === undefined) return;
      saved = changes.notes;
      if (!changed()) ctx.drafts.clear(draftKey);
    },
    show(next) {
      status.show(next);
      // A refusal that named no field is said in the status only.
      if (next.state === 'invalid')
        notes.setError(refused.problem('notes', notes.control.value)?.named === false ? null : next.reason);
      else if (next.state === 'saving' || next.state === 'saved') notes.setError(null);
    },
    refused: (changes, error) => refused.take(['notes'], changes, error),
  };
  autosave.add(part);

  function sync(todo: Todo) {
    const firstFill = saved === null;
    // Untouched since the last version: show the new one. What is being typed stays as it is.
    if (firstFill || notes.control.value === saved) notes.control.value = todo.notes;
    saved = todo.notes;
    const draft = firstFill ? ctx.drafts.get(draftKey)?.notes : undefined;
    if (draft !== undefined && draft !== saved) {
      notes.control.value = draft;
      ctx.announce('Your unsaved notes were restored.');
      autosave.edited(part);
    }
  }

  notes.control.addEventListener('input', () => {
    ctx.drafts.set(draftKey, changed() ? { notes: notes.control.value } : {});
    autosave.edited(part);
  });
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    void autosave.flush();
  });

  return {
    element,
    sync,
    dirty: () => part.read().invalid !== null,
    clearDraft: () => ctx.drafts.clear(draftKey),
  };
}
