import { describe, expect, it } from 'vitest';
import {
  allBuckets,
  bucketOf,
  DIGEST_BUCKETS,
  DIGEST_TEXT_MAX,
  digestCandidates,
  digestEntry,
  matchEntry,
} from './search-digest';

const ID = '01JABCDEFGHJKMNPQRSTVWXYZ0';

describe('bucketOf', () => {
  it('names one of the 64 buckets, the same for the same id, all sorting below every ULID', () => {
    const bucket = bucketOf(ID);
    expect(allBuckets()).toContain(bucket);
    expect(bucketOf(ID)).toBe(bucket);
    expect(allBuckets().every((name) => name < '0')).toBe(true);
  });

  it('spreads ids over every bucket', () => {
    const ids = Array.from({ length: 6400 }, (_, i) => `01J${String(i).padStart(23, '0')}`);
    const used = new Set(ids.map(bucketOf));
    expect(used.size).toBe(DIGEST_BUCKETS);
  });
});

describe('digestEntry', () => {
  it('holds the folded title, description and notes, one per line, marked whole', () => {
    expect(digestEntry({ title: 'Café', description: 'ZÜRICH trip', notes: '' })).toBe(
      '=cafe\nzurich trip\n',
    );
  });

  it('keeps the first DIGEST_TEXT_MAX characters of a longer text, marked cut', () => {
    const entry = digestEntry({ title: 'T', description: '', notes: 'x'.repeat(DIGEST_TEXT_MAX) });
    expect(entry.startsWith('+t\n\n')).toBe(true);
    expect(entry).toHaveLength(DIGEST_TEXT_MAX + 1);
  });

  it('never keeps half of a surrogate pair at the cut', () => {
    const entry = digestEntry({ title: `${'a'.repeat(DIGEST_TEXT_MAX - 1)}😀`, description: '', notes: '' });
    expect(entry).toBe(`+${'a'.repeat(DIGEST_TEXT_MAX - 1)}`);
  });
});

describe('matchEntry', () => {
  it.each([
    ['every word in a whole entry', '=buy oat milk\nthe corner shop\n', ['oat', 'corner'], 'yes'],
    ['a word missing from a whole entry', '=buy oat milk\n\n', ['oat', 'corner'], 'no'],
    ['a substring of a word', '=renovation\n\n', ['nova'], 'yes'],
    ['words found in a cut entry', '+buy oat milk\n', ['oat'], 'yes'],
    ['a word missing from a cut entry', '+buy oat milk\n', ['corner'], 'maybe'],
    ['the marker is not text', '=abc\n\n', ['='], 'no'],
  ] as const)('%s: %s', (_, entry, words, expected) => {
    expect(matchEntry(entry, [...words])).toBe(expected);
  });
});

describe('digestCandidates', () => {
  it('names the todos whose entries can match, whatever bucket holds them, ignoring the keys', () => {
    const buckets = [
      { userId: 'u', todoId: '#search#00', A: '=oat milk\n\n', B: '=tea\n\n' },
      { userId: 'u', todoId: '#search#01', C: '+long notes about', D: '=oat bran\n\n' },
    ];
    expect(digestCandidates(buckets, ['oat']).sort()).toEqual(['A', 'C', 'D']);
    // Only the cut entry may hold "search" (the bucket's key does not count).
    expect(digestCandidates(buckets, ['search'])).toEqual(['C']);
  });

  it('names an id found in two buckets once', () => {
    const buckets = [
      { userId: 'u', todoId: '#search#00', A: '=oat milk\n\n' },
      { userId: 'u', todoId: '#search#01', A: '=oat milk and honey\n\n' },
    ];
    expect(digestCandidates(buckets, ['oat'])).toEqual(['A']);
  });
});
