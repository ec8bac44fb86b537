import { type Field, field, formMessage, h, onAction, uniqueId, whileBusy } from '../dom';
import { dueState, formatTime, localDate } from '../format';
import { describeError, fieldErrors } from '../messages';
import type { Route } from '../router';
import type { AppState, DetailState } from '../state';
import { LIMITS, type Todo, type TodoChanges } from '../types';
import { attachmentsSection } from './attachments';
import { createConfirmDialog } from './confirm-dialog';
import type { Screen, ScreenContext } from './screen';
import { dueInfo } from './todo-item';

type TodoRoute = Extract<Route, { name: 'todo' }>;

type EditValues = { title: string; description: string; dueDate: string };
const editValues = (todo: Todo): EditValues => ({
  title: todo.title,
  description: todo.description,
  dueDate: todo.dueDate ?? '',
});

export function detailScreen(ctx: ScreenContext, route: TodoRoute, listPath: () => string): Screen {
  const todoId = route.todoId;
  const editDraftKey = `edit:${todoId}`;
  const notesDraftKey = `notes:${todoId}`;

  // ---- header
  const back = h('a', { class: 'back', href: listPath() }, '← All todos');
  const heading = h('h1', { tabindex: -1 }, 'Loading todo…');
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
  const status = h('div', { class: 'detail-status' });

  // ---- edit form
  const title = field({ label: 'Title', name: 'title', required: true, maxlength: LIMITS.title });
  const description = field<HTMLTextAreaElement>({
    label: 'Description',
    name: 'description',
    multiline: true,
    rows: 3,
    maxlength: LIMITS.description,
  });
  const dueDate = field({ label: 'Due date', name: 'dueDate', type: 'date' });
  const editFields: Record<keyof EditValues, Field> = { title, description, dueDate };
  const editMessage = formMessage();
  const editSubmit = h('button', { type: 'submit' }, 'Save changes');
  const editHeading = h('h2', { id: uniqueId('edit-heading') }, 'Details');
  const editForm = h(
    'form',
    { class: 'stack', novalidate: true },
    title.wrapper,
    description.wrapper,
    dueDate.wrapper,
    editMessage.element,
    h('div', { class: 'form-actions' }, editSubmit),
  );

  // ---- notes
  const notes = field<HTMLTextAreaElement>({
    label: 'Notes',
    name: 'notes',
    multiline: true,
    labelHidden: true,
    rows: 6,
    maxlength: LIMITS.notes,
  });
  const notesState = h('span', { class: 'save-state' });
  const notesMessage = formMessage();
  const notesSubmit = h('button', { type: 'submit' }, 'Save notes');
  const notesHeading = h('h2', { id: uniqueId('notes-heading') }, 'Notes');
  const notesForm = h(
    'form',
    { class: 'stack', novalidate: true },
    notes.wrapper,
    notesMessage.element,
    h('div', { class: 'form-actions' }, notesSubmit, notesState),
  );

  const dialog = createConfirmDialog();
  const attachments = attachmentsSection(ctx, todoId, dialog);

  const article = h(
    'article',
    { class: 'detail', hidden: true },
    h(
      'header',
      { class: 'detail-header' },
      meta,
      h('div', { class: 'detail-actions' }, toggle, remove),
      actionError.element,
    ),
    h('section', { class: 'card', 'aria-labelledby': editHeading.id }, editHeading, editForm),
    // No aria-labelledby here: the section would be labelled "Notes" too, and then two elements
    // (section and textarea) would answer to the label "Notes". The heading still titles it.
    h('section', { class: 'card' }, notesHeading, notesForm),
    attachments.element,
  );
  const root = h('div', { class: 'detail-screen' }, back, heading, status, article, dialog.element);

  // ---- saved values vs. what is typed
  let savedEdit: EditValues | null = null;
  let savedNotes: string | null = null;
  let current: Todo | null = null;

  const typedEdit = (): EditValues => ({
    title: title.control.value,
    description: description.control.value,
    dueDate: dueDate.control.value,
  });
  const editDirty = () =>
    savedEdit !== null &&
    (Object.keys(editFields) as (keyof EditValues)[]).some(
      (k) => editFields[k].control.value !== savedEdit?.[k],
    );
  const notesDirty = () => savedNotes !== null && notes.control.value !== savedNotes;

  function showNotesState() {
    notesState.textContent = notesDirty() ? 'Unsaved changes' : savedNotes ? 'Saved' : '';
    notesState.classList.toggle('is-dirty', notesDirty());
  }

  /** Takes the server's version into the forms without overwriting anything the user changed. */
  function syncForms(todo: Todo) {
    const next = editValues(todo);
    const firstFill = savedEdit === null;
    for (const key of Object.keys(editFields) as (keyof EditValues)[]) {
      const control = editFields[key].control;
      if (firstFill || control.value === savedEdit?.[key]) control.value = next[key];
    }
    savedEdit = next;
    if (savedNotes === null || notes.control.value === savedNotes) notes.control.value = todo.notes;
    savedNotes = todo.notes;
    if (firstFill) restoreDrafts();
    showNotesState();
  }

  /** Unsaved text from before a reload or an expired session comes back. */
  function restoreDrafts() {
    const edit = ctx.drafts.get(editDraftKey);
    if (edit)
      for (const key of Object.keys(editFields) as (keyof EditValues)[]) {
        if (edit[key] !== undefined) editFields[key].control.value = edit[key];
      }
    const draft = ctx.drafts.get(notesDraftKey)?.notes;
    if (draft !== undefined && draft !== savedNotes) {
      notes.control.value = draft;
      ctx.announce('Your unsaved notes were restored.');
    }
  }

  editForm.addEventListener('input', () => ctx.drafts.set(editDraftKey, editDirty() ? typedEdit() : {}));
  notes.control.addEventListener('input', () => {
    ctx.drafts.set(notesDraftKey, notesDirty() ? { notes: notes.control.value } : {});
    showNotesState();
  });

  const clearDrafts = () => {
    ctx.drafts.clear(editDraftKey);
    ctx.drafts.clear(notesDraftKey);
  };

  // ---- leaving with unsaved changes
  ctx.router.setGuard(() => {
    if (!editDirty() && !notesDirty()) return true;
    const leave = ctx.confirm('You have unsaved changes on this todo. Leave without saving them?');
    if (leave) clearDrafts();
    return leave;
  });
  const onBeforeUnload = (event: BeforeUnloadEvent) => {
    if (editDirty() || notesDirty()) event.preventDefault();
  };
  window.addEventListener('beforeunload', onBeforeUnload);

  // ---- submitting
  editForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    editMessage.set(null);
    for (const f of Object.values(editFields)) f.setError(null);
    if (!savedEdit) return;
    const typed = typedEdit();
    const changes: TodoChanges = {};
    if (!typed.title.trim()) {
      title.setError('A todo needs a title.');
      title.control.focus();
      return;
    }
    if (typed.title.trim() !== savedEdit.title) changes.title = typed.title.trim();
    if (typed.description !== savedEdit.description) changes.description = typed.description;
    if (typed.dueDate !== savedEdit.dueDate) changes.dueDate = typed.dueDate || null;
    if (Object.keys(changes).length === 0) {
      title.control.value = savedEdit.title;
      ctx.announce('Nothing to save: no changes.');
      return;
    }
    try {
      const todo = await whileBusy(editSubmit, 'Saving…', () => ctx.actions.saveTodo(todoId, changes));
      for (const key of Object.keys(editFields) as (keyof EditValues)[]) {
        editFields[key].control.value = editValues(todo)[key];
      }
      savedEdit = editValues(todo);
      ctx.drafts.clear(editDraftKey);
    } catch (error) {
      let first: HTMLElement | null = null;
      for (const [name, text] of Object.entries(fieldErrors(error))) {
        const f = editFields[name as keyof EditValues];
        if (f) {
          f.setError(text);
          first ??= f.control;
        }
      }
      editMessage.set(describeError(error));
      (first ?? editSubmit).focus();
    }
  });

  notesForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    notesMessage.set(null);
    notes.setError(null);
    const text = notes.control.value;
    try {
      const todo = await whileBusy(notesSubmit, 'Saving…', () => ctx.actions.saveNotes(todoId, text));
      savedNotes = todo.notes;
      if (notes.control.value === text) notes.control.value = todo.notes;
      ctx.drafts.clear(notesDraftKey);
      showNotesState();
    } catch (error) {
      const message = fieldErrors(error).notes;
      if (message) notes.setError(message);
      notesMessage.set(describeError(error));
      notesSubmit.focus();
    }
  });

  // ---- buttons (one delegated listener for the whole screen)
  onAction<MouseEvent>(root, 'click', {
    toggle: async () => {
      if (!current) return;
      actionError.set(null);
      const completed = !current.completed;
      try {
        await whileBusy(toggle, completed ? 'Marking as done…' : 'Reopening…', () =>
          ctx.actions.setCompleted(todoId, completed),
        );
      } catch (error) {
        actionError.set(describeError(error));
      }
      if (current) toggle.textContent = current.completed ? 'Reopen' : 'Mark as done';
    },
    delete: async () => {
      if (!current) return;
      actionError.set(null);
      const ok = await dialog.ask(
        'Delete this todo?',
        `“${current.title}” and its attachments will be deleted for good.`,
        'Delete',
      );
      if (!ok) return;
      try {
        await whileBusy(remove, 'Deleting…', () => ctx.actions.deleteTodo(todoId));
        clearDrafts();
        ctx.router.navigate(listPath(), { force: true });
      } catch (error) {
        actionError.set(describeError(error));
      }
    },
    retry: () => void ctx.actions.loadTodo(todoId),
  });

  // ---- rendering
  function renderHeader(todo: Todo) {
    const today = localDate();
    heading.textContent = todo.title;
    const due = dueInfo(todo, today);
    meta.replaceChildren(
      h(
        'span',
        { class: `badge ${todo.completed ? 'badge-done' : 'badge-open'}` },
        todo.completed ? 'Done' : 'Open',
      ),
      due ?? '',
      h(
        'span',
        {},
        todo.completed && todo.completedAt
          ? `Completed ${formatTime(todo.completedAt)}`
          : `Created ${formatTime(todo.createdAt)}`,
      ),
    );
    article.dataset.due = dueState(todo.dueDate, todo.completed, today);
    if (!toggle.disabled) toggle.textContent = todo.completed ? 'Reopen' : 'Mark as done';
  }

  function renderStatus(detail: DetailState) {
    if (detail.phase === 'loading') {
      status.replaceChildren();
    } else if (detail.phase === 'missing') {
      heading.textContent = 'Todo not found';
      status.replaceChildren(
        h('p', {}, 'This todo no longer exists. It may have been deleted. '),
        h('a', { href: listPath() }, 'Back to your todos'),
      );
    } else if (detail.phase === 'error' || (detail.error && !detail.todo)) {
      status.replaceChildren(
        h('p', { class: 'form-error', role: 'alert' }, detail.error ?? 'Could not load this todo.'),
        h('button', { type: 'button', 'data-action': 'retry' }, 'Try again'),
      );
    } else {
      status.replaceChildren();
    }
  }

  let previous: DetailState | null = null;
  return {
    root,
    title: (state) => state.detail.todo?.title ?? 'Todo',
    focusTarget: () => heading,
    update(state: AppState) {
      const detail = state.detail;
      if (detail.todoId !== todoId || detail === previous) return;
      if (detail.todo && detail.todo !== previous?.todo) {
        current = detail.todo;
        renderHeader(detail.todo);
        syncForms(detail.todo);
        document.title = `${detail.todo.title} · Todos`;
      }
      article.hidden = !detail.todo;
      if (detail.phase !== previous?.phase || detail.error !== previous?.error) renderStatus(detail);
      if (
        detail.files !== previous?.files ||
        detail.uploads !== previous?.uploads ||
        detail.fileErrors !== previous?.fileErrors ||
        detail.rejected !== previous?.rejected ||
        detail.filesPhase !== previous?.filesPhase
      ) {
        attachments.update(detail);
      }
      previous = detail;
    },
    destroy() {
      ctx.router.setGuard(null);
      window.removeEventListener('beforeunload', onBeforeUnload);
      if (dialog.element.open) dialog.element.close();
    },
  };
}
