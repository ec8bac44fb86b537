import type { ApiPort } from '../api';
import { ApiError, SessionExpiredError, UploadCancelledError } from '../errors';
import type { FileInfo } from '../types';

export interface PollOptions {
  intervalMs: number;
  maxIntervalMs: number;
  timeoutMs: number;
  attempts: number;
}

export const DEFAULT_POLL: PollOptions = {
  intervalMs: 400,
  maxIntervalMs: 5000,
  timeoutMs: 60_000,
  attempts: 100,
};

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * The first check comes after `intervalMs`, each next wait 1.5 times longer (at most
 * `maxIntervalMs`), giving up after `timeoutMs` or `attempts` checks, whichever comes first; the
 * file then stays listed as pending.
 *
 * Asks for the file until S3's event has marked it available, backing off between checks.
 * Failed checks are retried; a 404 (deleted meanwhile) or an expired session ends the wait by
 * throwing, and so does `signal` (as UploadCancelledError). Returns the latest version seen.
 */
export async function waitUntilAvailable(
  api: ApiPort,
  pending: FileInfo,
  signal: AbortSignal,
  options: Partial<PollOptions> = {},
): Promise<FileInfo> {
  const poll = { ...DEFAULT_POLL, ...options };
  const deadline = Date.now() + poll.timeoutMs;
  let latest: FileInfo = pending;
  let wait = poll.intervalMs;
  for (let i = 0; i < poll.attempts && Date.now() < deadline; i++) {
    await sleep(Math.min(wait, Math.max(0, deadline - Date.now())));
    wait = Math.min(wait * 1.5, poll.maxIntervalMs);
    if (signal.aborted) throw new UploadCancelledError();
    try {
      const {
        downloadUrl: _u,
        downloadExpiresAt: _e,
        ...info
      } = await api.getFile(pending.todoId, pending.fileId);
      latest = info;
    } catch (error) {
      if (error instanceof SessionExpiredError) throw error;
      if (error instanceof ApiError && error.status === 404) throw error;
      continue; // a blip: the bytes are in S3, so try again
    }
    if (latest.status === 'available') break;
  }
  if (signal.aborted) throw new UploadCancelledError();
  return latest;
}
