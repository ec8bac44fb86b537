import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { FIRST_TODO_ID } from './counter';
import type { StoreContext } from './dynamodb-counted';
import { searchByDigest } from './dynamodb-todo-search';
import { positionOf } from './listing-in-memory';
import { toTodo, UNDATED } from './todo-item';
import type { ListOptions, ListResult } from './todo-store';

/**
 * Bounded reads: one request reads at most MAX_READ items of the caller's partition. A filter
 * that matches little answers what it found with a cursor where it stopped, instead of reading
 * the whole partition. Filtered query pages start small (most views fill a page from the first
 * few dozen items) and grow fourfold; a search, which usually matches little, starts larger.
 * A search is first offered to the search digest (dynamodb-todo-search.ts), which answers most
 * in one request; this query path serves the searches it declines.
 */
export const MAX_READ = 1_000;
const FIRST_FILTERED_PAGE = 50;
const FIRST_SEARCH_PAGE = 250;

function firstPageSize(options: ListOptions, filtered: boolean): number {
  if (!filtered) return options.limit + 1;
  if (options.words.length > 0) return FIRST_SEARCH_PAGE;
  return Math.max(FIRST_FILTERED_PAGE, 2 * (options.limit + 1));
}

export const DUE_INDEX = 'byDue';
export const POSITION_INDEX = 'byPosition';

interface QueryPlan {
  indexName?: string;
  keyCondition: string;
  forward: boolean;
  filters: string[];
  names: Record<string, string>;
  values: Record<string, unknown>;
}

function keyRange(plan: QueryPlan, options: ListOptions): void {
  const { due, today } = options;
  if (options.sort === 'created') {
    // Below every ULID lies the user's counter item, which is not a todo.
    plan.keyCondition += ' AND todoId >= :first';
    plan.values[':first'] = FIRST_TODO_ID;
    return;
  }
  if (options.sort === 'manual' || !due) return;
  // Sorted by due date, the due views are key ranges of the byDue index: no item read in vain.
  const ranges: Record<string, () => void> = {
    today: () => {
      plan.keyCondition += ' AND dueSort BETWEEN :lo AND :hi';
      Object.assign(plan.values, { ':lo': `${today}#`, ':hi': `${today}#${UNDATED}` });
    },
    upcoming: () => {
      plan.keyCondition += ' AND dueSort BETWEEN :lo AND :hi';
      Object.assign(plan.values, { ':lo': `${today}#${UNDATED}`, ':hi': `9999-12-31#${UNDATED}` });
    },
    overdue: () => {
      plan.keyCondition += ' AND dueSort < :today';
      plan.values[':today'] = today;
    },
    none: () => {
      plan.keyCondition += ' AND begins_with(dueSort, :undated)';
      plan.values[':undated'] = `${UNDATED}#`;
    },
  };
  ranges[due]?.();
}

function dueFilter(plan: QueryPlan, options: ListOptions): void {
  const { due, today } = options;
  if (!due) return;
  if (due === 'overdue') {
    plan.filters.push('completed = :notDone');
    plan.values[':notDone'] = false;
  }
  if (options.sort === 'due') return; // the key range did the rest
  plan.values[':dueToday'] = today;
  if (due === 'today') plan.filters.push('dueDate = :dueToday');
  if (due === 'overdue') plan.filters.push('dueDate < :dueToday');
  if (due === 'upcoming') plan.filters.push('dueDate > :dueToday');
  if (due === 'none') {
    plan.filters.push('attribute_not_exists(dueDate)');
    delete plan.values[':dueToday'];
  }
}

export function queryPlan(userId: string, options: ListOptions): QueryPlan {
  const plan: QueryPlan = {
    keyCondition: 'userId = :userId',
    forward: options.sort !== 'created',
    filters: [],
    names: {},
    values: { ':userId': userId },
  };
  if (options.sort === 'due') plan.indexName = DUE_INDEX;
  if (options.sort === 'manual') plan.indexName = POSITION_INDEX;
  keyRange(plan, options);
  dueFilter(plan, options);
  if (options.status !== 'all') {
    plan.filters.push('completed = :completed');
    plan.values[':completed'] = options.status === 'completed';
  }
  if (options.label) {
    plan.filters.push('contains(labelKeys, :label)');
    plan.values[':label'] = options.label;
  }
  if (options.priority) {
    plan.names['#priority'] = 'priority';
    plan.values[':priority'] = options.priority;
    // Todos stored before priorities existed have none.
    plan.filters.push(
      options.priority === 'none'
        ? '(attribute_not_exists(#priority) OR #priority = :priority)'
        : '#priority = :priority',
    );
  }
  options.words.forEach((word, i) => {
    plan.values[`:w${i}`] = word;
    plan.filters.push(
      `(contains(titleLower, :w${i}) OR contains(descriptionLower, :w${i}) OR contains(notesLower, :w${i}))`,
    );
  });
  return plan;
}

export async function listTodoItems(
  ctx: StoreContext,
  userId: string,
  options: ListOptions,
): Promise<ListResult> {
  if (options.words.length > 0) {
    const found = await searchByDigest(ctx, userId, options);
    if (found) return found;
  }
  const plan = queryPlan(userId, options);
  const filtered = plan.filters.length > 0;
  const items: Record<string, unknown>[] = [];
  let startKey: Record<string, unknown> | undefined = options.after
    ? { userId, ...options.after }
    : undefined;
  let read = 0;
  let pageSize = firstPageSize(options, filtered);
  for (;;) {
    const page = await ctx.client.send(
      new QueryCommand({
        TableName: ctx.tableName,
        ...(plan.indexName ? { IndexName: plan.indexName } : { ConsistentRead: true }),
        KeyConditionExpression: plan.keyCondition,
        ...(filtered ? { FilterExpression: plan.filters.join(' AND ') } : {}),
        ...(Object.keys(plan.names).length ? { ExpressionAttributeNames: plan.names } : {}),
        ExpressionAttributeValues: plan.values,
        ScanIndexForward: plan.forward,
        // Unfiltered, one item past the page tells whether there is another page.
        Limit: filtered ? Math.min(pageSize, MAX_READ - read) : options.limit + 1 - items.length,
        ExclusiveStartKey: startKey,
      }),
    );
    read += page.ScannedCount ?? 0;
    pageSize *= 4;
    items.push(...(page.Items ?? []));
    startKey = page.LastEvaluatedKey;
    if (items.length > options.limit) {
      const page = items.slice(0, options.limit);
      return { items: page.map(toTodo), next: positionOf(page.at(-1)!, options) };
    }
    if (!startKey) return { items: items.map(toTodo), next: null };
    if (read >= MAX_READ) return { items: items.map(toTodo), next: positionOf(startKey, options) };
  }
}
