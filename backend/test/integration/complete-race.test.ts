import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { documentClient } from '../../src/clients/dynamodb';
import type { StoreContext } from '../../src/todos/dynamodb-counted';
import { completeTodoItem, reopenTodoItem } from '../../src/todos/dynamodb-todo-transitions';
import type { Todo } from '../../src/todos/model';
import { asUser, createTodoFor } from '../support/api';

/**
 * Completing reads the todo, then writes on condition. What another request does in between is
 * played here for real against DynamoDB Local, by a client that runs it right after the read.
 */
const tableName = process.env.TODOS_TABLE!;
const options = { now: new Date().toISOString(), today: '2030-03-20', maxTodos: 1000 };

/** A store context whose first read is followed, before the caller goes on, by `meanwhile`. */
function interleaved(meanwhile: () => Promise<void>): StoreContext {
  let done = false;
  const client = {
    async send(command: unknown) {
      const answer = await documentClient.send(command as GetCommand);
      if (!done && command instanceof GetCommand) {
        done = true;
        await meanwhile();
      }
      return answer;
    },
  } as unknown as StoreContext['client'];
  return { client, tableName };
}

describe('completing a repeating todo while another request completes and reopens it', () => {
  it('creates its next occurrence once, not once per completion', async () => {
    // Arrange
    const user = asUser();
    const todo = await createTodoFor(user, {
      title: 'Water plants',
      dueDate: '2030-03-10',
      repeat: { every: 1, unit: 'week' },
    });
    const real: StoreContext = { client: documentClient, tableName };
    const ctx = interleaved(async () => {
      await completeTodoItem(real, user.userId, todo.todoId, options);
      await reopenTodoItem(real, user.userId, todo.todoId, options.now);
    });
    // Act
    const completed = await completeTodoItem(ctx, user.userId, todo.todoId, options);
    // Assert
    const items: Todo[] = (await user.listTodos({ status: 'all', limit: '100' })).body.items;
    const occurrences = items.filter((t) => t.todoId !== todo.todoId);
    expect(occurrences).toHaveLength(1);
    expect(completed?.nextTodoId).toBe(occurrences[0]?.todoId);
    expect(completed?.completed).toBe(true);
  });
});
