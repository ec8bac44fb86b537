import type { ScreenContext } from '../context';
import type { FileInfo } from '../types';
import type { ConfirmDialog } from '../ui/confirm-dialog';
import { h, onAction, renderKeepingFocus, uniqueId } from '../ui/dom';
import { formatBytes } from '../ui/format';
import { isViewable, renderFile, renderInterrupted, renderUpload } from './attachment-rows';
import { mountDropTarget } from './drop-zone';
import type { FilesState } from './files-state';
import { createImageViewer } from './image-viewer';
import { describeUsage } from './usage';

/**
 * A todo's attachments: pick, drop or paste files (checked against the size limit and the storage
 * left before anything is sent), uploads with progress, Pause/Resume and Cancel, interrupted
 * uploads to resume or discard, and the list with thumbnails, View, Download and Delete.
 */
export function attachmentsSection(
  ctx: ScreenContext,
  todoId: string,
  dialog: ConfirmDialog,
): { element: HTMLElement; update(state: FilesState): void; dropTarget(root: HTMLElement): () => void } {
  const fileInput = h('input', {
    type: 'file',
    id: uniqueId('files'),
    multiple: true,
    'aria-describedby': 'file-hint',
  });
  const usage = h('p', { class: 'hint usage' });
  const dropzone = h(
    'div',
    { class: 'dropzone' },
    h('label', { for: fileInput.id }, 'Attach files'),
    fileInput,
    h(
      'p',
      { class: 'hint', id: 'file-hint' },
      `Choose files, drop them here or paste them. Up to ${formatBytes(ctx.maxUploadBytes)} each.`,
    ),
    usage,
  );
  const rejected = h('div', { class: 'rejected', role: 'alert' });
  const uploadsHeading = h(
    'h3',
    { class: 'visually-hidden', id: uniqueId('uploads'), hidden: true },
    'Uploads in progress',
  );
  const uploads = h('ul', { class: 'uploads', 'aria-labelledby': uploadsHeading.id });
  const filesHeading = h('h2', { id: uniqueId('files-heading') }, 'Attachments');
  const files = h('ul', { class: 'files', 'aria-labelledby': filesHeading.id });
  const filesStatus = h('div', { class: 'files-status' });
  const viewer = createImageViewer((file) => ctx.files.viewUrl(todoId, file.fileId));
  const element = h(
    'section',
    { class: 'card', 'aria-labelledby': filesHeading.id },
    filesHeading,
    dropzone,
    rejected,
    uploadsHeading,
    uploads,
    filesStatus,
    files,
  );
  const fileById = (id: string | undefined): FileInfo | undefined =>
    ctx.store.state.files.files.find((f) => f.fileId === id);

  onAction<MouseEvent>(element, 'click', {
    'cancel-upload': (target) => ctx.uploads.cancel(target.dataset.id ?? ''),
    'pause-upload': (target) => ctx.uploads.pause(target.dataset.id ?? ''),
    'resume-upload': (target) => ctx.uploads.resume(target.dataset.id ?? ''),
    'dismiss-upload': (target) => ctx.uploads.dismiss(target.dataset.id ?? ''),
    'resume-pending': (target) => {
      // The browser cannot reopen a file by itself: the user picks the same one again.
      files.querySelector<HTMLInputElement>(`input[data-resume="${target.dataset.id}"]`)?.click();
    },
    'discard-pending': (target) => {
      const file = fileById(target.dataset.id);
      if (file) void ctx.uploads.discard(file);
    },
    view: (target) => {
      const images = ctx.store.state.files.files.filter(isViewable);
      const index = images.findIndex((f) => f.fileId === target.dataset.id);
      if (index >= 0) viewer.open(images, index);
    },
    download: (target) => void ctx.files.download(todoId, target.dataset.id ?? ''),
    'delete-file': async (target) => {
      const fileId = target.dataset.id ?? '';
      const file = fileById(fileId);
      if (!file) return;
      const ok = await dialog.ask(
        'Delete this file?',
        `“${file.fileName}” will be deleted for good.`,
        'Delete',
      );
      if (ok) await ctx.files.delete(todoId, fileId);
    },
  });
  files.addEventListener('change', (event) => {
    const input = event.target as HTMLInputElement;
    const pending = fileById(input.dataset.resume);
    const picked = input.files?.[0];
    if (pending && picked) ctx.uploads.resumePending(pending, picked);
    input.value = '';
  });

  fileInput.addEventListener('change', () => {
    if (fileInput.files && fileInput.files.length > 0) ctx.uploads.start(todoId, [...fileInput.files]);
    fileInput.value = '';
  });

  function update(detail: FilesState) {
    rejected.replaceChildren(...detail.rejected.map((text) => h('p', { class: 'field-error' }, text)));
    usage.textContent = detail.usage ? describeUsage(detail.usage) : '';
    const mine = detail.uploads.filter((u) => u.todoId === todoId);
    const previousUploads = [...uploads.children].map((li) => (li as HTMLElement).dataset.uploadId);
    const uploadRows = mine.map(renderUpload);
    renderKeepingFocus(uploads, uploadRows, (lostKey) => {
      // The focused control went (cancelled, dismissed, finished): the next upload's first
      // control, else an earlier one's, else the file picker (as after deleting the last file).
      const index = previousUploads.indexOf(lostKey.split(':')[1]);
      const start = Math.max(index, 0);
      const order = [...uploadRows.slice(start), ...uploadRows.slice(0, start).reverse()];
      return (
        order.map((row) => row.querySelector<HTMLElement>('[data-focus-key]')).find(Boolean) ?? fileInput
      );
    });
    // Heading and list exist only while something uploads: a screen reader never reads an empty one.
    uploads.hidden = mine.length === 0;
    uploadsHeading.hidden = mine.length === 0;
    const previousIds = [...files.querySelectorAll<HTMLElement>('[data-file-id]')].map(
      (el) => el.dataset.fileId,
    );
    // A file still uploading from this page shows as its upload, not also as a pending file.
    const uploading = new Set(mine.map((u) => u.fileId));
    const shown = detail.files.filter((f) => !uploading.has(f.fileId));
    const finishing = new Set(detail.finishing);
    const rows = shown.map((f) =>
      f.status === 'pending' && !finishing.has(f.fileId)
        ? renderInterrupted(f)
        : renderFile(f, detail.fileErrors[f.fileId]),
    );
    renderKeepingFocus(files, rows, (lostKey) => {
      const index = previousIds.indexOf(lostKey.split(':')[1]);
      const next = rows[Math.min(Math.max(index, 0), rows.length - 1)];
      return (
        next?.querySelector<HTMLElement>('[data-action=delete-file],[data-action=discard-pending]') ??
        fileInput
      );
    });
    if (detail.phase === 'loading') filesStatus.replaceChildren(h('p', { class: 'muted' }, 'Loading files…'));
    else if (detail.phase === 'error') {
      filesStatus.replaceChildren(h('p', { class: 'form-error' }, detail.error ?? 'Could not load files.'));
    } else if (shown.length === 0 && mine.length === 0) {
      filesStatus.replaceChildren(
        h('p', { class: 'empty' }, 'No files attached yet. Files you attach are kept with this todo.'),
      );
    } else filesStatus.replaceChildren();
  }

  return {
    element,
    update,
    /** Mounts the screen-wide drop and paste target; the returned function (on leaving) undoes it. */
    dropTarget: (root) => {
      const unmount = mountDropTarget(root, (picked) => ctx.uploads.start(todoId, picked), ctx.announce);
      return () => {
        unmount();
        if (viewer.element.open) viewer.element.close();
      };
    },
  };
}
