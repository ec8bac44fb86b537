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
