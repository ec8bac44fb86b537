import { describe, expect, it } from 'vitest';
import { parseQuickAdd } from './quick-add-parse';

// 2026-12-02 is a Wednesday.
const TODAY = '2026-12-02';

describe('parseQuickAdd', () => {
  it('reads the example from the issue', () => {
    expect(parseQuickAdd('Buy milk tomorrow #shopping !high', TODAY)).toEqual({
      title: 'Buy milk',
      dueDate: '2026-12-03',
      labels: ['shopping'],
      priority: 'high',
    });
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
    });
  });
});
