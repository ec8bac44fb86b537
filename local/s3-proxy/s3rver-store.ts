import { existsSync } from 'node:fs';
import { readdir, readFile, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Read access to s3rver's own files (version 3.7.1, on POSIX), for the S3 features s3rver lacks:
 * it keeps each multipart upload in `<bucket>/._S3rver_uploads/<uploadId>/` (`key`, `metadata`
 * with the initiating request's headers, one file per part plus `<n>.md5` once the part is
 * complete) and each object as `<key>._S3rver_object`.
 */
export interface StoredPartInfo {
  partNumber: number;
  size: number;
  etag: string;
  lastModified: Date;
}

export interface S3rverStore {
  objectExists(bucket: string, key: string): boolean;
  /** The upload's key and initiating headers, or undefined when there is no such upload. */
  readUpload(
    bucket: string,
    uploadId: string,
  ): Promise<{ key: string; headers: Record<string, string> } | undefined>;
  /** Completed parts, by part number. */
  listParts(bucket: string, uploadId: string): Promise<StoredPartInfo[]>;
  abort(bucket: string, uploadId: string): Promise<void>;
}

// Upload ids are s3rver's random hex: anything else cannot name an upload (nor escape the directory).
const UPLOAD_ID = /^[0-9a-f]{16,64}$/;

export function s3rverStore(root: string): S3rverStore {
  const uploadDir = (bucket: string, uploadId: string) => join(root, bucket, '._S3rver_uploads', uploadId);
  const safeBucket = (bucket: string) => /^[a-z0-9][a-z0-9.-]{1,62}$/.test(bucket);
  const known = (bucket: string, uploadId: string) =>
    safeBucket(bucket) && UPLOAD_ID.test(uploadId) && existsSync(join(uploadDir(bucket, uploadId), 'key'));

  return {
    objectExists(bucket, key) {
      if (!safeBucket(bucket) || key.split('/').some((p) => p === '..')) return false;
      return existsSync(join(root, bucket, `${key}._S3rver_object`));
    },

    async readUpload(bucket, uploadId) {
      if (!known(bucket, uploadId)) return undefined;
      const dir = uploadDir(bucket, uploadId);
      const [key, metadata] = await Promise.all([
        readFile(join(dir, 'key'), 'utf8'),
        readFile(join(dir, 'metadata'), 'utf8').catch(() => '{}'),
      ]);
      return { key, headers: JSON.parse(metadata) as Record<string, string> };
    },

    async listParts(bucket, uploadId) {
      if (!known(bucket, uploadId)) return [];
      const dir = uploadDir(bucket, uploadId);
      const names = await readdir(dir);
      const parts: StoredPartInfo[] = [];
      for (const name of names) {
        const match = /^(\d+)\.md5$/.exec(name);
        if (!match) continue;
        const [info, md5] = await Promise.all([
          stat(join(dir, match[1]!)),
          readFile(join(dir, name), 'utf8'),
        ]).catch(() => [undefined, undefined] as const);
        if (!info || !md5) continue;
        parts.push({
          partNumber: Number(match[1]),
          size: info.size,
          etag: `"${md5}"`,
          lastModified: info.mtime,
        });
      }
      return parts.sort((a, b) => a.partNumber - b.partNumber);
    },

    async abort(bucket, uploadId) {
      if (known(bucket, uploadId)) await rm(uploadDir(bucket, uploadId), { recursive: true, force: true });
    },
  };
}
