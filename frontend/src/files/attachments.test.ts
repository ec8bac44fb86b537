import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, NetworkError } from '../errors';
import {
  announced,
  click,
  getAllByLabelLike,
  getByLabel,
  getByRole,
  queryByRole,
  settle,
} from '../testing/dom-helpers';
import { FakeApi, makeTodo } from '../testing/fake-backend';
import { renderApp } from '../testing/render-app';
import { DEFAULT_POLL } from './uploads';

const todo = makeTodo(1, { title: 'Plan trip', description: 'Rome', notes: 'Book hotel' });

async function openDetail(options: Parameters<typeof renderApp>[0] = {}) {
  return renderApp({ todos: [todo, makeTodo(2)], path: '/todos/T000001', ...options });
}

const dialog = () => document.querySelector('dialog[open]') as HTMLDialogElement;
const fileNamed = (name: string, size: number, type = 'text/plain') => {
  const file = new File(['x'.repeat(Math.min(size, 10))], name, { type });
  Object.defineProperty(file, 'size', { value: size });
  return file;
};

function pickFiles(files: File[]) {
  const input = getByLabel('Attach files');
  Object.defineProperty(input, 'files', { value: files, configurable: true });
  input.dispatchEvent(new Event('change', { bubbles: true }));
}

afterEach(() => {
  vi.useRealTimers();
  sessionStorage.clear();
});

describe('attachments', () => {
  it('refuses files over the size limit before uploading, saying why', async () => {
    const { api } = await openDetail({ maxUploadBytes: 1024 });
    pickFiles([fileNamed('big.pdf', 5000)]);
    await settle();
    expect(api.callsTo('createUpload')).toHaveLength(0);
    expect(document.querySelector('.rejected')?.textContent).toBe(
      '“big.pdf” is 4.9 KB; files can be at most 1 KB.',
    );
    expect(document.querySelector('.dropzone .hint')?.textContent).toMatch(/Up to 1 KB each/);
  });

  it('uploads with a progress bar, then lists the file once S3 has it', async () => {
    const { api } = await openDetail();
    pickFiles([fileNamed('notes.txt', 2000)]);
    await settle();
    expect(api.callsTo('createUpload')[0]?.args).toEqual([
      'T000001',
      expect.objectContaining({ name: 'notes.txt', size: 2000, type: 'text/plain' }),
    ]);
    const upload = api.uploads[0];
    if (!upload) throw new Error('no upload started');
    upload.progress(500);
    await settle();
    const bar = getByRole<HTMLProgressElement>('progressbar', 'Uploading notes.txt');
    expect(bar.value).toBe(500);
    expect(bar.max).toBe(2000);
    expect(document.querySelector('.upload .file-meta')?.textContent).toBe('25% of 2 KB');

    upload.finish();
    await settle(10);
    expect(queryByRole('progressbar')).toBeNull();
    const row = document.querySelector('.files li') as HTMLElement;
    expect(row.querySelector('.file-name')?.textContent).toBe('notes.txt');
    expect(row.querySelector('.badge-pending')).toBeNull();
    expect(getByRole('button', 'Download notes.txt')).toBeTruthy();
  });

  it('keeps uploading while the user looks elsewhere, without listing the file twice', async () => {
    const { api } = await openDetail();
    pickFiles([fileNamed('slow.zip', 4000, 'application/zip')]);
    await settle();
    click(getByRole('link', '← All todos'));
    await settle();
    click(getByRole('link', 'Plan trip'));
    await settle();
    expect(getByRole('progressbar', 'Uploading slow.zip')).toBeTruthy();
    expect(document.querySelectorAll('.files li')).toHaveLength(0);
    api.uploads[0]?.finish();
    await settle(10);
    expect([...document.querySelectorAll('.files .file-name')].map((n) => n.textContent)).toEqual([
      'slow.zip',
    ]);
  });

  it('labels the file picker "Attach files", and each field answers to exactly one label', async () => {
    await openDetail();
    const input = getByLabel('Attach files');
    expect(input.type).toBe('file');
    for (const name of ['Attach files', 'Title', 'Description', 'Due date', 'Notes']) {
      expect(getAllByLabelLike(name), name).toEqual([getByLabel(name)]);
    }
  });

  it('keeps an uploaded file when checking on it fails after the bytes were sent', async () => {
    const { api } = await openDetail();
    pickFiles([fileNamed('report.pdf', 3000, 'application/pdf')]);
    await settle();
    api.failNext('getFile', new NetworkError(), 1);
    api.failNext('getFile', new ApiError(503, 'SERVICE_UNAVAILABLE', 'busy'), 1);
    api.uploads[0]?.finish();
    await settle(20);
    expect(api.callsTo('deleteFile')).toHaveLength(0);
    expect(api.files.map((f) => f.fileName)).toEqual(['report.pdf']);
    expect(document.querySelector('.upload')).toBeNull();
    expect(getByRole('button', 'Download report.pdf')).toBeTruthy();
  });

  it('lists an uploaded file as pending when S3 has not confirmed it in time', async () => {
    const { api } = await openDetail();
    api.pendingPolls = 100;
    pickFiles([fileNamed('big.iso', 5000)]);
    await settle();
    api.failNext('getFile', new ApiError(503, 'SERVICE_UNAVAILABLE', 'busy'), 2);
    api.uploads[0]?.finish();
    await settle(30);
    expect(api.callsTo('getFile')).toHaveLength(5);
    expect(api.callsTo('deleteFile')).toHaveLength(0);
    expect(document.querySelector('.upload')).toBeNull();
    const row = document.querySelector('.files li') as HTMLElement;
    expect(row.querySelector('.file-name')?.textContent).toBe('big.iso');
    expect(row.querySelector('.badge')?.textContent).toBe('Pending');
    await announced();
    expect(getByRole('status', 'Uploaded “big.iso”; it will be ready in a moment.')).toBeTruthy();
  });

  it('after the bytes are sent, keeps checking with backoff for about a minute, never deleting', async () => {
    const { api } = await openDetail({ poll: DEFAULT_POLL });
    api.pendingPolls = Number.POSITIVE_INFINITY;
    pickFiles([fileNamed('slow.bin', 100)]);
    await settle();
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout', 'Date'] });
    const start = Date.now();
    const times: number[] = [];
    const getFile = api.getFile.bind(api);
    api.getFile = (todoId, fileId) => {
      times.push(Date.now() - start);
      // Every other check fails, as on a flaky connection.
      if (times.length % 2 === 1) return Promise.reject(new ApiError(503, 'SERVICE_UNAVAILABLE', 'busy'));
      return getFile(todoId, fileId);
    };
    api.uploads[0]?.finish();
    await vi.advanceTimersByTimeAsync(30_000);
    expect(document.querySelector('.upload')?.getAttribute('data-phase')).toBe('processing');
    await vi.advanceTimersByTimeAsync(40_000);
    vi.useRealTimers();
    await settle();
    // 400 ms, then 1.5 times longer each time, at most 5 s apart, and none after a minute.
    expect(times.slice(0, 4)).toEqual([400, 1000, 1900, 3250]);
    const gaps = times.slice(1).map((t, i) => t - (times[i] ?? 0));
    expect(Math.max(...gaps)).toBe(5000);
    expect(times.at(-1)).toBeLessThanOrEqual(60_000);
    expect(times.at(-1)).toBeGreaterThan(55_000);
    expect(api.callsTo('deleteFile')).toHaveLength(0);
    expect(document.querySelector('.upload')).toBeNull();
    expect(document.querySelector('.files li .badge')?.textContent).toBe('Pending');
  });

  it('removes the record when the upload itself fails, and says why next to the file', async () => {
    const { api } = await openDetail();
    pickFiles([fileNamed('broken.txt', 50)]);
    await settle();
    api.uploads[0]?.fail(new NetworkError());
    await settle();
    expect(api.callsTo('deleteFile')).toHaveLength(1);
    expect(api.files).toEqual([]);
    expect(document.querySelector('.upload .field-error')?.textContent).toMatch(/^Can't reach the server/);
  });

  it('cancels an upload and removes its pending record', async () => {
    const { api } = await openDetail();
    pickFiles([fileNamed('movie.mp4', 9000, 'video/mp4')]);
    await settle();
    click(getByRole('button', 'Cancel upload of movie.mp4'));
    await settle();
    expect(queryByRole('progressbar')).toBeNull();
    expect(api.callsTo('deleteFile')).toHaveLength(1);
    expect(api.files).toEqual([]);
    await announced();
    expect(getByRole('status', 'Cancelled the upload of “movie.mp4”.')).toBeTruthy();
  });

  it('uploads files dropped on the drop zone', async () => {
    const { api } = await openDetail();
    const drop = new Event('drop', { bubbles: true, cancelable: true });
    Object.defineProperty(drop, 'dataTransfer', {
      value: { files: [fileNamed('a.txt', 3), fileNamed('b.txt', 4)] },
    });
    document.querySelector('.dropzone')?.dispatchEvent(drop);
    await settle();
    expect(drop.defaultPrevented).toBe(true);
    expect(api.callsTo('createUpload').map((c) => (c.args[1] as File).name)).toEqual(['a.txt', 'b.txt']);
    expect(document.querySelectorAll('progress')).toHaveLength(2);
  });

  it('offers to resume or discard a pending file nothing is sending, downloads available ones and deletes after confirming', async () => {
    const api = new FakeApi([todo]);
    api.files = [
      {
        fileId: 'F2',
        todoId: 'T000001',
        fileName: 'scan.pdf',
        contentType: 'application/pdf',
        size: 1536,
        status: 'available',
        createdAt: '2025-01-01T10:00:00Z',
        uploadedAt: '2025-01-01T10:00:05Z',
        thumbnailUrl: null,
      },
      {
        fileId: 'F1',
        todoId: 'T000001',
        fileName: 'half.bin',
        contentType: 'application/octet-stream',
        size: 10,
        status: 'pending',
        createdAt: '2025-01-01T09:00:00Z',
        uploadedAt: null,
        thumbnailUrl: null,
      },
    ];
    const { downloads } = await openDetail({ api });
    const rows = [...document.querySelectorAll('.files li')];
    expect(rows.map((r) => r.querySelector('.file-name')?.textContent)).toEqual(['scan.pdf', 'half.bin']);
    expect(rows[0]?.querySelector('.file-meta')?.textContent).toMatch(/^1.5 KB · /);
    expect(rows[1]?.querySelector('.file-meta')?.textContent).toBe('10 bytes · upload interrupted');
    expect(getByRole('button', 'Resume upload of half.bin')).toBeTruthy();
    expect(getByRole('button', 'Discard upload of half.bin')).toBeTruthy();
    expect(queryByRole('button', 'Download half.bin')).toBeNull();

    click(getByRole('button', 'Download scan.pdf'));
    await settle();
    expect(downloads).toEqual([{ url: 'https://bucket.example/F2?signed', fileName: 'scan.pdf' }]);

    click(getByRole('button', 'Delete scan.pdf'));
    click(getByRole('button', 'Delete', dialog()));
    await settle();
    expect(api.callsTo('deleteFile')[0]?.args).toEqual(['T000001', 'F2']);
    expect([...document.querySelectorAll('.files .file-name')].map((n) => n.textContent)).toEqual([
      'half.bin',
    ]);
  });

  it('explains a refused upload next to the file', async () => {
    const api = new FakeApi([todo]);
    api.failNext('createUpload', new ApiError(409, 'TOO_MANY_FILES', 'A todo can have at most 20 files.'));
    await openDetail({ api });
    pickFiles([fileNamed('one-too-many.txt', 5)]);
    await settle();
    expect(document.querySelector('.upload .field-error')?.textContent).toBe(
      'A todo can have at most 20 files. Delete a file to attach another.',
    );
    click(getByRole('button', 'Dismiss the message about one-too-many.txt'));
    await settle();
    expect(document.querySelector('.upload')).toBeNull();
  });

  it('has no "Uploads in progress" heading unless something is uploading', async () => {
    await openDetail();
    expect(queryByRole('heading', 'Uploads in progress')).toBeNull();
    pickFiles([fileNamed('notes.txt', 5)]);
    await settle();
    expect(getByRole('heading', 'Uploads in progress')).toBeTruthy();
  });

  it('tells a file one byte over the limit apart from the limit', async () => {
    await openDetail({ maxUploadBytes: 10 * 1024 * 1024 });
    pickFiles([fileNamed('big.bin', 10 * 1024 * 1024 + 1)]);
    await settle();
    const message = document.querySelector('.rejected')?.textContent ?? '';
    const [, size, limit] = /is (.+); files can be at most (.+)\.$/.exec(message) ?? [];
    expect(size).toBeTruthy();
    expect(size).not.toBe(limit);
  });
});
