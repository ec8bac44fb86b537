import { QueryCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { createDynamoUserBookkeeping } from '../../src/account/dynamodb-user-bookkeeping';
import { documentClient } from '../../src/clients/dynamodb';
import { asUser, createTodoFor } from '../support/api';

/**
 * The last step of an account deletion: with the todos gone, the per-user items left in the
 * todos table (counter, search digest buckets) go too, and nothing of the user remains.
 */
const table = process.env.TODOS_TABLE!;

async function partition(userId: string) {
  const { Items } = await documentClient.send(
    new QueryCommand({
      TableName: table,
      KeyConditionExpression: 'userId = :userId',
      ExpressionAttributeValues: { ':userId': userId },
      ConsistentRead: true,
    }),
  );
  return Items ?? [];
}

describe('per-user bookkeeping of the todos table', () => {
  it("deletes the counter and every search digest bucket, leaving the user's partition empty", async () => {
    // Arrange: todos written and deleted leave their (now empty) digest buckets behind
    const user = asUser();
    const other = asUser();
    for (let i = 0; i < 5; i++) {
      const todo = await createTodoFor(user, { title: `Todo ${i}` });
      expect((await user.deleteTodo(todo.todoId)).status).toBe(204);
    }
    await createTodoFor(other, { title: 'Keep me' });
    const before = await partition(user.userId);
    const bookkeeping = createDynamoUserBookkeeping(documentClient, table, process.env.FILES_TABLE!);
    // Act
    await bookkeeping.deleteCounters(user.userId);
    // Assert
    expect(before.map((item) => item.todoId)).toContain('#counts');
    expect(before.some((item) => String(item.todoId).startsWith('#search#'))).toBe(true);
    expect(await partition(user.userId)).toEqual([]);
    expect((await other.listTodos({ q: 'keep' })).body.items).toHaveLength(1);
  });
});
