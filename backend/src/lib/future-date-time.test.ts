import { describe, expect, it } from 'vitest';
import { futureDateTime } from './validation';

const inAnHour = () => new Date(Date.now() + 3_600_000);

describe('futureDateTime', () => {
  it.each([
    () => inAnHour().toISOString(),
    () => inAnHour().toISOString().replace('Z', '+00:00'),
    () => '2099-01-31T09:00+01:00',
    () => '2099-12-31T23:59:59.123456-05:30',
  ])('accepts a future date-time with an offset (%#)', (value) => {
    expect(futureDateTime.safeParse(value()).success).toBe(true);
  });

  it.each([
    ['no offset', '2099-01-31T09:00:00'],
    ['a date only', '2099-01-31'],
    ['an impossible date', '2099-02-30T09:00:00Z'],
    ['an impossible hour', '2099-01-31T24:00:00Z'],
    ['an impossible offset', '2099-01-31T09:00:00+25:00'],
    ['a space instead of T', '2099-01-31 09:00:00Z'],
    ['the past', '2020-01-31T09:00:00Z'],
    ['text', 'tomorrow'],
  ])('rejects %s', (_why, value) => {
    expect(futureDateTime.safeParse(value).success).toBe(false);
  });

  it('says only that the format is wrong when it is, not also that it is in the past', () => {
    const result = futureDateTime.safeParse('yesterday');
    expect(result.error?.issues).toHaveLength(1);
  });
});
