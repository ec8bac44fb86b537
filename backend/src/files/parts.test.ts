import { describe, expect, it } from 'vitest';
import { MAX_PARTS, MIN_PART_BYTES, partLayout, partLength, sameEtag } from './parts';

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;

describe('partLayout', () => {
  it.each([
    [16 * MiB + 1, 8 * MiB, 3],
    [200 * MiB, 8 * MiB, 25],
    [5 * GiB, 8 * MiB, 640],
  ])('splits %i bytes into parts of %i bytes, %i of them', (size, partSize, partCount) => {
    expect(partLayout(size)).toEqual({ partSize, partCount });
  });

  it('never needs more than 10,000 parts, nor parts under S3’s 5 MiB minimum', () => {
    for (const size of [MIN_PART_BYTES, 80 * GiB + 1, 100 * GiB]) {
      const layout = partLayout(size);
      expect(layout.partCount).toBeLessThanOrEqual(MAX_PARTS);
      expect(layout.partSize).toBeGreaterThanOrEqual(5 * MiB);
      expect(layout.partSize * layout.partCount).toBeGreaterThanOrEqual(size);
    }
  });
});

describe('partLength', () => {
  it('gives every part the part size but the last, which holds the rest, and they add up to the size', () => {
    const size = 20 * MiB + 3;
    const layout = partLayout(size);
    const lengths = Array.from({ length: layout.partCount }, (_, i) => partLength(layout, size, i + 1));
    expect(lengths).toEqual([8 * MiB, 8 * MiB, 4 * MiB + 3]);
    expect(lengths.reduce((a, b) => a + b, 0)).toBe(size);
  });
});

describe('sameEtag', () => {
  it('compares ETags without their quotes, as S3 does', () => {
    expect(sameEtag('"abc"', 'abc')).toBe(true);
    expect(sameEtag('"abc"', '"abd"')).toBe(false);
  });
});
