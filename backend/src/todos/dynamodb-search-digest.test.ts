import { describe, expect, it } from 'vitest';
import { newId } from '../lib/ids';
import { digestSets } from './dynamodb-search-digest';
import { bucketOf } from './search-digest';

/** Two new todo ids whose digest entries live in the same bucket. */
function idsInOneBucket(): [string, string] {
  const first = newId();
  for (;;) {
    const second = newId();
    if (second !== first && bucketOf(second) === bucketOf(first)) return [first, second];
  }
}

describe('digestSets', () => {
  it('writes two entries of one bucket in one item: a transaction may touch an item only once', () => {
    // Arrange
    const [a, b] = idsInOneBucket();
    // Act
    const items = digestSets(
      'todos',
      'user-1',
      new Map([
        [a, '=a'],
        [b, '=b'],
      ]),
    );
    // Assert
    expect(items).toHaveLength(1);
    expect(items[0]?.Update).toEqual({
      TableName: 'todos',
      Key: { userId: 'user-1', todoId: bucketOf(a) },
      UpdateExpression: 'SET #id0 = :entry0, #id1 = :entry1',
      ExpressionAttributeNames: { '#id0': a, '#id1': b },
      ExpressionAttributeValues: { ':entry0': '=a', ':entry1': '=b' },
    });
  });

  it('writes entries of different buckets in one item each, and nothing for no entries', () => {
    // Arrange
    const a = newId();
    let b = newId();
    while (bucketOf(b) === bucketOf(a)) b = newId();
    // Act
    const items = digestSets(
      'todos',
      'user-1',
      new Map([
        [a, '=a'],
        [b, '=b'],
      ]),
    );
    // Assert
    expect(items.map((item) => item.Update?.Key?.todoId)).toEqual([bucketOf(a), bucketOf(b)]);
    expect(digestSets('todos', 'user-1', new Map())).toEqual([]);
  });
});
