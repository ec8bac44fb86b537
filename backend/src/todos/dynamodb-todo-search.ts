import { BatchGetCommand, type BatchGetCommandOutput } from '@aws-sdk/lib-dynamodb';
import { readCounter, SEARCH_DIGEST_FLAG } from './counter';
import type { StoreContext } from './dynamodb-counted';
import { readDigest } from './dynamodb-search-digest';
import { pageInMemory } from './listing-in-memory';
import { digestCandidates } from './search-digest';
import { toTodo } from './todo-item';
import type { ListOptions, ListResult } from './todo-store';

/**
 * Above this many candidates a search goes the query path: so many matches fill its pages fast,
 * and reading them all here would cost more than it saves.
 */
export const MAX_CANDIDATES = 100;
const BATCH_GET_MAX = 100;

/** The todos with these ids, read consistently (as a query of the table is); missing ones are left out. */
async function readTodos(
  ctx: StoreContext,
  userId: string,
  ids: string[],
): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  for (let i = 0; i < ids.length; i += BATCH_GET_MAX) {
    let keys: Record<string, unknown>[] | undefined = ids
      .slice(i, i + BATCH_GET_MAX)
      .map((todoId) => ({ userId, todoId }));
    for (let attempt = 0; keys?.length; attempt++) {
      if (attempt > 0) await new Promise((resolve) => setTimeout(resolve, 10 * 2 ** Math.min(attempt, 6)));
      const result: BatchGetCommandOutput = await ctx.client.send(
        new BatchGetCommand({ RequestItems: { [ctx.tableName]: { Keys: keys, ConsistentRead: true } } }),
      );
      items.push(...(result.Responses?.[ctx.tableName] ?? []));
      keys = result.UnprocessedKeys?.[ctx.tableName]?.Keys;
    }
  }
  return items;
}

/**
 * A search answered from the digest: the buckets name the few todos that can match, which are
 * read and listed in memory by the query path's own rules. Null when the digest cannot answer:
 * the user's todos predate it (no flag on the counter) or too many todos can match.
 */
export async function searchByDigest(
  ctx: StoreContext,
  userId: string,
  options: ListOptions,
): Promise<ListResult | null> {
  const [counter, buckets] = await Promise.all([
    readCounter(ctx.client, ctx.tableName, userId),
    readDigest(ctx, userId),
  ]);
  if (counter?.[SEARCH_DIGEST_FLAG] !== 1) return null;
  const ids = digestCandidates(buckets, options.words);
  if (ids.length > MAX_CANDIDATES) return null;
  const page = pageInMemory(await readTodos(ctx, userId, ids), options);
  return { items: page.items.map(toTodo), next: page.next };
}
