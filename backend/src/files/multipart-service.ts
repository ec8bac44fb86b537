import { ConflictError, ValidationError } from '../lib/errors';
import { logger } from '../lib/logger';
import { type FileDeps, ownedFile } from './file-service';
import type { StoredPart } from './file-store';
import { type FileInfo, type FileRecord, toFileInfo } from './model';
import { type PartLayout, partLength, sameEtag } from './parts';
import type { CompleteUploadBody, PresignPartsBody } from './schemas';

type Deps = Pick<FileDeps, 'files' | 'todos' | 'multipart'>;
type Ids = { todoId?: string; fileId?: string };

/** The caller's pending multipart upload, or a 409 for any other file (404 when not theirs). */
async function pendingMultipart(deps: Deps, userId: string, ids: Ids) {
  const record = await ownedFile(deps, userId, ids.todoId, ids.fileId);
  if (record.status !== 'pending' || !record.uploadId || !record.partSize || !record.partCount) {
    throw new ConflictError('This file is not a multipart upload in progress.');
  }
  return record as FileRecord & { uploadId: string } & PartLayout;
}

function outOfRange(record: PartLayout, partNumbers: number[]) {
  const bad = partNumbers.filter((n) => n > record.partCount);
  if (bad.length > 0) {
    throw new ValidationError(`This upload has parts 1 to ${record.partCount}.`, [
      { path: 'partNumbers', message: `No such part: ${bad.join(', ')}.` },
    ]);
  }
}

export async function presignParts(
  deps: Deps,
  urlTtlSeconds: number,
  userId: string,
  ids: Ids,
  input: PresignPartsBody,
) {
  const record = await pendingMultipart(deps, userId, ids);
  outOfRange(record, input.partNumbers);
  const expiresAt = new Date(Date.now() + urlTtlSeconds * 1000).toISOString();
  const parts = await Promise.all(
    input.partNumbers.map(async (partNumber) => {
      const length = partLength(record, record.size, partNumber);
      const url = await deps.multipart.presignPart(
        record.objectKey,
        record.uploadId,
        partNumber,
        length,
        urlTtlSeconds,
      );
      return { partNumber, url, method: 'PUT' as const, size: length, headers: {}, expiresAt };
    }),
  );
  return { parts };
}

export async function listUploadedParts(deps: Deps, userId: string, ids: Ids) {
  const record = await pendingMultipart(deps, userId, ids);
  const stored = await deps.multipart.listParts(record.objectKey, record.uploadId);
  if (!stored) throw new ConflictError('This upload is no longer in progress.');
  return {
    partSize: record.partSize,
    partCount: record.partCount,
    parts: stored.map((p) => ({ partNumber: p.partNumber, size: p.size, etag: p.etag })),
  };
}

/** What is wrong with the parts S3 holds, measured against the layout agreed at creation. */
function partProblem(
  record: FileRecord & PartLayout,
  sent: CompleteUploadBody['parts'],
  stored: StoredPart[],
) {
  const byNumber = new Map(stored.map((p) => [p.partNumber, p]));
  let total = 0;
  for (const part of sent) {
    const held = byNumber.get(part.partNumber);
    if (!held) return `Part ${part.partNumber} has not been uploaded.`;
    if (!sameEtag(held.etag, part.etag)) return `Part ${part.partNumber}'s ETag does not match.`;
    if (held.size !== partLength(record, record.size, part.partNumber)) {
      return `Part ${part.partNumber} has the wrong size.`;
    }
    total += held.size;
  }
  return total === record.size ? undefined : 'The parts do not add up to the declared size.';
}

/**
 * Completes the upload once every agreed part is there with its agreed length: the object S3
 * assembles can only be the declared size (fileUploaded checks it once more). The file becomes
 * available when S3's ObjectCreated event has been handled.
 */
export async function completeUpload(
  deps: Deps,
  userId: string,
  ids: Ids,
  input: CompleteUploadBody,
): Promise<FileInfo> {
  const record = await pendingMultipart(deps, userId, ids);
  const sent = [...input.parts].sort((a, b) => a.partNumber - b.partNumber);
  if (sent.length !== record.partCount || sent.some((p, i) => p.partNumber !== i + 1)) {
    throw new ValidationError(`Send each of the parts 1 to ${record.partCount} exactly once.`, [
      { path: 'parts', message: `Expected ${record.partCount} parts.` },
    ]);
  }
  const stored = await deps.multipart.listParts(record.objectKey, record.uploadId);
  if (!stored) {
    // Completed meanwhile (a repeated call) or given up: the record says which.
    const current = await deps.files.get(userId, record.todoId, record.fileId);
    if (current) return toFileInfo(current);
    throw new ConflictError('This upload is no longer in progress.');
  }
  const problem = partProblem(record, sent, stored);
  if (problem) throw new ConflictError(problem, 'UPLOAD_INCOMPLETE');
  await deps.multipart.complete(record.objectKey, record.uploadId, sent);
  logger.info('multipart upload completed', { fileId: record.fileId, parts: sent.length });
  return toFileInfo(record);
}
