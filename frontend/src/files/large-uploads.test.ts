import { afterEach, describe, expect, it } from 'vitest';
import { ApiError, NetworkError } from '../errors';
import { announced, click, getByRole, queryByRole, settle } from '../testing/dom-helpers';
import { FakeApi, makeTodo } from '../testing/fake-backend';
import { multipartApi as apiWith, bytes, finishParts, pickFiles } from '../testing/pick-files';
import { renderApp } from '../testing/render-app';
import type { FileInfo } from '../types';

const todo = makeTodo(1, { title: 'Plan trip' });
const multipartApi = () => apiWith([todo]);
const open = (api: FakeApi) => renderApp({ api, path: '/todos/T000001' });

afterEach(() => localStorage.clear());

describe('multipart uploads', () => {
  it('sends a large file in slices, four parts at a time, then completes it with the ETags', async () => {
    const api = multipartApi();
    await open(api);
    pickFiles([bytes('movie.mp4', 44)]);
    await settle();
    // 6 parts: four travel at once, each a slice of at most one part.
    expect(api.uploads.map((u) => u.partNumber)).toEqual([1, 2, 3, 4]);
    expect(api.uploads.map((u) => u.body.size)).toEqual([8, 8, 8, 8]);
    expect(api.callsTo('presignParts')[0]?.args[2]).toEqual([1, 2, 3, 4, 5, 6]);
    api.uploads[0]?.progress(4);
    api.uploads[1]?.finish();
    await settle();
    await new Promise((resolve) => setTimeout(resolve, 120)); // progress is drawn ~10 times a second
    const bar = getByRole<HTMLProgressElement>('progressbar', 'Uploading movie.mp4');
    expect(bar.value).toBe(12);
    expect(bar.max).toBe(44);

    await finishParts(api);
    await settle(10);
    expect(api.callsTo('completeUpload')[0]?.args[2]).toEqual(
      [1, 2, 3, 4, 5, 6].map((n) => ({ partNumber: n, etag: `"etag-${n}"` })),
    );
    expect(api.callsTo('uploadPart').at(-1)?.args[1]).toHaveProperty('size', 4);
    expect(queryByRole('progressbar')).toBeNull();
    expect(getByRole('button', 'Download movie.mp4')).toBeTruthy();
    expect(localStorage.getItem('todos.pending-uploads')).toBe('[]');
  });

  it('asks part URLs at most 100 at a time', async () => {
    const api = multipartApi();
    api.partSize = 1;
    await open(api);
    pickFiles([bytes('many.bin', 250)]);
    await settle();
    await finishParts(api);
    await settle(10);
    const batches = api.callsTo('presignParts').map((c) => (c.args[2] as number[]).length);
    expect(Math.max(...batches)).toBeLessThanOrEqual(100);
    expect(batches.reduce((a, b) => a + b, 0)).toBe(250);
    expect(api.callsTo('completeUpload')).toHaveLength(1);
  });

  it('pauses, then resumes sending only the parts S3 lacks', async () => {
    const api = multipartApi();
    await open(api);
    pickFiles([bytes('movie.mp4', 40)]);
    await settle();
    for (const u of api.uploads.splice(0, 2)) u.finish(); // parts 1 and 2 arrive
    await settle();
    await new Promise((resolve) => setTimeout(resolve, 120));
    click(getByRole('button', 'Pause upload of movie.mp4'));
    await settle();
    expect(document.querySelector('.upload .file-meta')?.textContent).toBe('Paused at 40% of 40 bytes');
    api.uploads.length = 0; // the aborted PUTs
    click(getByRole('button', 'Resume upload of movie.mp4'));
    await settle();
    expect(api.calls.map((c) => c.method).join(' ')).toContain('listParts');
    await finishParts(api);
    await settle(10);
    const sent = api.callsTo('uploadPart').map((c) => (c.args[0] as { partNumber: number }).partNumber);
    expect(sent.slice(sent.length - 3).sort()).toEqual([3, 4, 5]);
    expect(sent.filter((n) => n === 1)).toHaveLength(1);
    expect(api.callsTo('completeUpload')).toHaveLength(1);
  });

  it('retries a part cut off by the network, then completes', async () => {
    const api = multipartApi();
    await open(api);
    pickFiles([bytes('movie.mp4', 24)]);
    await settle();
    api.uploads.find((u) => u.partNumber === 1)?.fail(new NetworkError('The upload failed.'));
    api.uploads.splice(0, 1);
    await new Promise((resolve) => setTimeout(resolve, 600)); // the retry waits a moment
    await finishParts(api);
    await settle(10);
    const sent = api.callsTo('uploadPart').map((c) => (c.args[0] as { partNumber: number }).partNumber);
    expect(sent.filter((n) => n === 1)).toHaveLength(2);
    expect(api.callsTo('completeUpload')).toHaveLength(1);
    expect(getByRole('button', 'Download movie.mp4')).toBeTruthy();
  });

  it('shows why part URLs were refused and deletes the pending file', async () => {
    const api = multipartApi();
    api.failNext('presignParts', new ApiError(409, 'CONFLICT', 'The upload is no longer in progress.'));
    await open(api);
    pickFiles([bytes('movie.mp4', 24)]);
    await settle(10);
    expect(document.querySelector('.upload .field-error')?.textContent).toMatch(/^That change conflicts/);
    expect(api.callsTo('deleteFile')).toHaveLength(1);
    expect(localStorage.getItem('todos.pending-uploads')).toBe('[]');
  });

  it('cancel deletes the pending file (the server aborts its multipart upload)', async () => {
    const api = multipartApi();
    await open(api);
    pickFiles([bytes('movie.mp4', 40)]);
    await settle();
    click(getByRole('button', 'Cancel upload of movie.mp4'));
    await settle();
    expect(api.callsTo('deleteFile')).toHaveLength(1);
    expect(api.files).toHaveLength(0);
    expect(document.querySelector('.upload')).toBeNull();
  });

  it('warns before leaving the page while an upload runs', async () => {
    const api = multipartApi();
    await open(api);
    const idle = new Event('beforeunload', { cancelable: true });
    window.dispatchEvent(idle);
    expect(idle.defaultPrevented).toBe(false);
    pickFiles([bytes('movie.mp4', 40)]);
    await settle();
    const leaving = new Event('beforeunload', { cancelable: true });
    window.dispatchEvent(leaving);
    expect(leaving.defaultPrevented).toBe(true);
  });

  it('after a reload, resumes with the same file picked again, sending only missing parts', async () => {
    const api = multipartApi();
    await open(api);
    pickFiles([bytes('movie.mp4', 40)]);
    await settle();
    for (const u of api.uploads.splice(0, 3)) u.finish();
    await settle();
    api.uploads.length = 0;
    await open(api); // the reload: nothing is sending any more

    expect(queryByRole('progressbar')).toBeNull();
    expect(document.querySelector('.interrupted .file-meta')?.textContent).toBe(
      '40 bytes · upload interrupted',
    );
    const resumePicker = () => {
      const input = document.querySelector<HTMLInputElement>(
        'input[aria-label="Pick movie.mp4 again to resume its upload"]',
      );
      if (!input) throw new Error('no picker to resume');
      return input;
    };
    pickFiles([bytes('movie.mp4', 40, 42)], resumePicker());
    await settle();
    expect(document.querySelector('.rejected')?.textContent).toMatch(/is not the file being uploaded/);
    expect(api.callsTo('listParts')).toHaveLength(0);

    pickFiles([bytes('movie.mp4', 40)], resumePicker());
    await settle();
    expect(api.uploads.map((u) => u.partNumber)).toEqual([4, 5]);
    await finishParts(api);
    await settle(10);
    expect(api.callsTo('completeUpload')).toHaveLength(1);
    expect(getByRole('button', 'Download movie.mp4')).toBeTruthy();
  });

  it('after a reload, discards an interrupted upload', async () => {
    const api = multipartApi();
    await open(api);
    pickFiles([bytes('movie.mp4', 40)]);
    await settle();
    await open(api);
    click(getByRole('button', 'Discard upload of movie.mp4'));
    await settle();
    expect(api.callsTo('deleteFile')).toHaveLength(1);
    expect(document.querySelector('.interrupted')).toBeNull();
    await announced();
    expect(getByRole('status', 'Discarded the upload of “movie.mp4”.')).toBeTruthy();
  });
});

describe('storage quota', () => {
  it('shows the storage used and refuses a file that would not fit before uploading', async () => {
    const api = new FakeApi([todo]);
    api.quotaBytes = 1024 ** 3;
    api.files = [
      {
        fileId: 'F1',
        todoId: 'T000001',
        fileName: 'big.iso',
        contentType: 'application/octet-stream',
        size: Math.round(12.4 * 1024 ** 2),
        status: 'available',
        createdAt: '2025-01-01T10:00:00Z',
        uploadedAt: '2025-01-01T10:00:05Z',
        thumbnailUrl: null,
      },
    ];
    await renderApp({ api, path: '/todos/T000001', maxUploadBytes: 5 * 1024 ** 3 });
    expect(document.querySelector('.usage')?.textContent).toBe('12.4 MB of 1 GB used');
    const huge = new File(['x'], 'huge.bin');
    Object.defineProperty(huge, 'size', { value: 1024 ** 3 });
    pickFiles([huge]);
    await settle();
    expect(api.callsTo('createUpload')).toHaveLength(0);
    expect(document.querySelector('.rejected')?.textContent).toBe(
      '“huge.bin” (1 GB) does not fit: 1012 MB of your 1 GB storage is left.',
    );
  });

  it('lowers the storage used as soon as a file is deleted, and lets a file fit in the room it made', async () => {
    const api = new FakeApi([todo]);
    api.quotaBytes = 100 * 1024 ** 2;
    const stored = (fileId: string, fileName: string, size: number): FileInfo => ({
      fileId,
      todoId: 'T000001',
      fileName,
      contentType: 'application/octet-stream',
      size,
      status: 'available',
      createdAt: '2025-01-01T10:00:00Z',
      uploadedAt: '2025-01-01T10:00:05Z',
      thumbnailUrl: null,
    });
    api.files = [stored('F2', 'old.iso', 20 * 1024 ** 2), stored('F1', 'keep.iso', 40.1 * 1024 ** 2)];
    await renderApp({ api, path: '/todos/T000001', maxUploadBytes: 1024 ** 3 });
    expect(document.querySelector('.usage')?.textContent).toBe('60.1 MB of 100 MB used');
    const big = () => Object.defineProperty(new File(['x'], 'big.bin'), 'size', { value: 50 * 1024 ** 2 });
    pickFiles([big()]);
    await settle();
    expect(document.querySelector('.rejected')?.textContent).toMatch(/^“big.bin” \(50 MB\) does not fit/);

    click(getByRole('button', 'Delete old.iso'));
    click(getByRole('button', 'Delete', document.querySelector('dialog[open]') as HTMLElement));
    await settle();
    expect(document.querySelector('.usage')?.textContent).toBe('40.1 MB of 100 MB used');
    pickFiles([big()]);
    await settle();
    expect(document.querySelector('.rejected')?.textContent).toBe('');
    expect(api.callsTo('createUpload')).toHaveLength(1);
  });

  it('explains a 413 QUOTA_EXCEEDED from the server', async () => {
    const api = new FakeApi([todo]);
    api.quotaBytes = 100;
    await open(api);
    api.quotaBytes = 5; // another tab used the space meanwhile
    pickFiles([bytes('clip.mp4', 10)]);
    await settle();
    expect(document.querySelector('.upload .field-error')?.textContent).toBe(
      'Your storage is full: delete some attachments to make room.',
    );
  });
});
