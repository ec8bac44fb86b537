import { SessionExpiredError, UploadCancelledError } from '../errors';
import { describeFailure } from '../state';
import type { FileInfo } from '../types';
import { quote } from '../ui/messages';
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
  store.emit('data:changed', undefined);
  d.announce(
    latest.status === 'available'
      ? `Uploaded ${quote(fileName)}.`
      : `Uploaded ${quote(fileName)}; it will be ready in a moment.`,
  );
}
