import { ConflictError, NotFoundError, PayloadTooLargeError } from '../lib/errors';
import { newId, requireId } from '../lib/ids';
import { logger } from '../lib/logger';
import { type FileDeps, removeObject } from './file-service';
import type { CreateOutcome } from './file-store';
import { type FileRecord, objectKeyFor, toFileInfo, type UploadTicket } from './model';
import { partLayout } from './parts';
import type { CreateUploadBody } from './schemas';

export interface UploadLimits {
  maxUploadBytes: number;
  maxFilesPerTodo: number;
  storageQuotaBytes: number;
  /** Files larger than this upload as S3 multipart uploads. */
  multipartThresholdBytes: number;
  urlTtlSeconds: number;
}

// A pending single-PUT record outlives its upload URL by this much before it is given up.
const PENDING_GRACE_SECONDS = 3600;
// A multipart upload may take a long time (5 GiB on a slow line, paused, resumed after a reload).
export const MULTIPART_PENDING_SECONDS = 24 * 3600;

const nowSeconds = () => Math.floor(Date.now() / 1000);

/**
 * Gives up the user's expired pending uploads (all of them, or one todo's): each record goes
 * with its slot and bytes, exactly once, then its bytes are removed. Expired records are already
 * invisible to every read; sweeping them only matters when a limit would refuse a new upload, or
 * when the space used is shown.
 */
export async function sweepExpired(
  deps: Pick<FileDeps, 'files' | 'ledger' | 'objects' | 'multipart'>,
  userId: string,
  todoId?: string,
): Promise<number> {
  const now = nowSeconds();
  const candidates = todoId
    ? (await deps.files.listForTodo(userId, todoId)).filter(
        (r) => r.status === 'pending' && (r.expiresAt ?? Number.POSITIVE_INFINITY) < now,
      )
    : await deps.ledger.expiredPending(userId, now);
  let released = 0;
  for (const record of candidates) {
    if (!(await deps.ledger.releaseIfExpired(record, now))) continue;
    released += 1;
    // Best effort: an object left behind still carries the pending tag, so the lifecycle rule
    // removes it, and an upload left open is aborted by the bucket's multipart rule.
    await removeObject(deps, record).catch((error: unknown) =>
      logger.warn('expired upload cleanup failed', { fileId: record.fileId, error }),
    );
  }
  if (released > 0) logger.info('expired uploads released', { released });
  return released;
}

function refusal(outcome: CreateOutcome, limits: UploadLimits): Error {
  switch (outcome) {
    case 'too-many-files':
      return new ConflictError(`A todo can have at most ${limits.maxFilesPerTodo} files.`, 'TOO_MANY_FILES');
    case 'quota-exceeded':
      return new PayloadTooLargeError(
        `This file would take your storage past its quota of ${limits.storageQuotaBytes} bytes.`,
        'QUOTA_EXCEEDED',
      );
    default:
      return new NotFoundError('Todo');
  }
}

export async function createUpload(
  deps: FileDeps,
  limits: UploadLimits,
  userId: string,
  rawTodoId: string | undefined,
  input: CreateUploadBody,
): Promise<UploadTicket> {
  const todoId = requireId(rawTodoId, 'Todo');
  // Ownership first: another user's todo answers 404 whatever else is wrong with the request.
  if (!(await deps.todos.ownsTodo(userId, todoId))) throw new NotFoundError('Todo');
  if (input.size > limits.maxUploadBytes) {
    throw new PayloadTooLargeError(`Files can be at most ${limits.maxUploadBytes} bytes.`);
  }
  if (input.size > limits.storageQuotaBytes) throw refusal('quota-exceeded', limits);
  const nowMs = Date.now();
  const fileId = newId();
  const objectKey = objectKeyFor(userId, todoId, fileId);
  const multipart = input.size > limits.multipartThresholdBytes;
  const pendingSeconds = multipart ? MULTIPART_PENDING_SECONDS : limits.urlTtlSeconds + PENDING_GRACE_SECONDS;
  const layout = partLayout(input.size);
  const record: FileRecord = {
    fileId,
    todoId,
    userId,
    fileName: input.fileName,
    contentType: input.contentType,
    size: input.size,
    status: 'pending',
    createdAt: new Date(nowMs).toISOString(),
    uploadedAt: null,
    objectKey,
    expiresAt: Math.ceil(nowMs / 1000) + pendingSeconds,
    pendingOwner: userId,
    ...(multipart
      ? {
          uploadId: await deps.multipart.create(objectKey, input.contentType),
          partSize: layout.partSize,
          partCount: layout.partCount,
        }
      : {}),
  };
  let outcome = await deps.ledger.create(record, limits);
  // An expired upload may be what holds the slot or the bytes: give those up, then try once more.
  if (
    (outcome === 'too-many-files' && (await sweepExpired(deps, userId, todoId)) > 0) ||
    (outcome === 'quota-exceeded' && (await sweepExpired(deps, userId)) > 0)
  ) {
    outcome = await deps.ledger.create(record, limits);
  }
  if (outcome !== 'created') {
    if (record.uploadId) await deps.multipart.abort(objectKey, record.uploadId);
    throw refusal(outcome, limits);
  }
  const expiresAt = new Date(nowMs + pendingSeconds * 1000).toISOString();
  if (multipart) {
    return {
      file: toFileInfo(record),
      upload: { method: 'MULTIPART', partSize: layout.partSize, partCount: layout.partCount, expiresAt },
    };
  }
  const presigned = await deps.objects.presignUpload(
    objectKey,
    input.contentType,
    input.size,
    limits.urlTtlSeconds,
  );
  return {
    file: toFileInfo(record),
    upload: {
      url: presigned.url,
      method: 'PUT',
      headers: presigned.headers,
      expiresAt: new Date(nowMs + limits.urlTtlSeconds * 1000).toISOString(),
    },
  };
}

/** The space the caller's files take (pending uploads included) and the quota. */
export async function storageUsage(
  deps: Pick<FileDeps, 'files' | 'ledger' | 'objects' | 'multipart'>,
  quotaBytes: number,
  userId: string,
) {
  await sweepExpired(deps, userId);
  return { usedBytes: await deps.ledger.usedBytes(userId), quotaBytes };
}
