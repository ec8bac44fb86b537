import { describe, expect, it } from 'vitest';
import type { Repeat } from './model';
import { nextDueDate, shiftRemindAt } from './recurrence';

const r = (every: number, unit: Repeat['unit']): Repeat => ({ every, unit });

describe('nextDueDate', () => {
  it.each<[string, string, string, Repeat, number | undefined, string]>([
    // [case, dueDate, today, repeat, seriesDay, expected]
    [
      'every day, completed on the due date',
      '2026-03-10',
      '2026-03-10',
      r(1, 'day'),
      undefined,
      '2026-03-11',
    ],
    ['every day, completed early', '2026-03-10', '2026-03-05', r(1, 'day'), undefined, '2026-03-11'],
    [
      'every 3 days, completed late skips to after today',
      '2026-03-10',
      '2026-03-20',
      r(3, 'day'),
      undefined,
      '2026-03-22',
    ],
    [
      'every 3 days, today on a series date goes one further',
      '2026-03-10',
      '2026-03-19',
      r(3, 'day'),
      undefined,
      '2026-03-22',
    ],
    ['every day across a year end', '2026-12-31', '2026-12-31', r(1, 'day'), undefined, '2027-01-01'],
    ['every day onto a leap day', '2028-02-28', '2028-02-28', r(1, 'day'), undefined, '2028-02-29'],
    ['every week', '2026-03-10', '2026-03-10', r(1, 'week'), undefined, '2026-03-17'],
    [
      'every 2 weeks, completed 3 weeks late',
      '2026-03-10',
      '2026-03-31',
      r(2, 'week'),
      undefined,
      '2026-04-07',
    ],
    ['every week across a month end', '2026-01-28', '2026-01-28', r(1, 'week'), undefined, '2026-02-04'],
    ['every month, plain', '2026-03-15', '2026-03-15', r(1, 'month'), undefined, '2026-04-15'],
    [
      'every month, Jan 31 clamps to Feb 28',
      '2026-01-31',
      '2026-01-31',
      r(1, 'month'),
      undefined,
      '2026-02-28',
    ],
    [
      'every month, Jan 31 clamps to Feb 29 in a leap year',
      '2028-01-31',
      '2028-01-31',
      r(1, 'month'),
      undefined,
      '2028-02-29',
    ],
    [
      'every month, the series day comes back after clamping',
      '2026-02-28',
      '2026-02-28',
      r(1, 'month'),
      31,
      '2026-03-31',
    ],
    ['every month, day 31 clamps to Apr 30', '2026-03-31', '2026-03-31', r(1, 'month'), 31, '2026-04-30'],
    [
      'every month, completed months late',
      '2026-01-15',
      '2026-05-20',
      r(1, 'month'),
      undefined,
      '2026-06-15',
    ],
    [
      'every month, completed late but before the day',
      '2026-01-15',
      '2026-05-10',
      r(1, 'month'),
      undefined,
      '2026-05-15',
    ],
    ['every 3 months', '2026-11-30', '2026-11-30', r(3, 'month'), undefined, '2027-02-28'],
    ['every 2 months, completed early', '2026-05-31', '2026-05-01', r(2, 'month'), undefined, '2026-07-31'],
    ['every month across a year end', '2026-12-15', '2026-12-15', r(1, 'month'), undefined, '2027-01-15'],
    ['every year', '2026-07-04', '2026-07-04', r(1, 'year'), undefined, '2027-07-04'],
    [
      'every year, Feb 29 clamps to Feb 28',
      '2028-02-29',
      '2028-02-29',
      r(1, 'year'),
      undefined,
      '2029-02-28',
    ],
    [
      'every year, Feb 29 series returns to Feb 29 in a leap year',
      '2031-02-28',
      '2031-02-28',
      r(1, 'year'),
      29,
      '2032-02-29',
    ],
    ['every 4 years from a leap day', '2028-02-29', '2028-03-01', r(4, 'year'), undefined, '2032-02-29'],
    [
      'every year, completed two years late',
      '2024-06-01',
      '2026-07-01',
      r(1, 'year'),
      undefined,
      '2027-06-01',
    ],
    ['every 365 days', '2026-01-01', '2026-01-01', r(365, 'day'), undefined, '2027-01-01'],
  ])('%s: %s (today %s) → next', (_, dueDate, today, repeat, seriesDay, expected) => {
    expect(nextDueDate(dueDate, today, repeat, seriesDay)).toBe(expected);
  });

  it('is always after both the old due date and today', () => {
    for (const unit of ['day', 'week', 'month', 'year'] as const) {
      for (const today of ['2026-01-01', '2026-02-28', '2027-03-31', '2030-12-31']) {
        const next = nextDueDate('2026-01-31', today, r(2, unit));
        expect(next !== null && next > today && next > '2026-01-31').toBe(true);
      }
    }
  });
});

describe('the end of the calendar', () => {
  it.each<[string, string, Repeat]>([
    ['9999-12-31', '9999-12-31', r(1, 'day')],
    ['9999-12-30', '9999-12-31', r(1, 'week')],
    ['9999-12-31', '2026-01-01', r(1, 'month')],
    ['9999-02-28', '9999-03-01', r(1, 'year')],
  ])('ends a series due %s (today %s) instead of passing 9999-12-31', (dueDate, today, repeat) => {
    expect(nextDueDate(dueDate, today, repeat)).toBeNull();
  });

  it('still reaches 9999-12-31 itself, keeping the series day', () => {
    expect(nextDueDate('9999-11-30', '2026-01-01', r(1, 'month'), 31)).toBe('9999-12-31');
  });

  it('drops a reminder that would move past 9999-12-31', () => {
    expect(shiftRemindAt('9999-12-31T10:00:00Z', 1)).toBeNull();
    expect(shiftRemindAt('9999-12-30T10:00:00Z', 1)).toBe('9999-12-31T10:00:00Z');
  });
});

describe('shiftRemindAt', () => {
  it.each([
    ['2026-03-10T09:00:00+01:00', 7, '2026-03-17T09:00:00+01:00'],
    ['2026-01-31T23:30:00Z', 28, '2026-02-28T23:30:00Z'],
    ['2028-02-28T08:15:00.500-05:00', 1, '2028-02-29T08:15:00.500-05:00'],
  ])('%s moved by %i days is %s, same time and offset', (remindAt, days, expected) => {
    expect(shiftRemindAt(remindAt, days)).toBe(expected);
  });
});
