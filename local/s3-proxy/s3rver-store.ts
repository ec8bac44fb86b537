import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, stat, truncate } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { concatenate, writeAtWithMd5, writeSmallFile, writeWithMd5 } from './file-writes';
import { ASSEMBLY, partSlots } from './part-slots';

/**
 * Access to s3rver's own files (version 3.7.1, on POSIX), for the S3 features s3rver lacks and
 * for the multipart data path: it keeps each multipart upload in `<bucket>/._S3rver_uploads/<uploadId>/`
 * (`key`, `metadata` with the initiating request's headers, one file per part plus `<n>.md5` once
 * the part is complete) and each object as `<key>._S3rver_object` with `<key>._S3rver_object.md5`
 * (its ETag) and `<key>._S3rver_metadata.json` (its stored headers). Parts and completed objects
 * are written here in that layout rather than sent through s3rver, whose per-chunk writes and
 * whole-object MD5 on completion made a multipart upload far slower than one PUT. A part may
 * instead be written straight to its place in the object-to-be (part-slots.ts): its `<n>.md5`
 * record then reads `<md5> <offset> <size>` and there is no `<n>` file.
 */
export interface StoredPartInfo {
  partNumber: number;
  size: number;
  etag: string;
  lastModified: Date;
  /** Where the bytes are in the upload's assembly file (part-slots.ts); undefined: in `<n>`. */
  offset?: number | undefined;
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
  /** Stores one part (replacing any earlier one of that number); its MD5 is its ETag. */
  putPart(
    bucket: string,
    uploadId: string,
    partNumber: number,
    body: AsyncIterable<Buffer> | Buffer,
    expectedSize: number,
  ): Promise<{ size: number; md5: string }>;
  /**
   * Makes the object from these (already checked) parts, in order, with S3's multipart ETag
   * (MD5 of the parts' MD5s, `-<count>`), and removes the upload. Undefined for a key s3rver
   * cannot store as a file of its own (a `..` segment).
   */
  completeUpload(
    bucket: string,
    uploadId: string,
    parts: StoredPartInfo[],
  ): Promise<{ key: string; size: number; etag: string } | undefined>;
  /** Removes the part files of completed uploads that a stop cut short of removing. */
  removeLeftovers(): Promise<void>;
}

// What s3rver keeps of an object's headers (S3Object.ALLOWED_METADATA, plus x-amz-meta-*).
const STORED_HEADERS = [
  'cache-control',
  'content-disposition',
  'content-encoding',
  'content-language',
  'content-type',
  'expires',
  'x-amz-storage-class',
  'x-amz-website-redirect-location',
];

function storedMetadata(headers: Record<string, string>): Record<string, string> {
  const kept: Record<string, string> = { 'content-type': 'binary/octet-stream' };
  for (const [name, value] of Object.entries(headers)) {
    if (STORED_HEADERS.includes(name) || name.startsWith('x-amz-meta-')) kept[name] = value;
  }
  return kept;
}

/** S3's ETag of a multipart object: the MD5 of the parts' binary MD5s, then `-` and the count. */
export function multipartEtag(partMd5s: string[]): string {
  const hash = createHash('md5');
  for (const md5 of partMd5s) hash.update(Buffer.from(md5, 'hex'));
  return `${hash.digest('hex')}-${partMd5s.length}`;
}

// Upload ids are s3rver's random hex: anything else cannot name an upload (nor escape the directory).
const UPLOAD_ID = /^[0-9a-f]{16,64}$/;

export function s3rverStore(root: string): S3rverStore {
  const slots = partSlots();
  const uploadDir = (bucket: string, uploadId: string) => join(root, bucket, '._S3rver_uploads', uploadId);
  const safeBucket = (bucket: string) => /^[a-z0-9][a-z0-9.-]{1,62}$/.test(bucket);
  const known = (bucket: string, uploadId: string) =>
    safeBucket(bucket) && UPLOAD_ID.test(uploadId) && existsSync(join(uploadDir(bucket, uploadId), 'key'));
  const safeKey = (key: string) => key !== '' && !key.split('/').some((p) => p === '..');
  const objectFile = (bucket: string, key: string, resource: string) => {
    const parts = key.split('/');
    const last = parts.pop()!;
    return join(root, bucket, ...parts, `${last}._S3rver_${resource}`);
  };

  async function readUpload(bucket: string, uploadId: string) {
    if (!known(bucket, uploadId)) return undefined;
    const dir = uploadDir(bucket, uploadId);
    const [key, metadata] = await Promise.all([
      readFile(join(dir, 'key'), 'utf8'),
      readFile(join(dir, 'metadata'), 'utf8').catch(() => '{}'),
    ]);
    return { key, headers: JSON.parse(metadata) as Record<string, string> };
  }

  /**
   * Part `partNumber` as recorded, or undefined when it is not (yet) complete. Any other failure
   * to read it is thrown: taken for "no part", it would let a resend write over the kept bytes.
   */
  async function readPart(dir: string, partNumber: number): Promise<StoredPartInfo | undefined> {
    const record = join(dir, `${partNumber}.md5`);
    const text = await readFile(record, 'utf8').catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return undefined;
      throw error;
    });
    if (text === undefined) return undefined;
    const [md5, offset, size] = text.trim().split(' ');
    if (!md5) return undefined;
    const placed = offset !== undefined && size !== undefined;
    const info = await stat(placed ? record : join(dir, String(partNumber)));
    return {
      partNumber,
      size: placed ? Number(size) : info.size,
      etag: `"${md5}"`,
      lastModified: info.mtime,
      offset: placed ? Number(offset) : undefined,
    };
  }

  return {
    objectExists(bucket, key) {
      if (!safeBucket(bucket) || !safeKey(key)) return false;
      return existsSync(objectFile(bucket, key, 'object'));
    },

    readUpload,

    async listParts(bucket, uploadId) {
      if (!known(bucket, uploadId)) return [];
      const dir = uploadDir(bucket, uploadId);
      const names = await readdir(dir);
      const parts: StoredPartInfo[] = [];
      for (const name of names) {
        const match = /^(\d+)\.md5$/.exec(name);
        if (!match) continue;
        const part = await readPart(dir, Number(match[1])).catch(() => undefined);
        if (part) parts.push(part);
      }
      return parts.sort((a, b) => a.partNumber - b.partNumber);
    },

    async abort(bucket, uploadId) {
      if (known(bucket, uploadId)) await rm(uploadDir(bucket, uploadId), { recursive: true, force: true });
      slots.forget(uploadId);
    },

    async putPart(bucket, uploadId, partNumber, body, expectedSize) {
      const upload = await readUpload(bucket, uploadId);
      if (!upload) throw new Error(`no upload ${uploadId}`);
      const dir = uploadDir(bucket, uploadId);
      const part = join(dir, String(partNumber));
      // s3rver completes a key it cannot store as a file itself, from `<n>` files: no places then.
      const kept = await readPart(dir, partNumber);
      const place =
        kept || !safeKey(upload.key) ? undefined : await slots.claim(uploadId, dir, partNumber, expectedSize);
      if (place) {
        try {
          const written = await writeAtWithMd5(join(dir, ASSEMBLY), place.offset, body, expectedSize);
          // A `<n>` written before but never recorded (a crash in between) must not be taken for it.
          await rm(part, { force: true });
          await writeSmallFile(`${part}.md5`, `${written.md5} ${place.offset} ${written.size}`);
          return written;
        } finally {
          place.release();
        }
      }
      const written = await writeWithMd5(part, body, expectedSize);
      await writeSmallFile(`${part}.md5`, written.md5);
      return written;
    },

    async completeUpload(bucket, uploadId, parts) {
      const upload = await readUpload(bucket, uploadId);
      if (!upload || !safeKey(upload.key)) return undefined;
      const { key, headers } = upload;
      const dir = uploadDir(bucket, uploadId);
      const objectPath = objectFile(bucket, key, 'object');
      await mkdir(dirname(objectPath), { recursive: true });
      const etag = multipartEtag(parts.map((p) => p.etag.replace(/"/g, '')));
      await writeSmallFile(
        objectFile(bucket, key, 'metadata.json'),
        JSON.stringify(storedMetadata(headers), null, 2),
      );
      await writeSmallFile(`${objectPath}.md5`, etag);
      let size: number;
      if (await slots.isWhole(uploadId, dir, parts)) {
        const last = parts.at(-1)!;
        size = last.offset! + last.size;
        // Cut off whatever a failed write left past the end, and the object is there.
        await truncate(join(dir, ASSEMBLY), size);
        await rename(join(dir, ASSEMBLY), objectPath);
      } else {
        size = await concatenate(
          objectPath,
          parts.map((p) =>
            p.offset === undefined
              ? { path: join(dir, String(p.partNumber)), offset: 0, size: p.size }
              : { path: join(dir, ASSEMBLY), offset: p.offset, size: p.size },
          ),
        );
      }
      // The upload ends at once (renamed away, it is unknown); its part files go afterwards.
      const gone = join(root, bucket, '._S3rver_uploads', `._done_${uploadId}`);
      await rename(dir, gone);
      slots.forget(uploadId);
      void rm(gone, { recursive: true, force: true }).catch(() => undefined);
      return { key, size, etag };
    },

    async removeLeftovers() {
      const buckets = await readdir(root, { withFileTypes: true }).catch(() => []);
      for (const bucket of buckets.filter((entry) => entry.isDirectory())) {
        const uploads = join(root, bucket.name, '._S3rver_uploads');
        const done = (await readdir(uploads).catch(() => [])).filter((name) => name.startsWith('._done_'));
        await Promise.all(done.map((name) => rm(join(uploads, name), { recursive: true, force: true })));
      }
    },
  };
}
