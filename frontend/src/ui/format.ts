/** Formatting and date helpers. Dates without a time (YYYY-MM-DD) are local calendar dates. */

const pad = (n: number) => String(n).padStart(2, '0');

/** Today's local date as YYYY-MM-DD. */
export function localDate(now: Date = new Date()): string {
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}

export type DueState = 'overdue' | 'today' | 'upcoming' | 'none';

/** How a todo's due date stands today; completed todos are never overdue. */
export function dueState(dueDate: string | null, completed: boolean, today: string = localDate()): DueState {
  if (!dueDate || completed) return 'none';
  if (dueDate < today) return 'overdue';
  if (dueDate === today) return 'today';
  return 'upcoming';
}

const dayFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium' });
const timeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/** "Mar 5, 2025" for a YYYY-MM-DD calendar date (no time zone shift). */
export function formatDay(isoDate: string): string {
  const [y, m, d] = isoDate.split('-').map(Number) as [number, number, number];
  return dayFormat.format(new Date(y, m - 1, d));
}

/** "Mar 5, 2025, 2:14 PM" for an ISO timestamp. */
export function formatTime(isoTimestamp: string): string {
  return timeFormat.format(new Date(isoTimestamp));
}

const UNITS = ['bytes', 'KB', 'MB', 'GB', 'TB'];

/** 1536 → "1.5 KB"; 10485760 → "10 MB". Binary multiples, as file managers show them. */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return bytes === 1 ? '1 byte' : `${bytes} bytes`;
  let value = bytes;
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  const rounded = value >= 100 ? Math.round(value) : Math.round(value * 10) / 10;
  return `${rounded} ${UNITS[unit]}`;
}

/**
 * Two sizes worded so that they read differently whenever they differ: rounded as usual, or, when
 * rounding makes them look the same (10 MB + 1 byte vs 10 MB), as exact byte counts.
 */
export function formatBytesApart(a: number, b: number): [string, string] {
  const [x, y] = [formatBytes(a), formatBytes(b)];
  if (x !== y || a === b) return [x, y];
  const exact = (n: number) => `${n.toLocaleString('en-US')} bytes`;
  return [`${exact(a)} (${x})`, `${exact(b)} (${y})`];
}

/** A count from a capped lookup: exact, or "100+" when more exist. */
export function formatCount(count: { n: number; more: boolean }): string {
  return count.more ? `${count.n}+` : String(count.n);
}

const UNIT_WORDS = { day: 'day', week: 'week', month: 'month', year: 'year' } as const;

/** "Repeats daily"-style wording: "Repeats every day", "Repeats every 2 weeks". */
export function repeatText(repeat: { every: number; unit: keyof typeof UNIT_WORDS }): string {
  const unit = UNIT_WORDS[repeat.unit];
  return repeat.every === 1 ? `Repeats every ${unit}` : `Repeats every ${repeat.every} ${unit}s`;
}
