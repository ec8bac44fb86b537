import type { ApiPort, Usage } from '../api';
import { ApiError } from '../errors';
import type { AppStore } from '../state';
import { formatBytes } from '../ui/format';
import { quote } from '../ui/messages';

/** "12.4 MB of 1 GB used". */
export function describeUsage(usage: Usage): string {
  return `${formatBytes(usage.usedBytes)} of ${formatBytes(usage.quotaBytes)} used`;
}

/** Asks how much storage the user uses; a failure leaves the last figure (it is only a hint). */
export async function refreshUsage(api: ApiPort, store: AppStore): Promise<void> {
  try {
    const usage = await api.getUsage();
    // store.update rather than setFiles: file-actions.ts imports this module.
    store.update((s) => ({ ...s, files: { ...s.files, usage } }));
  } catch {
    // The server enforces the quota anyway (413 QUOTA_EXCEEDED).
  }
}

/**
 * Splits picked files into those that fit in the storage left and messages for those that do not.
 * Unknown usage lets every file through: the server still answers 413 past the quota.
 */
export function fitQuota(files: File[], usage: Usage | null): { fits: File[]; refused: string[] } {
  if (!usage) return { fits: files, refused: [] };
  let left = usage.quotaBytes - usage.usedBytes;
  const fits: File[] = [];
  const refused: string[] = [];
  for (const file of files) {
    if (file.size <= left) {
      fits.push(file);
      left -= file.size;
    } else {
      refused.push(
        `${quote(file.name)} (${formatBytes(file.size)}) does not fit: ${formatBytes(Math.max(left, 0))} of your ${formatBytes(usage.quotaBytes)} storage is left.`,
      );
    }
  }
  return { fits, refused };
}

export const isQuotaExceeded = (error: unknown) =>
  error instanceof ApiError && error.code === 'QUOTA_EXCEEDED';

export const QUOTA_MESSAGE = 'Your storage is full: delete some attachments to make room.';
