import type { FileInfo } from '../types';
import { h, uniqueId } from '../ui/dom';

export interface ImageViewer {
  /** In the document only while open. */
  element: HTMLDialogElement;
  /** Shows `images[index]`; ArrowLeft/ArrowRight move between them, Escape closes. */
  open(images: readonly FileInfo[], index: number): void;
}

/**
 * An inline image viewer on <dialog>: the image comes from a fresh presigned download URL (an
 * <img> never runs what it loads, and only image types are offered). Focus returns to the opener.
 */
export function createImageViewer(urlOf: (file: FileInfo) => Promise<string | null>): ImageViewer {
  const titleId = uniqueId('viewer-title');
  const title = h('h2', { id: titleId });
  const position = h('p', { class: 'muted viewer-position' });
  const image = h('img', { class: 'viewer-image', alt: '' });
  const status = h('p', { class: 'muted', 'aria-live': 'polite' });
  const previous = h('button', { type: 'button', 'data-move': '-1' }, 'Previous image');
  const next = h('button', { type: 'button', 'data-move': '1' }, 'Next image');
  const close = h('button', { type: 'button', 'data-close': '' }, 'Close');
  const element = h(
    'dialog',
    { class: 'dialog image-viewer', 'aria-labelledby': titleId },
    title,
    position,
    h('div', { class: 'viewer-frame' }, image, status),
    h('div', { class: 'dialog-actions' }, previous, next, close),
  );
  let images: readonly FileInfo[] = [];
  let index = 0;
  let opener: HTMLElement | null = null;
  let seq = 0;

  async function show(i: number) {
    index = (i + images.length) % images.length;
    const file = images[index];
    if (!file) return;
    const mine = ++seq;
    title.textContent = file.fileName;
    position.textContent = images.length > 1 ? `Image ${index + 1} of ${images.length}` : '';
    previous.hidden = next.hidden = images.length < 2;
    image.hidden = true;
    image.alt = file.fileName;
    status.textContent = 'Loading…';
    let url: string | null = null;
    try {
      url = await urlOf(file);
    } catch {
      url = null;
    }
    if (mine !== seq) return;
    if (!url) {
      status.textContent = 'This image cannot be shown right now. Try again in a moment.';
      return;
    }
    image.src = url;
    image.hidden = false;
    status.textContent = '';
  }

  element.addEventListener('click', (event) => {
    const target = (event.target as HTMLElement).closest<HTMLElement>('button');
    if (!target) return;
    if (target.dataset.move) void show(index + Number(target.dataset.move));
    else if (target.dataset.close !== undefined) element.close();
  });
  element.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      element.close();
    } else if (event.key === 'ArrowRight' || event.key === 'ArrowLeft') {
      event.preventDefault();
      void show(index + (event.key === 'ArrowRight' ? 1 : -1));
    }
  });
  element.addEventListener('close', () => {
    seq++;
    image.removeAttribute('src');
    // Out of the page while closed: it is no screen's part, and holds no stale image.
    element.remove();
    opener?.focus();
    opener = null;
  });

  return {
    element,
    open(list, i) {
      images = list;
      opener = document.activeElement as HTMLElement | null;
      if (!element.isConnected) document.body.append(element);
      if (!element.open) element.showModal();
      close.focus();
      void show(i);
    },
  };
}
