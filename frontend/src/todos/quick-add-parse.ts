import type { Priority } from '../types';
import { formatDay } from '../ui/format';

/** What quick add understood in a title such as "Buy milk tomorrow #shopping !high". */
export interface QuickAdd {
  title: string;
  dueDate: string | null;
  labels: string[];
  priority: Priority | null;
  /**
   * "@9am", "@17:30": a reminder at that local time (HH:MM) on the due date, or without one the
   * next such time (see reminderMoment).
   */
  remindTime: string | null;
}

const WEEKDAYS = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const PRIORITIES: Record<string, Priority> = { high: 'high', medium: 'medium', med: 'medium', low: 'low' };

const pad = (n: number) => String(n).padStart(2, '0');
const iso = (d: Date) => `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
const parseIso = (day: string) => new Date(`${day}T00:00:00Z`);
const addDays = (day: string, n: number) => {
  const d = parseIso(day);
  d.setUTCDate(d.getUTCDate() + n);
  return iso(d);
};

/** "@9", "@9am", "@9:30pm", "@17:30" → "09:00", "09:00", "21:30", "17:30"; anything else → null. */
export function reminderTime(word: string): string | null {
  const m = /^@(\d{1,2})(?::(\d{2}))?(am|pm)?$/i.exec(word);
  if (!m) return null;
  let hours = Number(m[1]);
  const minutes = Number(m[2] ?? '0');
  const half = m[3]?.toLowerCase();
  if (minutes > 59 || (half ? hours < 1 || hours > 12 : hours > 23)) return null;
  if (half === 'pm' && hours < 12) hours += 12;
  if (half === 'am' && hours === 12) hours = 0;
  return `${pad(hours)}:${pad(minutes)}`;
}

const localDay = (now: Date) => `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
const isPast = (at: string, now: Date) => new Date(at).getTime() <= now.getTime();

/**
 * When a quick-add reminder fires, as a local date-time ("2026-12-03T09:00"): on the due date, or
 * without one today, or tomorrow once that time has passed. Null when that time on the due date
 * has passed: the API takes only reminders in the future, and moving it to another day than the
 * one asked for would remind at a time nobody chose. `now` is the browser's local time.
 */
export function reminderMoment(time: string, dueDate: string | null, now: Date): string | null {
  const today = localDay(now);
  const at = `${dueDate ?? today}T${time}`;
  if (!isPast(at, now)) return at;
  return dueDate ? null : `${addDays(today, 1)}T${time}`;
}

/** "09:00 has passed today", "09:00 on Dec 1, 2026 has passed": why a reminder on `dueDate` is left out. */
function reminderPassed(time: string, dueDate: string, now: Date): string {
  return dueDate === localDay(now)
    ? `${time} has passed today`
    : `${time} on ${formatDay(dueDate)} has passed`;
}

/** "mon", "monday" → 1; anything else → -1. */
function weekday(word: string): number {
  if (word.length < 3) return -1;
  return WEEKDAYS.findIndex((name) => name.startsWith(word) && (word.length === 3 || name === word));
}

/** "dec", "december" → 11; anything else → -1. */
function month(word: string): number {
  if (word.length < 3) return -1;
  return MONTHS.findIndex((m) => word.startsWith(m) && /^[a-z]+$/.test(word));
}

/** Month + day as the next such date from `today` on (this year, or a later one once passed). */
function monthDay(m: number, day: number, today: string): string | null {
  if (day < 1 || day > 31) return null;
  const year = Number(today.slice(0, 4));
  // Four years ahead at most: Feb 29 waits for the next leap year.
  for (let y = year; y <= year + 4; y++) {
    const candidate = new Date(Date.UTC(y, m, day));
    if (candidate.getUTCMonth() !== m) continue; // Feb 30 and the like: not a date this year
    if (iso(candidate) >= today) return iso(candidate);
  }
  return null;
}

/**
 * Reads a due date (today, tomorrow, a weekday name: the next one after today, "dec 24" or
 * "24 dec"), #labels, a !priority and an @time reminder out of a title; the rest, spaces tidied, is the title.
 * `today` is the browser's local date (YYYY-MM-DD). The last date and priority given win.
 */
export function parseQuickAdd(text: string, today: string): QuickAdd {
  const words = text.trim().split(/\s+/).filter(Boolean);
  const kept: string[] = [];
  const labels: string[] = [];
  let dueDate: string | null = null;
  let priority: Priority | null = null;
  let remindTime: string | null = null;
  for (let i = 0; i < words.length; i++) {
    const word = words[i] as string;
    const lower = word.toLowerCase();
    const next = words[i + 1]?.toLowerCase() ?? '';
    if (/^#[^#\s]+$/.test(word)) {
      const label = word.slice(1);
      if (!labels.some((l) => l.toLowerCase() === label.toLowerCase())) labels.push(label);
    } else if (lower.startsWith('!') && PRIORITIES[lower.slice(1)]) {
      priority = PRIORITIES[lower.slice(1)] as Priority;
    } else if (reminderTime(word)) {
      remindTime = reminderTime(word);
    } else if (lower === 'today' || lower === 'tod') {
      dueDate = today;
    } else if (lower === 'tomorrow' || lower === 'tmr') {
      dueDate = addDays(today, 1);
    } else if (weekday(lower) >= 0) {
      const ahead = (weekday(lower) - parseIso(today).getUTCDay() + 7) % 7 || 7;
      dueDate = addDays(today, ahead);
    } else if (month(lower) >= 0 && /^\d{1,2}$/.test(next) && monthDay(month(lower), Number(next), today)) {
      dueDate = monthDay(month(lower), Number(next), today);
      i++;
    } else if (/^\d{1,2}$/.test(lower) && month(next) >= 0 && monthDay(month(next), Number(lower), today)) {
      dueDate = monthDay(month(next), Number(lower), today);
      i++;
    } else {
      kept.push(word);
    }
  }
  return { title: kept.join(' '), dueDate, labels, priority, remindTime };
}

/** "reminder at 09:00" (on the due date), "reminder at 09:00 tomorrow", or why there is none. */
function reminderText(time: string, dueDate: string | null, now: Date): string {
  const at = reminderMoment(time, dueDate, now);
  if (!at) return `no reminder: ${reminderPassed(time, dueDate ?? localDay(now), now)}`;
  if (dueDate) return `reminder at ${time}`;
  return `reminder at ${time} ${at.startsWith(localDay(now)) ? 'today' : 'tomorrow'}`;
}

/**
 * What the add form shows under the title: "Will add “Buy milk”: due Dec 3, 2026; label shopping;
 * High priority." — and what it leaves out ("no reminder: 09:00 has passed today"). `picked` is the
 * date picked in the date field, which wins over one typed; `now` the browser's local time.
 */
export function describeQuickAdd(q: QuickAdd, now: Date, picked: string | null = null): string {
  const nothing = q.dueDate === null && q.labels.length === 0 && q.priority === null && !q.remindTime;
  if (!q.title || nothing) return '';
  const due = picked || q.dueDate;
  const parts: string[] = [];
  if (q.dueDate && due) parts.push(`due ${formatDay(due)}`);
  if (q.labels.length) parts.push(`${q.labels.length === 1 ? 'label' : 'labels'} ${q.labels.join(', ')}`);
  if (q.remindTime) parts.push(reminderText(q.remindTime, due, now));
  if (q.priority && q.priority !== 'none')
    parts.push(`${q.priority[0]?.toUpperCase()}${q.priority.slice(1)} priority`);
  return `Will add “${q.title}”: ${parts.join('; ')}.`;
}
