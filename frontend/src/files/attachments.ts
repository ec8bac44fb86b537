import type { ScreenContext } from '../context';
import type { FileInfo } from '../types';
import type { ConfirmDialog } from '../ui/confirm-dialog';
import { h, onAction, renderKeepingFocus, srOnly, uniqueId } from '../ui/dom';
import { formatBytes, formatTime } from '../ui/format';
import type { FilesState, Upload } from './files-state';

function renderUpload(upload: Upload): HTMLLIElement {
  const progressId = `progress-${upload.id}`;
  const percent = upload.size > 0 ? Math.round((upload.loaded / upload.size) * 100) : 100;
  const children: (Node | null)[] = [h('span', { class: 'file-name' }, upload.fileName)];
  if (upload.phase === 'failed') {
    children.push(
      h('p', { class: 'field-error' }, upload.error ?? 'The upload failed.'),
      h(
        'button',
        {
          type: 'button',
          'data-action': 'dismiss-upload',
          'data-id': upload.id,
          'data-focus-key': `u:${upload.id}`,
        },
        'Dismiss',
        srOnly(` the message about ${upload.fileName}`),
      ),
    );
  } else {
    const progress = h('progress', { id: progressId, max: upload.size || 1, value: upload.loaded });
    children.push(
      h('label', { for: progressId, class: 'visually-hidden' }, `Uploading ${upload.fileName}`),
      progress,
      h(
        'span',
        { class: 'file-meta' },
        upload.phase === 'processing' ? 'Finishing…' : `${percent}% of ${formatBytes(upload.size)}`,
      ),
      upload.phase === 'uploading'
        ? h(
            'button',
            {
              type: 'button',
              'data-action': 'cancel-upload',
              'data-id': upload.id,
              'data-focus-key': `u:${upload.id}`,
            },
            'Cancel',
            srOnly(` upload of ${upload.fileName}`),
          )
        : null,
    );
  }
  return h('li', { class: 'upload', 'data-phase': upload.phase }, ...children);
}

function renderFile(file: FileInfo, error: string | undefined): HTMLLIElement {
  const id = file.fileId;
  const pending = file.status === 'pending';
  const errorId = `file-error-${id}`;
  return h(
    'li',
    { class: 'file', 'data-file-id': id },
    h(
      'div',
      { class: 'file-info' },
      h('span', { class: 'file-name' }, file.fileName),
      h(
        'span',
        { class: 'file-meta' },
        `${formatBytes(file.size)} · ${formatTime(file.uploadedAt ?? file.createdAt)}`,
      ),
      pending ? h('span', { class: 'badge badge-pending' }, 'Pending') : null,
    ),
    h(
      'div',
      { class: 'file-actions' },
      pending
        ? null
        : h(
            'button',
            {
              type: 'button',
              'data-action': 'download',
              'data-id': id,
              'data-focus-key': `download:${id}`,
              'aria-describedby': error ? errorId : null,
            },
            'Download',
            srOnly(` ${file.fileName}`),
          ),
      h(
        'button',
        {
          type: 'button',
          class: 'button-quiet',
          'data-action': 'delete-file',
          'data-id': id,
          'data-focus-key': `delete:${id}`,
        },
        'Delete',
        srOnly(` ${file.fileName}`),
      ),
    ),
    error ? h('p', { class: 'field-error', id: errorId }, error) : null,
  );
}

/**
 * A todo's attachments: pick or drop files (checked against the size limit before anything is
 * sent), uploads with progress bars and Cancel, and the list with Download and Delete.
 */
export function attachmentsSection(
  ctx: ScreenContext,
  todoId: string,
  dialog: ConfirmDialog,
): { element: HTMLElement; update(state: FilesState): void } {
  const fileInput = h('input', {
    type: 'file',
    id: uniqueId('files'),
    multiple: true,
    'aria-describedby': 'file-hint',
  });
  const dropzone = h(
    'div',
    { class: 'dropzone' },
    h('label', { for: fileInput.id }, 'Attach files'),
    fileInput,
    h(
      'p',
      { class: 'hint', id: 'file-hint' },
      `Choose files or drop them here. Up to ${formatBytes(ctx.maxUploadBytes)} each.`,
    ),
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

  onAction<MouseEvent>(element, 'click', {
    'cancel-upload': (target) => ctx.uploads.cancel(target.dataset.id ?? ''),
    'dismiss-upload': (target) => ctx.uploads.dismiss(target.dataset.id ?? ''),
    download: (target) => void ctx.files.download(todoId, target.dataset.id ?? ''),
    'delete-file': async (target) => {
      const fileId = target.dataset.id ?? '';
      const file = ctx.store.state.files.files.find((f) => f.fileId === fileId);
      if (!file) return;
      const ok = await dialog.ask(
        'Delete this file?',
        `“${file.fileName}” will be deleted for good.`,
        'Delete',
      );
      if (ok) await ctx.files.delete(todoId, fileId);
    },
  });

  // ---- picking and dropping files
  fileInput.addEventListener('change', () => {
    if (fileInput.files && fileInput.files.length > 0) ctx.uploads.start(todoId, [...fileInput.files]);
    fileInput.value = '';
  });
  dropzone.addEventListener('dragover', (event) => {
    if (!event.dataTransfer?.types.includes('Files')) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = 'copy';
    dropzone.classList.add('is-dragging');
  });
  dropzone.addEventListener('dragleave', () => dropzone.classList.remove('is-dragging'));
  dropzone.addEventListener('drop', (event) => {
    event.preventDefault();
    dropzone.classList.remove('is-dragging');
    const dropped = event.dataTransfer?.files;
    if (dropped && dropped.length > 0) ctx.uploads.start(todoId, [...dropped]);
  });

  function update(detail: FilesState) {
    rejected.replaceChildren(...detail.rejected.map((text) => h('p', { class: 'field-error' }, text)));
    const mine = detail.uploads.filter((u) => u.todoId === todoId);
    renderKeepingFocus(uploads, mine.map(renderUpload), () => fileInput);
    // Heading and list exist only while something uploads: a screen reader never reads an empty one.
    uploads.hidden = mine.length === 0;
    uploadsHeading.hidden = mine.length === 0;
    const previousIds = [...files.querySelectorAll<HTMLElement>('[data-file-id]')].map(
      (el) => el.dataset.fileId,
    );
    // A file still uploading from this page shows as its upload, not also as a pending file.
    const uploading = new Set(mine.map((u) => u.fileId));
    const shown = detail.files.filter((f) => !uploading.has(f.fileId));
    const rows = shown.map((f) => renderFile(f, detail.fileErrors[f.fileId]));
    renderKeepingFocus(files, rows, (lostKey) => {
      const index = previousIds.indexOf(lostKey.split(':')[1]);
      const next = rows[Math.min(Math.max(index, 0), rows.length - 1)];
      return next?.querySelector<HTMLElement>('[data-action=delete-file]') ?? fileInput;
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

  return { element, update };
}
