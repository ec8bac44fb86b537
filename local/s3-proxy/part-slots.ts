import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Where a multipart upload's parts are written so that completing it is a rename, not a second
 * copy of every byte: each part goes straight to its final place in one `assembly` file of the
 * upload, at `(partNumber - 1) * stride`. The stride is the size of the first part to arrive (the
 * size the uploader cut its file into; the files API gives every part but the last the same size).
 *
 * A part gets a place only when it fits (no bigger than the stride) and is the first of its number
 * to be kept: a part sent again goes to a file of its own, so a failed resend can never spoil the
 * bytes of the one already kept. Completion takes the assembly file as the object only when the
 * parts are 1..n, all in their places, all but the last exactly a stride long, and no part is
 * being written into it; otherwise the parts are copied together as before. Correct for any order
 * of arrival, any part sizes and part numbers S3 accepts; fast for the way the app uploads. (When
 * the short last part happens to arrive first, which only an upload of a few parts sent at once
 * makes likely, its size becomes the stride and that small upload is copied at completion.)
 */
export const ASSEMBLY = 'assembly';
const STRIDE = 'stride';
// No S3 object is bigger; a place beyond it could only be written in vain (and files have limits).
const MAX_OBJECT_BYTES = 5 * 1024 ** 4;

export interface PlacedPart {
  partNumber: number;
  size: number;
  /** Where the part's bytes are in the assembly file; undefined when in a file of its own. */
  offset?: number | undefined;
}

export function partSlots() {
  const strides = new Map<string, Promise<number | undefined>>();
  const writing = new Map<string, number>();
  const closing = new Set<string>();

  /** The upload's stride, set once (kept on disk, so a restarted proxy goes on with it). */
  function strideOf(uploadId: string, dir: string, proposed: number): Promise<number | undefined> {
    let stride = strides.get(uploadId);
    if (!stride) {
      const path = join(dir, STRIDE);
      stride = writeFile(path, String(proposed), { flag: 'wx' }).then(
        () => proposed,
        async (error: NodeJS.ErrnoException) => {
          if (error.code !== 'EEXIST') throw error;
          const value = Number(await readFile(path, 'utf8'));
          // An empty or damaged record (a crash while writing it): no places for this upload.
          return Number.isSafeInteger(value) && value > 0 ? value : undefined;
        },
      );
      strides.set(uploadId, stride);
      stride.catch(() => strides.delete(uploadId));
    }
    return stride;
  }

  return {
    /**
     * The offset of part `partNumber` (`size` bytes) in the assembly file, with `release` to call
     * once (and only once) when its write has ended; undefined when the part must go to a file of
     * its own.
     */
    async claim(
      uploadId: string,
      dir: string,
      partNumber: number,
      size: number,
    ): Promise<{ offset: number; release: () => void } | undefined> {
      if (size <= 0) return undefined;
      const stride = await strideOf(uploadId, dir, size);
      if (stride === undefined || size > stride || closing.has(uploadId)) return undefined;
      const offset = (partNumber - 1) * stride;
      if (offset + size > MAX_OBJECT_BYTES) return undefined;
      writing.set(uploadId, (writing.get(uploadId) ?? 0) + 1);
      return {
        offset,
        release() {
          const left = (writing.get(uploadId) ?? 1) - 1;
          if (left > 0) writing.set(uploadId, left);
          else writing.delete(uploadId);
        },
      };
    },

    /**
     * Whether the assembly file already is the object made of `parts` (see above). When it is,
     * no part may be written into it any more: the caller renames it and then calls `forget`.
     */
    async isWhole(uploadId: string, dir: string, parts: PlacedPart[]): Promise<boolean> {
      const first = parts[0];
      if (!first || !parts.every((part) => part.offset !== undefined)) return false;
      const stride = await strideOf(uploadId, dir, first.size);
      const laidOut = parts.every(
        (part, index) =>
          part.partNumber === index + 1 &&
          part.offset === index * (stride ?? 0) &&
          (index === parts.length - 1 ? part.size <= (stride ?? 0) : part.size === stride),
      );
      // Checked and closed in one step, with no await between: no write can start in between.
      if (!laidOut || writing.has(uploadId)) return false;
      closing.add(uploadId);
      return true;
    },

    /** Drops what is held in memory for an upload that is completed or aborted. */
    forget(uploadId: string) {
      strides.delete(uploadId);
      closing.delete(uploadId);
    },
  };
}
