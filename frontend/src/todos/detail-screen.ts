import type { ScreenContext } from '../context';
import { attachmentsSection } from '../files/attachments';
import type { FilesState } from '../files/files-state';
import type { Route } from '../router';
import type { AppState } from '../state';
import type { TodoChanges } from '../types';
import { createConfirmDialog } from '../ui/confirm-dialog';
import { h, onAction } from '../ui/dom';
import { describeError, quote } from '../ui/messages';
import { onPageExit } from '../ui/page-exit';
import type { Screen } from '../ui/screen';
import { Autosave } from './autosave';
import { checklistSection } from './checklist-section';
import { detailHeader } from './detail-header';
import type { DetailState } from './detail-state';
import { editSection } from './edit-section';
import { notesSection } from './notes-section';
import { organiseSection } from './organise-section';
import { trackSave } from './pending-saves';
import { reminderSection } from './reminder-section';
import { repeatSection } from './repeat-section';

type TodoRoute = Extract<Route, { name: 'todo' }>;

/**
 * One todo, composed of sections: the header (status, complete, delete), the edit form, the notes
 * and the attachments. Each section takes the server's version in from state. Title, description,
 * due date and notes save as they are typed, through one Autosave: leaving sends what waits at
 * once, closing the tab sends it as a keepalive request; only text that cannot be sent (an empty
 * title) makes leaving ask first.
 */
export function detailScreen(ctx: ScreenContext, route: TodoRoute, listPath: () => string): Screen {
  const todoId = route.todoId;
  const back = h('a', { class: 'back', href: listPath() }, '← All todos');
  const heading = h('h1', { tabindex: -1 }, 'Loading todo…');
  const status = h('div', { class: 'detail-status' });
  const dialog = createConfirmDialog();
  const autosave = new Autosave<TodoChanges>({
    send: (changes) => ctx.todo.saveTyped(todoId, changes),
    sendOnExit: (changes) => ctx.todo.saveTypedOnExit(todoId, changes),
    describe: (error) => describeError(error),
  });
  const edit = editSection(ctx, todoId, autosave);
  const organise = organiseSection(ctx, todoId);
  const checklist = checklistSection(ctx, todoId);
  const repeat = repeatSection(ctx, todoId);
  const notes = notesSection(ctx, todoId, autosave);
  const reminder = reminderSection(ctx, todoId);
  const sections = [edit, organise, repeat, checklist, reminder, notes];
  const clearDrafts = () => {
    for (const section of sections) section.clearDraft();
  };
  const header = detailHeader(ctx, todoId, {
    dialog,
    onDeleted: () => {
      clearDrafts();
      ctx.router.navigate(listPath(), { force: true });
      // Undo must be in reach at once, not at the end of the page: the list's heading gave way.
      ctx.todo.focusUndo(todoId);
    },
  });
  const attachments = attachmentsSection(ctx, todoId, dialog);
  const article = h(
    'article',
    { class: 'detail', hidden: true },
    header.element,
    edit.element,
    organise.element,
    repeat.element,
    checklist.element,
    notes.element,
    reminder.element,
    attachments.element,
  );
  const root = h('div', { class: 'detail-screen' }, back, heading, status, article, dialog.element);
  const unmountDrop = attachments.dropTarget(root);

  // ---- leaving: what waits is sent; what cannot be sent (or other sections' unsaved input) asks
  const dirty = () => sections.some((section) => section.dirty());
  ctx.router.setGuard(() => {
    if (!dirty()) return true;
    const leave = ctx.confirm('You have unsaved changes on this todo. Leave without saving them?');
    if (leave) clearDrafts();
    return leave;
  });
  const onBeforeUnload = (event: BeforeUnloadEvent) => {
    if (dirty()) event.preventDefault();
  };
  window.addEventListener('beforeunload', onBeforeUnload);
  const stopExit = onPageExit(() => autosave.flushOnExit(), { hidden: true });
  // Signing out waits for what was typed (sent while the session still holds).
  const stopSignOut = ctx.store.on('session:ending', ({ waitUntil }) => waitUntil(autosave.flush()));

  onAction<MouseEvent>(status, 'click', { retry: () => void ctx.todo.load(todoId) });

  function renderStatus(detail: DetailState) {
    if (detail.phase === 'missing') {
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
  let previousFiles: FilesState | null = null;
  return {
    root,
    title: (state) => (state.detail.todoId === todoId && state.detail.todo?.title) || 'Todo',
    focusTarget: () => heading,
    update(state: AppState) {
      const { detail, files } = state;
      if (detail.todoId === todoId && detail !== previous) {
        if (detail.todo && detail.todo !== previous?.todo) {
          heading.textContent = detail.todo.title;
          article.dataset.due = header.render(detail.todo);
          for (const section of sections) section.sync(detail.todo);
        }
        article.hidden = !detail.todo;
        if (detail.phase !== previous?.phase || detail.error !== previous?.error) renderStatus(detail);
        previous = detail;
      }
      if (files.todoId === todoId && files !== previousFiles) {
        attachments.update(files);
        previousFiles = files;
      }
    },
    destroy() {
      ctx.router.setGuard(null);
      window.removeEventListener('beforeunload', onBeforeUnload);
      stopSignOut();
      // Leaving sends what waits now; the page keeps covering it until it is answered.
      const shown = ctx.store.state.detail.todo;
      const flushing = autosave.flush();
      trackSave(flushing);
      void flushing.then((saved) => {
        stopExit();
        const title =
          (shown?.todoId === todoId ? shown.title : undefined) ??
          ctx.store.state.list.items.find((t) => t.todoId === todoId)?.title;
        if (!saved && ctx.store.state.user) {
          ctx.announce(
            `Your last changes to ${title ? quote(title) : 'the todo'} were not saved. Open it to try again.`,
          );
        }
      });
      unmountDrop();
      if (dialog.element.open) dialog.element.close();
    },
  };
}
