import type { Todo } from '../types';
import { getByLabel, settle } from './dom-helpers';
import { FakeApi } from './fake-backend';

/** Picks `files` in a file input as a user would (the "Attach files" picker by default). */
export function pickFiles(files: File[], input: HTMLInputElement = getByLabel('Attach files')) {
  Object.defineProperty(input, 'files', { value: files, configurable: true });
  input.dispatchEvent(new Event('change', { bubbles: true }));
}

/** A file of `size` bytes. */
export const bytes = (name: string, size: number, lastModified = 1_700_000_000_000) =>
  new File(['a'.repeat(size)], name, { type: 'video/mp4', lastModified });

/** A fake backend that starts a multipart upload above 16 bytes, in parts of 8 bytes. */
export function multipartApi(todos: Todo[]) {
  const api = new FakeApi(todos);
  api.multipartThreshold = 16;
  api.partSize = 8;
  return api;
}

/** Finishes every part PUT in flight, again and again, until none is left. */
export async function finishParts(api: FakeApi) {
  for (let round = 0; round < 500; round++) {
    const open = api.uploads.splice(0);
    if (open.length === 0) return;
    for (const upload of open) upload.finish();
    await settle();
  }
}
