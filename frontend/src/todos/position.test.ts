import { describe, expect, it } from 'vitest';
import { NoRoomError, positionBetween } from './position';

const valid = (p: string) => /^[\x21-\x7e]{1,64}$/.test(p);

describe('positionBetween', () => {
  it.each([
    [null, null],
    [null, 'a'],
    ['a', null],
    ['a', 'b'],
    ['a', 'a0'],
    ['a', 'a!!0'],
    ['a~', 'b'],
    ['~', null],
    ['~~~', null],
    [null, '!!1'],
    ['0', '1'],
    ['A', 'z'],
  ])('gives a key strictly between %j and %j', (a, b) => {
    const p = positionBetween(a, b);
    expect(valid(p)).toBe(true);
    if (a !== null) expect(p > a).toBe(true);
    if (b !== null) expect(p < b).toBe(true);
  });

  it('keeps keys short when there is room', () => {
    expect(positionBetween(null, null)).toHaveLength(1);
    expect(positionBetween('a', 'c')).toBe('b');
  });

  it('keeps finding room when inserting again and again at the same place', () => {
    let low = 'a';
    const high = 'b';
    for (let n = 0; n < 40; n++) {
      const p = positionBetween(low, high);
      expect(p > low && p < high && valid(p)).toBe(true);
      low = p;
    }
    let top: string | null = 'm';
    for (let n = 0; n < 40; n++) {
      const p = positionBetween(null, top);
      expect(p < (top as string) && valid(p)).toBe(true);
      top = p;
    }
  });

  it('refuses when nothing fits or the order is wrong', () => {
    expect(() => positionBetween('a', 'a!')).toThrow(NoRoomError);
    expect(() => positionBetween('b', 'a')).toThrow(NoRoomError);
    expect(() => positionBetween('a', 'a')).toThrow(NoRoomError);
  });
});
