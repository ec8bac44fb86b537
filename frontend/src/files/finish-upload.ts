import { SessionExpiredError, UploadCancelledError } from '../errors';
import { describeFailure } from '../state';
import type { FileInfo } from '../types';
import { quote } from '../ui/messages';
import { VIEWABLE } from './attachment-rows';
import { setFiles } from './file-actions';
import { withFile } from './files-state';
import type { UploadDeps } from './uploads';
import { waitUntilAvailable } from './wait-available';

/**
 * After the bytes are in S3: waits for the file to turn available, then lists it in place of its
 * upload `id`. A failed check is retried, and if the file is still not confirmed in time it is
 * listed as pending (marked as finishing, so it is not offered to resume).
 */
export async function finishUpload(
  d: UploadDeps,
  id: string,
  fileName: string,
  pending: FileInfo,
  signal: AbortSignal,
): Promise<void> {
  const { store } = d;
  const removeUpload = () =>
    setFiles(store, (f) => ({ ...f, uploads: f.uploads.filter((u) => u.id !== id) }));
  setFiles(store, (f) => ({ ...f, finishing: [...f.finishing, pending.fileId] }));
  let latest: FileInfo;
  try {
    latest = await waitUntilAvailable(d.api, pending, signal, d.poll);
  } catch (error) {
    removeUpload();
    if (error instanceof UploadCancelledError) {
      // Signed out, the todo was deleted, or Cancel came too late: the bytes are in S3 anyway.
      setFiles(store, (f) => withFile(f, pending));
      return;
    }
    if (error instanceof SessionExpiredError) {
      describeFailure(store, error);
      return;
    }
    // 404: the file or its todo was deleted meanwhile; there is nothing left to show.
    setFiles(store, (f) => ({ ...f, files: f.files.filter((x) => x.fileId !== pending.fileId) }));
    return;
  }
  removeUpload();
  setFiles(store, (f) => withFile(f, latest));
  if (latest.status === 'available' && VIEWABLE.has(latest.contentType) && !latest.thumbnailUrl) {
    void awaitThumbnail(d, latest, signal);
  }
  store.emit('data:changed', undefined);
  d.announce(
    latest.status === 'available'
      ? `Uploaded ${quote(fileName)}.`
      : `Uploaded ${quote(fileName)}; it will be ready in a moment.`,
  );
}

/**
 * The server makes an image's thumbnail a second or two after the file turns available: asks a
 * few more times so it appears without a reload. Gives up quietly (the file is listed anyway).
 */
async function awaitThumbnail(d: UploadDeps, file: FileInfo, signal: AbortSignal, tries = 6): Promise<void> {
  let wait = d.poll?.intervalMs ?? 500;
  for (let i = 0; i < tries && !signal.aborted; i++) {
    await new Promise((resolve) => setTimeout(resolve, wait));
    wait *= 1.5;
    try {
      const {
        downloadUrl: _u,
        downloadExpiresAt: _e,
        ...info
      } = await d.api.getFile(file.todoId, file.fileId);
      if (info.thumbnailUrl) {
        setFiles(d.store, (f) => (f.files.some((x) => x.fileId === info.fileId) ? withFile(f, info) : f));
        return;
      }
    } catch {
      return; // deleted meanwhile, or offline: the next visit shows the thumbnail
    }
  }
}
