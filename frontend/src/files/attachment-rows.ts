import type { FileInfo } from '../types';
import { h, srOnly } from '../ui/dom';
import { formatBytes, formatTime } from '../ui/format';
import type { Upload } from './files-state';

/** Types the inline viewer shows; everything else only downloads. */
export const VIEWABLE = new Set(['image/jpeg', 'image/png', 'image/webp', 'image/gif']);

export const isViewable = (file: FileInfo) => file.status === 'available' && VIEWABLE.has(file.contentType);

const button = (
  action: string,
  id: string,
  label: string,
  hidden: string,
  extra: Record<string, string> = {},
) =>
  h(
    'button',
    { type: 'button', 'data-action': action, 'data-id': id, 'data-focus-key': `${action}:${id}`, ...extra },
    label,
    srOnly(hidden),
  );

export function renderUpload(upload: Upload): HTMLLIElement {
  const progressId = `progress-${upload.id}`;
  const percent = upload.size > 0 ? Math.round((upload.loaded / upload.size) * 100) : 100;
  const children: (Node | null)[] = [h('span', { class: 'file-name' }, upload.fileName)];
  if (upload.phase === 'failed') {
    children.push(
      h('p', { class: 'field-error' }, upload.error ?? 'The upload failed.'),
      button('dismiss-upload', upload.id, 'Dismiss', ` the message about ${upload.fileName}`),
    );
  } else {
    const status =
      upload.phase === 'processing'
        ? 'Finishing…'
        : `${upload.phase === 'paused' ? 'Paused at ' : ''}${percent}% of ${formatBytes(upload.size)}`;
    const active = upload.phase === 'uploading' || upload.phase === 'paused';
    // Pause and Resume take each other's place: one focus key keeps keyboard focus on the swap.
    const toggleKey = { 'data-focus-key': `pause-resume:${upload.id}` };
    children.push(
      h('label', { for: progressId, class: 'visually-hidden' }, `Uploading ${upload.fileName}`),
      h('progress', { id: progressId, max: upload.size || 1, value: upload.loaded }),
      h('span', { class: 'file-meta' }, status),
      active && upload.multipart && upload.phase === 'uploading'
        ? button('pause-upload', upload.id, 'Pause', ` upload of ${upload.fileName}`, toggleKey)
        : null,
      active && upload.phase === 'paused'
        ? button('resume-upload', upload.id, 'Resume', ` upload of ${upload.fileName}`, toggleKey)
        : null,
      active ? button('cancel-upload', upload.id, 'Cancel', ` upload of ${upload.fileName}`) : null,
    );
  }
  return h('li', { class: 'upload', 'data-phase': upload.phase, 'data-upload-id': upload.id }, ...children);
}

/**
 * A pending file no upload on this page is sending (left by a reload or another browser): the
 * user picks the same file again to resume it, or discards it. Never a dead "Pending" row.
 */
export function renderInterrupted(file: FileInfo): HTMLLIElement {
  const id = file.fileId;
  const inputId = `resume-input-${id}`;
  return h(
    'li',
    { class: 'file interrupted', 'data-file-id': id },
    h(
      'div',
      { class: 'file-info' },
      h('span', { class: 'file-name' }, file.fileName),
      h('span', { class: 'file-meta' }, `${formatBytes(file.size)} · upload interrupted`),
    ),
    h(
      'div',
      { class: 'file-actions' },
      h('input', {
        type: 'file',
        id: inputId,
        class: 'visually-hidden',
        tabindex: '-1',
        'data-resume': id,
        'aria-label': `Pick ${file.fileName} again to resume its upload`,
      }),
      button('resume-pending', id, 'Resume', ` upload of ${file.fileName}`),
      button('discard-pending', id, 'Discard', ` upload of ${file.fileName}`, { class: 'button-quiet' }),
    ),
  );
}

export function renderFile(file: FileInfo, error: string | undefined): HTMLLIElement {
  const id = file.fileId;
  const errorId = `file-error-${id}`;
  const thumbnail = file.thumbnailUrl
    ? h('img', { class: 'thumbnail', src: file.thumbnailUrl, alt: file.fileName, loading: 'lazy' })
    : null;
  return h(
    'li',
    { class: 'file', 'data-file-id': id },
    isViewable(file) && thumbnail
      ? h(
          'button',
          {
            type: 'button',
            class: 'thumbnail-button',
            'data-action': 'view',
            'data-id': id,
            'data-focus-key': `thumb:${id}`,
            tabindex: '-1',
          },
          thumbnail,
        )
      : thumbnail,
    h(
      'div',
      { class: 'file-info' },
      h('span', { class: 'file-name' }, file.fileName),
      h(
        'span',
        { class: 'file-meta' },
        `${formatBytes(file.size)} · ${formatTime(file.uploadedAt ?? file.createdAt)}`,
      ),
      file.status === 'pending' ? h('span', { class: 'badge badge-pending' }, 'Pending') : null,
    ),
    h(
      'div',
      { class: 'file-actions' },
      isViewable(file) ? button('view', id, 'View', ` ${file.fileName}`) : null,
      file.status === 'pending'
        ? null
        : button(
            'download',
            id,
            'Download',
            ` ${file.fileName}`,
            error ? { 'aria-describedby': errorId } : {},
          ),
      button('delete-file', id, 'Delete', ` ${file.fileName}`, { class: 'button-quiet' }),
    ),
    error ? h('p', { class: 'field-error', id: errorId }, error) : null,
  );
}
