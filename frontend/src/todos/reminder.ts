import { h, srOnly } from '../ui/dom';

const pad = (n: number) => String(n).padStart(2, '0');

/** A `datetime-local` value ("2030-01-31T09:00") as ISO 8601 with the browser's offset then. */
export function withOffset(local: string, zone = new Date(local)): string {
  const minutes = -zone.getTimezoneOffset();
  const sign = minutes >= 0 ? '+' : '-';
  const offset = `${sign}${pad(Math.floor(Math.abs(minutes) / 60))}:${pad(Math.abs(minutes) % 60)}`;
  return `${local.slice(0, 16)}:00${offset}`;
}

/** An instant as a `datetime-local` value in the browser's time zone. */
export function toLocalInput(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

export const formatReminder = (iso: string) =>
  new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' }).format(new Date(iso));

/** Whether a reminder's time has come (so its email has gone out, for an open todo). */
export const reminderSent = (remindAt: string, now = Date.now()) => Date.parse(remindAt) <= now;

/**
 * The list row's marker: a bell and the time (open todos only: a done one sends nothing). The
 * bell is drawn by CSS, not an emoji, which shows as an empty box where no emoji font is installed.
 */
export function reminderMarker(remindAt: string | null, completed: boolean): HTMLElement | null {
  if (!remindAt || completed) return null;
  const sent = reminderSent(remindAt);
  return h(
    'p',
    { class: `todo-meta todo-reminder${sent ? ' todo-reminder-sent' : ''}` },
    h('span', { 'aria-hidden': 'true', class: 'bell' }),
    sent ? 'Reminded ' : srOnly('Reminder: '),
    h('time', { datetime: remindAt }, formatReminder(remindAt)),
  );
}
