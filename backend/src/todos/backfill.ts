import { type DynamoDBDocumentClient, ScanCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { isConditionFailure } from '../clients/conditional-check';
import { backfillUserDigest, usersWithoutDigest } from './backfill-digest';
import { type Item, writeAsRead } from './backfill-retry';
import { FIRST_TODO_ID } from './counter';
import { foldForSearch } from './search-text';
import { dueSortOf, positionKeyOf } from './todo-item';

/**
 * Brings todos stored before the current layout up to it: the attributes every write now keeps
 * beside a todo's fields (folded search copies, label keys, the byDue and byPosition sort keys,
 * a manual position). Without them an old todo lists under the default sort but is missing
 * from the due views, "my order" and search. Then each user's search digest is completed.
 *
 * Safe beside the live app: each todo is updated on condition that it has not changed since it
 * was read (same `updatedAt`); when it has, it is read again and retried. Derived attributes
 * only are added, never a field a user sees, and a second run finds nothing to do.
 */
const DERIVED = ['titleLower', 'descriptionLower', 'notesLower', 'dueSort', 'positionKey'] as const;

/** What an old item lacks, computed from its own fields; null when it is up to date. */
export function missingAttributes(item: Item): Record<string, unknown> | null {
  const todoId = String(item.todoId);
  const text = (name: string) => (typeof item[name] === 'string' ? (item[name] as string) : '');
  const position = typeof item.position === 'string' ? item.position : todoId;
  const wanted: Record<string, unknown> = {
    titleLower: foldForSearch(text('title')),
    descriptionLower: foldForSearch(text('description')),
    notesLower: foldForSearch(text('notes')),
    dueSort: dueSortOf(typeof item.dueDate === 'string' ? item.dueDate : null, todoId),
    positionKey: positionKeyOf(position, todoId),
    position,
    ...(Array.isArray(item.labels)
      ? { labelKeys: (item.labels as string[]).map((label) => label.toLowerCase()) }
      : {}),
  };
  const missing = Object.fromEntries(Object.entries(wanted).filter(([name]) => item[name] === undefined));
  return Object.keys(missing).length ? missing : null;
}

export interface BackfillResult {
  scanned: number;
  updated: number;
  /** Users whose search digest was completed and flagged, and the digest entries written for them. */
  usersDigested: number;
  digestEntries: number;
}

/** Fills in what one todo lacks, from `first` as read; true when it was updated. */
export function backfillTodo(
  client: DynamoDBDocumentClient,
  tableName: string,
  first: Item,
): Promise<boolean> {
  return writeAsRead(
    client,
    tableName,
    first,
    async (item) => {
      const missing = missingAttributes(item);
      if (!missing) return false;
      const names = Object.fromEntries(Object.keys(missing).map((name) => [`#${name}`, name]));
      const values = Object.fromEntries(Object.entries(missing).map(([name, value]) => [`:${name}`, value]));
      await client.send(
        new UpdateCommand({
          TableName: tableName,
          Key: { userId: item.userId, todoId: item.todoId },
          UpdateExpression: `SET ${Object.keys(missing)
            .map((name) => `#${name} = :${name}`)
            .join(', ')}`,
          // Unchanged since read, and still there: a deleted todo must not come back as a stub.
          ConditionExpression: '#updatedAt = :seen',
          ExpressionAttributeNames: { ...names, '#updatedAt': 'updatedAt' },
          ExpressionAttributeValues: { ...values, ':seen': item.updatedAt },
        }),
      );
      return true;
    },
    isConditionFailure,
  );
}

/**
 * Scans the whole table in `segments` parallel segments and fills in what old todos lack; then
 * completes and flags the search digest of every user not flagged yet.
 */
export async function backfillTodos(
  client: DynamoDBDocumentClient,
  tableName: string,
  options: {
    segments?: number;
    onProgress?: (result: BackfillResult) => void;
    /** Complete the search digest of these users only (default: every user not flagged yet). */
    users?: string[];
  } = {},
): Promise<BackfillResult> {
  const segments = options.segments ?? 4;
  const result: BackfillResult = { scanned: 0, updated: 0, usersDigested: 0, digestEntries: 0 };
  const lacking = DERIVED.map((name) => `attribute_not_exists(${name})`).join(' OR ');
  const scanSegment = async (segment: number) => {
    let startKey: Item | undefined;
    do {
      const page = await client.send(
        new ScanCommand({
          TableName: tableName,
          Segment: segment,
          TotalSegments: segments,
          // Per-user bookkeeping items (`#counts`, ...) sort below every todo id and are not todos.
          FilterExpression: `todoId >= :first AND (${lacking} OR attribute_not_exists(#position))`,
          ExpressionAttributeNames: { '#position': 'position' },
          ExpressionAttributeValues: { ':first': FIRST_TODO_ID },
          ExclusiveStartKey: startKey,
        }),
      );
      result.scanned += page.ScannedCount ?? 0;
      for (const item of page.Items ?? []) {
        if (await backfillTodo(client, tableName, item)) result.updated++;
      }
      options.onProgress?.({ ...result });
      startKey = page.LastEvaluatedKey;
    } while (startKey);
  };
  await Promise.all(Array.from({ length: segments }, (_, segment) => scanSegment(segment)));
  // Then the search digest (backfill-digest.ts), one user at a time, from the items just completed.
  for (const userId of options.users ?? (await usersWithoutDigest(client, tableName))) {
    result.digestEntries += await backfillUserDigest({ client, tableName }, userId);
    result.usersDigested++;
    options.onProgress?.({ ...result });
  }
  return result;
}
