import * as z from 'zod/mini';

// Field schemas shared by the request schemas of both services.

// Control characters other than tab and newlines never belong in user text.
const CONTROL_EXCEPT_WHITESPACE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/;
const ANY_CONTROL = /[\u0000-\u001f\u007f]/;

// Lone UTF-16 surrogates are not text: they cannot be URL- or UTF-8-encoded faithfully.
export const wellFormed = z.refine<string>((s) => s.isWellFormed(), 'Must be valid Unicode text.');

export const singleLineText = (max: number) =>
  z.string().check(
    wellFormed,
    z.trim(),
    z.minLength(1),
    z.maxLength(max),
    z.refine((s) => !ANY_CONTROL.test(s), 'Must not contain control characters.'),
  );

export const multiLineText = (max: number) =>
  z.string().check(
    wellFormed,
    z.maxLength(max),
    z.refine((s) => !CONTROL_EXCEPT_WHITESPACE.test(s), 'Must not contain control characters.'),
  );

/** A real calendar date as YYYY-MM-DD (2025-02-30 is refused). */
export const calendarDate = z.string().check(
  z.regex(/^\d{4}-\d{2}-\d{2}$/, 'Must be a date as YYYY-MM-DD.'),
  z.refine((s) => {
    const [y, m, d] = s.split('-').map(Number) as [number, number, number];
    // setUTCFullYear, not Date.UTC: the latter maps years 0–99 to 1900–1999.
    const date = new Date(0);
    date.setUTCFullYear(y, m - 1, d);
    return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
  }, 'Must be a real calendar date.'),
);

/** A whole number carried in a query string. */
export const queryInt = (min: number, max: number) =>
  z.pipe(
    z.string().check(z.regex(/^\d{1,6}$/, 'Must be a whole number.')),
    z.pipe(
      z.transform((s: string) => Number(s)),
      z.number().check(z.gte(min), z.lte(max)),
    ),
  );

const DATE_TIME_WITH_OFFSET =
  /^(\d{4}-\d{2}-\d{2})T([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,9})?)?(Z|[+-]([01]\d|2[0-3]):[0-5]\d)$/;

/**
 * A date-time with an explicit offset (`Z` or `±hh:mm`), strictly in the future: when something
 * should happen, such as a reminder. Checked against the clock at parse time.
 */
export const futureDateTime = z.string().check(
  z.refine((s) => s.length <= 40 && DATE_TIME_WITH_OFFSET.test(s), {
    message: 'Must be an ISO 8601 date-time with an offset, e.g. 2030-01-31T09:00:00+01:00.',
    abort: true,
  }),
  z.refine((s) => calendarDate.safeParse(s.slice(0, 10)).success, {
    message: 'Must be a real date and time.',
    abort: true,
  }),
  z.refine((s) => Date.parse(s) > Date.now(), 'Must be in the future.'),
);
