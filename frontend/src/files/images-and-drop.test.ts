import { afterEach, describe, expect, it } from 'vitest';
import { announced, click, getByRole, queryByRole, settle } from '../testing/dom-helpers';
import { FakeApi, makeTodo } from '../testing/fake-backend';
import { renderApp } from '../testing/render-app';
import type { FileInfo } from '../types';

const todo = makeTodo(1, { title: 'Plan trip' });

const file = (n: number, fileName: string, contentType: string, thumbnailUrl: string | null): FileInfo => ({
  fileId: `F${n}`,
  todoId: 'T000001',
  fileName,
  contentType,
  size: 2048,
  status: 'available',
  createdAt: `2025-01-01T10:00:0${n}Z`,
  uploadedAt: `2025-01-01T10:00:0${n}Z`,
  thumbnailUrl,
});

async function openWithFiles() {
  const api = new FakeApi([todo]);
  api.files = [
    file(3, 'beach.jpg', 'image/jpeg', 'https://bucket.example/thumbnails/F3.webp?signed'),
    file(2, 'report.pdf', 'application/pdf', null),
    file(1, 'map.png', 'image/png', 'https://bucket.example/thumbnails/F1.webp?signed'),
  ];
  const app = await renderApp({ api, path: '/todos/T000001' });
  return app;
}

const key = (target: EventTarget, name: string) =>
  target.dispatchEvent(new KeyboardEvent('keydown', { key: name, bubbles: true, cancelable: true }));

afterEach(() => localStorage.clear());

describe('thumbnails and the image viewer', () => {
  it('shows thumbnails named after their files; only images offer View', async () => {
    await openWithFiles();
    const thumbs = [...document.querySelectorAll<HTMLImageElement>('.files img')];
    expect(thumbs.map((img) => [img.alt, img.getAttribute('src')])).toEqual([
      ['beach.jpg', 'https://bucket.example/thumbnails/F3.webp?signed'],
      ['map.png', 'https://bucket.example/thumbnails/F1.webp?signed'],
    ]);
    expect(getByRole('button', 'View beach.jpg')).toBeTruthy();
    expect(queryByRole('button', 'View report.pdf')).toBeNull();
    expect(getByRole('button', 'Download report.pdf')).toBeTruthy();
  });

  it('opens an image in a labelled dialog, moves with the arrow keys, and Esc returns focus', async () => {
    const { api } = await openWithFiles();
    const opener = getByRole('button', 'View beach.jpg');
    opener.focus();
    click(opener);
    await settle();
    const viewer = document.querySelector('dialog[open]') as HTMLDialogElement;
    expect(viewer).toBeTruthy();
    expect(getByRole('dialog', 'beach.jpg')).toBe(viewer);
    const image = viewer.querySelector('img') as HTMLImageElement;
    expect(image.getAttribute('src')).toBe('https://bucket.example/F3?signed');
    expect(image.alt).toBe('beach.jpg');
    expect(viewer.textContent).toContain('Image 1 of 2');

    key(viewer, 'ArrowRight');
    await settle();
    expect(getByRole('dialog', 'map.png')).toBe(viewer);
    expect(image.getAttribute('src')).toBe('https://bucket.example/F1?signed');
    key(viewer, 'ArrowRight'); // wraps around
    await settle();
    expect(getByRole('dialog', 'beach.jpg')).toBe(viewer);
    key(viewer, 'ArrowLeft');
    await settle();
    expect(getByRole('dialog', 'map.png')).toBe(viewer);
    expect(api.callsTo('getFile').map((c) => c.args[1])).toEqual(['F3', 'F1', 'F3', 'F1']);

    key(viewer, 'Escape');
    await settle();
    expect(viewer.open).toBe(false);
    expect(document.activeElement).toBe(opener);
  });
});

describe('thumbnails of new uploads', () => {
  it('shows the thumbnail of an uploaded image as soon as the server has made it, without a reload', async () => {
    const api = new FakeApi([todo]);
    api.makeThumbnails = true;
    await renderApp({ api, path: '/todos/T000001' });
    const input = document.querySelector<HTMLInputElement>('input[type=file]') as HTMLInputElement;
    Object.defineProperty(input, 'files', { value: [new File(['png'], 'cat.png', { type: 'image/png' })] });
    input.dispatchEvent(new Event('change', { bubbles: true }));
    await settle();
    api.uploads[0]?.finish();
    await settle(10);
    expect(getByRole('button', 'View cat.png')).toBeTruthy();
    await new Promise((resolve) => setTimeout(resolve, 50));
    await settle();
    const thumb = document.querySelector<HTMLImageElement>('.files img');
    expect(thumb?.alt).toBe('cat.png');
    expect(thumb?.getAttribute('src')).toMatch(/thumbnails\/F\d+\.webp/);
  });
});

describe('dropping and pasting files', () => {
  const withFiles = <T extends Event>(event: T, prop: 'dataTransfer' | 'clipboardData', files: File[]) => {
    Object.defineProperty(event, prop, { value: { files, types: ['Files'], dropEffect: 'none' } });
    return event;
  };

  it('takes files dropped anywhere on the detail screen, with a visible, announced target', async () => {
    const { api } = await renderApp({ todos: [todo], path: '/todos/T000001' });
    const screen = document.querySelector('.detail-screen') as HTMLElement;
    const title = document.querySelector('h1') as HTMLElement;
    title.dispatchEvent(withFiles(new Event('dragenter', { bubbles: true }), 'dataTransfer', []));
    const over = withFiles(new Event('dragover', { bubbles: true, cancelable: true }), 'dataTransfer', []);
    title.dispatchEvent(over);
    expect(over.defaultPrevented).toBe(true);
    const overlay = screen.querySelector('.drop-overlay') as HTMLElement;
    expect(overlay.hidden).toBe(false);
    expect(overlay.textContent).toBe('Drop files to attach them to this todo');
    await announced();
    expect(getByRole('status', 'Drop the files to attach them to this todo.')).toBeTruthy();

    const dropped = new File(['hello'], 'dropped.txt', { type: 'text/plain' });
    title.dispatchEvent(
      withFiles(new Event('drop', { bubbles: true, cancelable: true }), 'dataTransfer', [dropped]),
    );
    await settle();
    expect(overlay.hidden).toBe(true);
    expect(api.callsTo('createUpload')[0]?.args[1]).toMatchObject({ name: 'dropped.txt', size: 5 });
  });

  it('attaches an image pasted from the clipboard, but leaves pasted text alone', async () => {
    const { api } = await renderApp({ todos: [todo], path: '/todos/T000001' });
    const text = new Event('paste', { bubbles: true, cancelable: true });
    Object.defineProperty(text, 'clipboardData', { value: { files: [], types: ['text/plain'] } });
    document.body.dispatchEvent(text);
    expect(text.defaultPrevented).toBe(false);

    const shot = new File(['png'], 'image.png', { type: 'image/png' });
    const paste = withFiles(new Event('paste', { bubbles: true, cancelable: true }), 'clipboardData', [shot]);
    document.body.dispatchEvent(paste);
    await settle();
    expect(paste.defaultPrevented).toBe(true);
    expect(api.callsTo('createUpload')[0]?.args[1]).toMatchObject({ name: 'image.png', type: 'image/png' });
  });
});
