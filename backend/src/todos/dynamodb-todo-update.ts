import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { isConditionFailure } from '../clients/conditional-check';
import { conditionFailedAt, transactWrite } from '../clients/transact-write';
import { ValidationError } from '../lib/errors';
import type { StoreContext, TransactItems } from './dynamodb-counted';
import { digestSet } from './dynamodb-search-digest';
import { CHANGED, decideAsRead } from './dynamodb-todo-read';
import type { Todo, TodoFieldChanges } from './model';
import { digestEntry } from './search-digest';
import { changesExpression, type OtherAssignments, type TodoItem, toTodo, withChanges } from './todo-item';

type TransactItem = TransactItems[number];

export const repeatNeedsDate = () =>
  new ValidationError('Invalid request body.', [
    { path: 'repeat', message: 'A repeating todo needs a dueDate.' },
  ]);

/** Conditions that keep `repeat` only on dated todos, whatever the stored state is. */
function updateCondition(changes: TodoFieldChanges): string {
  // Never resurrect: an update of a deleted (or never existing) todo fails instead.
  const conditions = ['attribute_exists(todoId)'];
  if (changes.repeat && changes.dueDate === undefined) conditions.push('attribute_exists(dueDate)');
  if (changes.dueDate === null && changes.repeat === undefined)
    conditions.push('attribute_not_exists(#repeat)');
  return conditions.join(' AND ');
}

/** The same rule as updateCondition, checked against a todo as read. */
export function breaksRepeatRule(item: Record<string, unknown>, changes: TodoFieldChanges): boolean {
  if (changes.repeat && changes.dueDate === undefined && !item.dueDate) return true;
  return changes.dueDate === null && changes.repeat === undefined && !!item.repeat;
}

export const changesText = (changes: TodoFieldChanges) =>
  changes.title !== undefined || changes.description !== undefined || changes.notes !== undefined;

/**
 * Applies field edits if the todo exists; undefined when it does not (never re-creates it). An edit
 * of the title, description or notes rewrites the todo's search digest entry in the same
 * transaction, from the todo as read (the entry holds all three fields) and on condition that it
 * is still as read; other edits are one conditional update.
 */
export async function updateTodoItem(
  ctx: StoreContext,
  userId: string,
  todoId: string,
  changes: TodoFieldChanges,
  now: string,
): Promise<Todo | undefined> {
  return changesText(changes)
    ? updateWithDigest(ctx, userId, todoId, changes, now)
    : updateFields(ctx, userId, todoId, changes, now);
}

async function updateFields(
  ctx: StoreContext,
  userId: string,
  todoId: string,
  changes: TodoFieldChanges,
  now: string,
): Promise<Todo | undefined> {
  const { expression, names, values } = changesExpression(todoId, changes, now);
  const condition = updateCondition(changes);
  if (condition.includes('#repeat')) names['#repeat'] = 'repeat';
  try {
    const { Attributes } = await ctx.client.send(
      new UpdateCommand({
        TableName: ctx.tableName,
        Key: { userId, todoId },
        UpdateExpression: expression,
        ConditionExpression: condition,
        ...(Object.keys(names).length ? { ExpressionAttributeNames: names } : {}),
        ExpressionAttributeValues: values,
        ReturnValues: 'ALL_NEW',
        ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
      }),
    );
    return Attributes ? toTodo(Attributes) : undefined;
  } catch (error) {
    if (!isConditionFailure(error)) throw error;
    // The item as it is, if any: present means the repeat/date rule refused the edit.
    const item = (error as { Item?: Record<string, AttributeValue> }).Item;
    if (item && unmarshall(item).todoId) throw repeatNeedsDate();
    return undefined;
  }
}

async function updateWithDigest(
  ctx: StoreContext,
  userId: string,
  todoId: string,
  changes: TodoFieldChanges,
  now: string,
): Promise<Todo | undefined> {
  return decideAsRead(ctx, userId, todoId, async (item) => {
    if (!item) return undefined;
    if (breaksRepeatRule(item as unknown as Record<string, unknown>, changes)) throw repeatNeedsDate();
    const after = withChanges(item, changes, now);
    try {
      await transactWrite(ctx.client, {
        TransactItems: [
          updateAsRead(ctx.tableName, item, changes, now),
          digestSet(ctx.tableName, userId, todoId, digestEntry(after)),
        ],
      });
      return toTodo(after as unknown as Record<string, unknown>);
    } catch (error) {
      // Changed (or deleted) since read: read again and decide again.
      if (!conditionFailedAt(error, 0)) throw error;
      return CHANGED;
    }
  });
}

/** What a write of field edits changes besides them, and the completion it holds for. */
export interface AlongWithEdits extends OtherAssignments {
  /** The todo's `completed` as read: the write fails its condition when that changed. */
  completedAsRead?: boolean;
  /** A next occurrence is made with it: the write fails if the todo has one by now. */
  noNextYet?: boolean;
}

/**
 * The transaction item that applies `changes` (and `along`) to the todo `item` was read as, on
 * condition that it is still as read: nothing has written it since (`updatedAt`), and the
 * repeat/date rule holds.
 */
export function updateAsRead(
  tableName: string,
  item: TodoItem,
  changes: TodoFieldChanges,
  now: string,
  { completedAsRead, noNextYet, ...others }: AlongWithEdits = {},
): TransactItem {
  const { expression, names, values } = changesExpression(item.todoId, changes, now, others);
  let condition = updateCondition(changes);
  if (condition.includes('#repeat')) names['#repeat'] = 'repeat';
  if (completedAsRead !== undefined) {
    names['#completed'] = 'completed';
    values[':completedAsRead'] = completedAsRead;
    condition += ' AND #completed = :completedAsRead';
  }
  if (noNextYet) {
    names['#nextTodoId'] = 'nextTodoId';
    condition += ' AND attribute_not_exists(#nextTodoId)';
  }
  names['#updatedAt'] = 'updatedAt';
  if (typeof item.updatedAt === 'string') {
    condition += ' AND #updatedAt = :seen';
    values[':seen'] = item.updatedAt;
  } else condition += ' AND attribute_not_exists(#updatedAt)';
  return {
    Update: {
      TableName: tableName,
      Key: { userId: item.userId, todoId: item.todoId },
      UpdateExpression: expression,
      ConditionExpression: condition,
      ExpressionAttributeNames: names,
      ExpressionAttributeValues: values,
    },
  };
}
