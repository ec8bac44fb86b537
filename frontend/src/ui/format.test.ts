import { describe, expect, it } from 'vitest';
import { dueState, formatBytes, formatBytesApart, formatCount, formatDay, localDate } from './format';

describe('dueState', () => {
  const today = '2025-03-10';
  it('marks past due dates overdue and today as due today', () => {
    expect(dueState('2025-03-09', false, today)).toBe('overdue');
    expect(dueState('2025-03-10', false, today)).toBe('today');
    expect(dueState('2025-03-11', false, today)).toBe('upcoming');
  });

  it('never flags completed todos or todos without a due date', () => {
    expect(dueState('2025-03-01', true, today)).toBe('none');
    expect(dueState(null, false, today)).toBe('none');
  });
});

describe('formatting', () => {
  it('writes local dates as YYYY-MM-DD', () => {
    expect(localDate(new Date(2025, 0, 5, 23, 59))).toBe('2025-01-05');
  });

  it('shows a calendar date without shifting it by the time zone', () => {
    expect(formatDay('2025-01-01')).toMatch(/2025/);
    expect(formatDay('2025-01-01')).toMatch(/1/);
  });

  it('formats sizes in binary units', () => {
    expect(formatBytes(1)).toBe('1 byte');
    expect(formatBytes(900)).toBe('900 bytes');
    expect(formatBytes(1536)).toBe('1.5 KB');
    expect(formatBytes(10 * 1024 * 1024)).toBe('10 MB');
    expect(formatBytes(150 * 1024 * 1024)).toBe('150 MB');
  });

  it('words two different sizes differently, even when rounding makes them look alike', () => {
    expect(formatBytesApart(5000, 1024)).toEqual(['4.9 KB', '1 KB']);
    const [size, limit] = formatBytesApart(10 * 1024 * 1024 + 1, 10 * 1024 * 1024);
    expect(size).toBe('10,485,761 bytes (10 MB)');
    expect(limit).toBe('10,485,760 bytes (10 MB)');
  });

  it('shows capped counts with a plus', () => {
    expect(formatCount({ n: 7, more: false })).toBe('7');
    expect(formatCount({ n: 100, more: true })).toBe('100+');
  });
});
