const MiB = 1024 * 1024;
/** S3's bounds: parts of at least 5 MiB (but the last), at most 10,000 of them. */
export const MIN_PART_BYTES = 8 * MiB;
export const MAX_PARTS = 10_000;
/** Presigned part URLs handed out per call. */
export const MAX_PART_URLS = 100;

export interface PartLayout {
  partSize: number;
  partCount: number;
}

/** Equal parts of whole MiB, large enough that a file of any allowed size fits in 10,000. */
export function partLayout(size: number): PartLayout {
  const partSize = Math.max(MIN_PART_BYTES, Math.ceil(size / MAX_PARTS / MiB) * MiB);
  return { partSize, partCount: Math.max(1, Math.ceil(size / partSize)) };
}

/** The exact length of part `partNumber` (1-based) of a file of `size` bytes. */
export function partLength(layout: PartLayout, size: number, partNumber: number): number {
  return partNumber < layout.partCount ? layout.partSize : size - layout.partSize * (layout.partCount - 1);
}

/** ETags compare without their quotes, as S3 compares them. */
export const sameEtag = (a: string, b: string) => a.replace(/"/g, '') === b.replace(/"/g, '');
