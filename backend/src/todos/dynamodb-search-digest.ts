import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { StoreContext, TransactItems } from './dynamodb-counted';
import { bucketOf, DIGEST_BUCKETS, DIGEST_PREFIX } from './search-digest';

type TransactItem = TransactItems[number];

/** A transaction item that writes (or replaces) one todo's digest entry; it creates the bucket if need be. */
export function digestSet(tableName: string, userId: string, todoId: string, entry: string): TransactItem {
  return {
    Update: {
      TableName: tableName,
      Key: { userId, todoId: bucketOf(todoId) },
      UpdateExpression: 'SET #id = :entry',
      ExpressionAttributeNames: { '#id': todoId },
      ExpressionAttributeValues: { ':entry': entry },
    },
  };
}

/** Todo ids grouped by the bucket their entries live in. */
function byBucket(todoIds: Iterable<string>): Map<string, string[]> {
  const buckets = new Map<string, string[]>();
  for (const todoId of todoIds) {
    const bucket = bucketOf(todoId);
    buckets.set(bucket, [...(buckets.get(bucket) ?? []), todoId]);
  }
  return buckets;
}

/**
 * Transaction items that write the entries of several todos (id → entry): one per bucket, since a
 * transaction may touch an item only once.
 */
export function digestSets(tableName: string, userId: string, entries: Map<string, string>): TransactItem[] {
  return [...byBucket(entries.keys())].map(([bucket, ids]) => ({
    Update: {
      TableName: tableName,
      Key: { userId, todoId: bucket },
      UpdateExpression: `SET ${ids.map((_, i) => `#id${i} = :entry${i}`).join(', ')}`,
      ExpressionAttributeNames: Object.fromEntries(ids.map((id, i) => [`#id${i}`, id])),
      ExpressionAttributeValues: Object.fromEntries(ids.map((id, i) => [`:entry${i}`, entries.get(id)])),
    },
  }));
}

/**
 * Transaction items that remove the entries of `todoIds`: one per bucket, since a transaction may
 * touch an item only once.
 */
export function digestRemove(tableName: string, userId: string, todoIds: string[]): TransactItem[] {
  return [...byBucket(todoIds)].map(([bucket, ids]) => ({
    Update: {
      TableName: tableName,
      Key: { userId, todoId: bucket },
      UpdateExpression: `REMOVE ${ids.map((_, i) => `#id${i}`).join(', ')}`,
      ExpressionAttributeNames: Object.fromEntries(ids.map((id, i) => [`#id${i}`, id])),
    },
  }));
}

/** Buckets are read in this many key ranges at once: a big digest spans several 1 MB query pages. */
const RANGES = 4;

/** Every bucket item of the user, read consistently. */
export async function readDigest(ctx: StoreContext, userId: string): Promise<Record<string, unknown>[]> {
  const size = DIGEST_BUCKETS / RANGES;
  const key = (n: number) => `${DIGEST_PREFIX}${String(n).padStart(2, '0')}`;
  const ranges = Array.from({ length: RANGES }, (_, r) => [key(r * size), key(r * size + size - 1)] as const);
  const pages = await Promise.all(
    ranges.map(async ([lo, hi]) => {
      const items: Record<string, unknown>[] = [];
      let startKey: Record<string, unknown> | undefined;
      do {
        const page = await ctx.client.send(
          new QueryCommand({
            TableName: ctx.tableName,
            KeyConditionExpression: 'userId = :userId AND todoId BETWEEN :lo AND :hi',
            ExpressionAttributeValues: { ':userId': userId, ':lo': lo, ':hi': hi },
            ConsistentRead: true,
            ExclusiveStartKey: startKey,
          }),
        );
        items.push(...(page.Items ?? []));
        startKey = page.LastEvaluatedKey;
      } while (startKey);
      return items;
    }),
  );
  return pages.flat();
}
