import type { Repeat } from './model';

// Calendar arithmetic for repeating todos, on YYYY-MM-DD dates, in UTC so no clock or zone interferes.

const DAY_MS = 86_400_000;

/** The last date a todo can have: dates are YYYY-MM-DD, so a series ends rather than pass it. */
export const LAST_DATE = '9999-12-31';

const toMs = (date: string) => Date.parse(`${date}T00:00:00Z`);
const toDate = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((toMs(to) - toMs(from)) / DAY_MS);
}

export function addDays(date: string, days: number): string {
  return toDate(toMs(date) + days * DAY_MS);
}

const daysInMonth = (year: number, month0: number) => new Date(Date.UTC(year, month0 + 1, 0)).getUTCDate();

/** The month `months` after the one of (year, month0), on `day` or its last day if shorter. */
function monthDate(year: number, month0: number, months: number, day: number): string {
  const index = year * 12 + month0 + months;
  const y = Math.floor(index / 12);
  const m = index - y * 12;
  const d = Math.min(day, daysInMonth(y, m));
  return `${String(y).padStart(4, '0')}-${String(m + 1).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

/** `date` + `days`, or null past LAST_DATE (where toISOString would answer `+010000-…`). */
function laterDate(date: string, days: number): string | null {
  const ms = toMs(date) + days * DAY_MS;
  return ms > toMs(LAST_DATE) ? null : toDate(ms);
}

/**
 * The series' next date: the first one after both the old due date and `today`, or null when
 * that would be past LAST_DATE (the series ends). Months and years keep the series' day (`seriesDay`, else the old due date's) where the month has it and
 * clamp to the month's last day otherwise: Jan 31 → Feb 28 (29 in leap years) → Mar 31.
 */
export function nextDueDate(
  dueDate: string,
  today: string,
  repeat: Repeat,
  seriesDay?: number,
): string | null {
  const after = today > dueDate ? today : dueDate;
  if (repeat.unit === 'day' || repeat.unit === 'week') {
    const step = repeat.every * (repeat.unit === 'week' ? 7 : 1);
    const steps = Math.floor(daysBetween(dueDate, after) / step) + 1;
    return laterDate(dueDate, steps * step);
  }
  const stepMonths = repeat.every * (repeat.unit === 'year' ? 12 : 1);
  const [y, m, d] = dueDate.split('-').map(Number) as [number, number, number];
  const [ay, am] = after.split('-').map(Number) as [number, number];
  const day = seriesDay ?? d;
  // Start one step short of `after`'s month, then walk forward: at most two steps.
  let k = Math.max(1, Math.floor(((ay - y) * 12 + (am - m)) / stepMonths));
  let next = monthDate(y, m - 1, k * stepMonths, day);
  // A five-digit year would compare wrongly as text: past LAST_DATE, the series ends.
  const beyond = (date: string) => date.length > LAST_DATE.length;
  while (!beyond(next) && next <= after) {
    k += 1;
    next = monthDate(y, m - 1, k * stepMonths, day);
  }
  return beyond(next) ? null : next;
}

/**
 * A reminder moved by whole days on its own calendar: time of day and offset stay as written.
 * Null when that would be past LAST_DATE: the occurrence then has no reminder.
 */
export function shiftRemindAt(remindAt: string, days: number): string | null {
  const date = laterDate(remindAt.slice(0, 10), days);
  return date === null ? null : `${date}${remindAt.slice(10)}`;
}
