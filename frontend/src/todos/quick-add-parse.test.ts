import { describe, expect, it } from 'vitest';
import { formatDay } from '../ui/format';
import { describeQuickAdd, parseQuickAdd, reminderMoment } from './quick-add-parse';

// 2026-12-02 is a Wednesday.
const TODAY = '2026-12-02';

describe('parseQuickAdd', () => {
  it('reads the example from the issue', () => {
    expect(parseQuickAdd('Buy milk tomorrow #shopping !high', TODAY)).toEqual({
      title: 'Buy milk',
      dueDate: '2026-12-03',
      labels: ['shopping'],
      priority: 'high',
      remindTime: null,
    });
  });

  it.each([
    ['@9', '09:00'],
    ['@9am', '09:00'],
    ['@12am', '00:00'],
    ['@12pm', '12:00'],
    ['@9:30pm', '21:30'],
    ['@17:30', '17:30'],
  ])('reads the reminder “%s” as %s', (word, time) => {
    expect(parseQuickAdd(`Call mum ${word}`, TODAY)).toMatchObject({ title: 'Call mum', remindTime: time });
  });

  it.each(['@25', '@13pm', '@9:75', '@noon', 'me@home'])('leaves “%s” in the title', (word) => {
    expect(parseQuickAdd(`Call ${word}`, TODAY)).toMatchObject({ title: `Call ${word}`, remindTime: null });
  });

  it('puts a reminder without a due date today, or tomorrow once the time has passed', () => {
    const morning = new Date(2026, 11, 2, 8, 0);
    expect(reminderMoment('09:00', null, morning)).toBe('2026-12-02T09:00');
    expect(reminderMoment('07:00', null, morning)).toBe('2026-12-03T07:00');
    expect(reminderMoment('07:00', '2026-12-24', morning)).toBe('2026-12-24T07:00');
  });

  it('sets no reminder when that time on the date given has passed (the API takes only future ones)', () => {
    const evening = new Date(2026, 11, 2, 18, 7);
    expect(reminderMoment('09:00', '2026-12-02', evening)).toBeNull();
    expect(reminderMoment('18:07', '2026-12-02', evening)).toBeNull();
    expect(reminderMoment('09:00', '2026-11-30', evening)).toBeNull();
    expect(reminderMoment('18:08', '2026-12-02', evening)).toBe('2026-12-02T18:08');
    expect(describeQuickAdd(parseQuickAdd('Call mum today @9am', TODAY), evening)).toBe(
      `Will add “Call mum”: due ${formatDay(TODAY)}; no reminder: 09:00 has passed today.`,
    );
  });

  it.each([
    ['today', '2026-12-02'],
    ['tomorrow', '2026-12-03'],
    ['friday', '2026-12-04'],
    ['fri', '2026-12-04'],
    ['Monday', '2026-12-07'],
    ['wednesday', '2026-12-09'],
    ['dec 24', '2026-12-24'],
    ['24 December', '2026-12-24'],
    ['jan 3', '2027-01-03'],
    ['dec 1', '2027-12-01'],
    ['feb 29', '2028-02-29'],
  ])('dates “%s” as %s', (words, date) => {
    expect(parseQuickAdd(`Pay rent ${words}`, TODAY)).toMatchObject({ title: 'Pay rent', dueDate: date });
  });

  it('keeps words that only look like dates or markers', () => {
    expect(parseQuickAdd('Read chapter 24 of the book', TODAY)).toMatchObject({
      title: 'Read chapter 24 of the book',
      dueDate: null,
    });
    expect(parseQuickAdd('Wow! Say hi # to mo', TODAY)).toMatchObject({
      title: 'Wow! Say hi # to mo',
      priority: null,
    });
    expect(parseQuickAdd('dec 32 party', TODAY)).toMatchObject({ title: 'dec 32 party', dueDate: null });
  });

  it('collects several labels once each (ignoring case), and the last priority wins', () => {
    expect(parseQuickAdd('Plan #Trip #work #trip !low !medium', TODAY)).toEqual({
      title: 'Plan',
      dueDate: null,
      labels: ['Trip', 'work'],
      priority: 'medium',
      remindTime: null,
    });
  });
});
