import { POSITION_MAX } from '../../../backend/src/todos/limits';

// Positions are strings of printable ASCII without space ("!" to "~": 94 digits), compared as
// plain strings. A key between two others is their midpoint read as base-94 fractions.
const MIN = 0x21;
const DIGITS = 94;
const digit = (text: string, i: number) => text.charCodeAt(i) - MIN;
const char = (d: number) => String.fromCharCode(d + MIN);

export class NoRoomError extends Error {
  constructor(a: string | null, b: string | null) {
    super(`No position fits between ${JSON.stringify(a)} and ${JSON.stringify(b)}.`);
  }
}

/**
 * A position that sorts after `a` and before `b` (null: the start or the end of the list), as
 * short as it can be. Throws NoRoomError when none exists (b is a followed only by "!"s) or it
 * would pass the length limit.
 */
export function positionBetween(a: string | null, b: string | null): string {
  const low = a ?? '';
  let high = b;
  if (high !== null && low >= high) throw new NoRoomError(a, b);
  let prefix = '';
  for (let i = 0; prefix.length < POSITION_MAX; i++) {
    const da = i < low.length ? digit(low, i) : -1;
    if (high !== null && i >= high.length) throw new NoRoomError(a, b);
    const db = high === null ? DIGITS : digit(high, i);
    if (da === db) {
      prefix += low[i];
      continue;
    }
    const mid = Math.floor((da + db) / 2);
    // A key never ends with the lowest digit, so there is always room below it.
    if (db - da > 1 && mid > 0) return prefix + char(mid);
    if (db - da > 1) {
      prefix += char(0);
      high = null;
      continue;
    }
    if (da >= 0) {
      // Adjacent digits: keep a's, then anything above the rest of a will do.
      prefix += low[i];
      high = null;
    } else {
      // a has ended and b continues with the lowest digit: follow b.
      prefix += high?.[i] ?? '';
    }
  }
  throw new NoRoomError(a, b);
}
