import { describe, expect, it } from 'vitest';
import * as z from 'zod/mini';
import { AppError } from './errors';
import { parseWith } from './parse-with';
import { calendarDate } from './validation';

describe('calendarDate', () => {
  it.each(['2024-02-29', '2000-02-29', '2025-01-31', '2025-04-30', '2025-12-31', '0099-03-01', '0004-02-29'])(
    'accepts %s',
    (date) => {
      expect(calendarDate.safeParse(date).success).toBe(true);
    },
  );

  it.each([
    '2025-02-30',
    '2023-02-29',
    '1900-02-29',
    '0001-02-29',
    '2025-04-31',
    '2025-06-31',
    '2025-13-01',
    '2025-02-00',
  ])('rejects the impossible date %s', (date) => {
    expect(calendarDate.safeParse(date).success).toBe(false);
  });
});

describe('parseWith', () => {
  const schema = z.strictObject({ title: z.string(), count: z.optional(z.number()) });

  it('returns the parsed value when the input is valid', () => {
    expect(parseWith(schema, { title: 'x', count: 2 }, 'request body')).toEqual({ title: 'x', count: 2 });
  });

  it('throws a VALIDATION_ERROR naming every bad field, with readable messages', () => {
    // Act
    let thrown: unknown;
    try {
      parseWith(schema, { title: 1, count: 'two', extra: true }, 'request body');
    } catch (error) {
      thrown = error;
    }
    // Assert
    expect(thrown).toBeInstanceOf(AppError);
    const error = thrown as AppError;
    expect(error.code).toBe('VALIDATION_ERROR');
    expect(error.details?.map((d) => d.path)).toEqual(expect.arrayContaining(['title', 'count']));
    expect(error.details?.find((d) => d.message.includes('extra'))).toBeDefined();
    for (const detail of error.details ?? []) expect(detail.message).not.toMatch(/^Invalid input$/);
  });
});
