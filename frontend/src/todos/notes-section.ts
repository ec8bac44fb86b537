import { NOTES_MAX } from '../../../backend/src/todos/limits';
import type { ScreenContext } from '../context';
import type { Todo } from '../types';
import { h, uniqueId } from '../ui/dom';
import { field, formMessage, whileBusy } from '../ui/form';
import { describeError, fieldErrors } from '../ui/messages';
import type { DetailSection } from './edit-section';

/** The notes: saved only when asked, marked "Unsaved changes" until then. */
export function notesSection(ctx: ScreenContext, todoId: string): DetailSection {
  const draftKey = `notes:${todoId}`;
  const notes = field<HTMLTextAreaElement>({
    label: 'Notes',
    name: 'notes',
    multiline: true,
    labelHidden: true,
    rows: 6,
    maxlength: NOTES_MAX,
  });
  const state = h('span', { class: 'save-state' });
  const message = formMessage();
  const submit = h('button', { type: 'submit' }, 'Save notes');
  const heading = h('h2', { id: uniqueId('notes-heading') }, 'Notes');
  const form = h(
    'form',
    { class: 'stack', novalidate: true },
    notes.wrapper,
    message.element,
    h('div', { class: 'form-actions' }, submit, state),
  );
  // No aria-labelledby here: the section would be labelled "Notes" too, and then two elements
  // (section and textarea) would answer to the label "Notes". The heading still titles it.
  const element = h('section', { class: 'card' }, heading, form);

  let saved: string | null = null;
  let sent: string | null = null;
  const dirty = () => saved !== null && notes.control.value !== saved;

  function showState() {
    state.textContent = dirty() ? 'Unsaved changes' : saved ? 'Saved' : '';
    state.classList.toggle('is-dirty', dirty());
  }

  function sync(todo: Todo) {
    const firstFill = saved === null;
    const value = notes.control.value;
    if (firstFill || value === saved || value === sent) notes.control.value = todo.notes;
    saved = todo.notes;
    const draft = firstFill ? ctx.drafts.get(draftKey)?.notes : undefined;
    if (draft !== undefined && draft !== saved) {
      notes.control.value = draft;
      ctx.announce('Your unsaved notes were restored.');
    }
    showState();
  }

  notes.control.addEventListener('input', () => {
    ctx.drafts.set(draftKey, dirty() ? { notes: notes.control.value } : {});
    showState();
  });

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    message.set(null);
    notes.setError(null);
    sent = notes.control.value;
    try {
      await whileBusy(submit, 'Saving…', () => ctx.todo.saveNotes(todoId, sent ?? ''));
      ctx.drafts.clear(draftKey);
      showState();
    } catch (error) {
      const text = fieldErrors(error).notes;
      if (text) notes.setError(text);
      message.set(describeError(error));
      submit.focus();
    } finally {
      sent = null;
    }
  });

  return { element, sync, dirty, clearDraft: () => ctx.drafts.clear(draftKey) };
}
