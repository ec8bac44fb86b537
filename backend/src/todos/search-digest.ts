import { foldForSearch } from './search-text';

/**
 * The search digest: a short, folded copy of every todo's searchable text, held in DIGEST_BUCKETS
 * items in the user's own partition (sort keys `#search#00`..`#search#63`, below every ULID, with
 * no index keys, so neither todo queries nor the indexes see them). Each todo is one attribute of
 * its bucket: name = todoId, value = a marker and the folded `title\ndescription\nnotes`, cut at
 * DIGEST_TEXT_MAX characters. Reading the 64 buckets tells which todos can match a search without
 * reading the todos; every write that changes that text updates its entry in the same transaction.
 */
export const DIGEST_PREFIX = '#search#';
export const DIGEST_BUCKETS = 64;
export const DIGEST_TEXT_MAX = 300;

/** First character of an entry: the whole text follows, or only its first DIGEST_TEXT_MAX characters. */
const WHOLE = '=';
const CUT = '+';

/** FNV-1a over the id: stable across releases, spread evenly by the id's random part. */
export function bucketOf(todoId: string): string {
  let hash = 0x811c9dc5;
  for (let i = 0; i < todoId.length; i++) {
    hash ^= todoId.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return `${DIGEST_PREFIX}${String(hash % DIGEST_BUCKETS).padStart(2, '0')}`;
}

export const allBuckets = (): string[] =>
  Array.from({ length: DIGEST_BUCKETS }, (_, i) => `${DIGEST_PREFIX}${String(i).padStart(2, '0')}`);

export interface SearchableText {
  title?: unknown;
  description?: unknown;
  notes?: unknown;
}

const text = (value: unknown) => (typeof value === 'string' ? foldForSearch(value) : '');

/**
 * A todo's digest entry. Each field is folded on its own, as its stored folded copy is, and the
 * fields are joined by a newline: query words hold no whitespace, so none matches across fields.
 */
export function digestEntry(todo: object): string {
  const fields = todo as SearchableText;
  const full = `${text(fields.title)}\n${text(fields.description)}\n${text(fields.notes)}`;
  if (full.length <= DIGEST_TEXT_MAX) return `${WHOLE}${full}`;
  let kept = full.slice(0, DIGEST_TEXT_MAX);
  // Never keep half of a surrogate pair: it is not valid text.
  if (/[\uD800-\uDBFF]$/u.test(kept)) kept = kept.slice(0, -1);
  return `${CUT}${kept}`;
}

export type DigestMatch = 'yes' | 'maybe' | 'no';

/**
 * Whether the todo behind `entry` can match every word: 'yes' when the text holds them all,
 * 'maybe' when it was cut and the rest may hold the missing ones, 'no' for certain otherwise.
 */
export function matchEntry(entry: string, words: string[]): DigestMatch {
  const body = entry.slice(1);
  if (words.every((word) => body.includes(word))) return 'yes';
  return entry.startsWith(CUT) ? 'maybe' : 'no';
}

/** The ids of the todos that can match, from the entries of any number of bucket items. */
export function digestCandidates(buckets: Record<string, unknown>[], words: string[]): string[] {
  // A set: an id named twice (say, by a digest left from another bucket count) is read once.
  const ids = new Set<string>();
  for (const bucket of buckets) {
    for (const [name, value] of Object.entries(bucket)) {
      if (name === 'userId' || name === 'todoId' || typeof value !== 'string') continue;
      if (matchEntry(value, words) !== 'no') ids.add(name);
    }
  }
  return [...ids];
}
