import {
  ConditionalCheckFailedException,
  ProvisionedThroughputExceededException,
  RequestLimitExceeded,
} from '@aws-sdk/client-dynamodb';
import {
  DynamoDBDocumentClient,
  GetCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { handler as completeTodo } from '../../src/functions/todos/complete-todo';
import { handler as createTodo } from '../../src/functions/todos/create-todo';
import { handler as deleteTodo } from '../../src/functions/todos/delete-todo';
import { handler as getTodo } from '../../src/functions/todos/get-todo';
import { handler as listTodos } from '../../src/functions/todos/list-todos';
import { handler as setTodoNotes } from '../../src/functions/todos/set-todo-notes';
import { handler as updateTodo } from '../../src/functions/todos/update-todo';
import { newId } from '../../src/lib/ids';
import { createCursorCodec } from '../../src/todos/cursor';
import { ATTEMPTS } from '../../src/todos/dynamodb-todo-read';
import { bucketOf } from '../../src/todos/search-digest';
import { expectError, expectNoInternals, TODO_FIELDS } from '../support/assertions';
import { type ApiEventOptions, apiEvent, call, type HttpHandler } from '../support/events';
import { captureStdout } from '../support/stdout';

const ddb = mockClient(DynamoDBDocumentClient);
const TABLE = process.env.TODOS_TABLE!;
const USER = 'user-1111';
const TODO_ID = newId();

let stdout: ReturnType<typeof captureStdout>;
beforeEach(() => {
  ddb.reset();
  stdout = captureStdout();
});
afterEach(() => stdout.restore());

interface Route {
  name: string;
  handler: HttpHandler;
  /** The DynamoDB command the route sends. */
  command: abstract new (
    ...args: never[]
  ) => object;
  event: ApiEventOptions;
}

const byId = { pathParameters: { todoId: TODO_ID } };
const routes: Route[] = [
  { name: 'listTodos', handler: listTodos, command: QueryCommand, event: { method: 'GET', path: '/todos' } },
  {
    name: 'createTodo',
    handler: createTodo,
    command: TransactWriteCommand,
    event: { method: 'POST', path: '/todos', body: { title: 'Buy milk' } },
  },
  { name: 'getTodo', handler: getTodo, command: GetCommand, event: { method: 'GET', ...byId } },
  // A text edit reads the todo first: its search digest entry holds title, description and notes.
  {
    name: 'updateTodo',
    handler: updateTodo,
    command: GetCommand,
    event: { method: 'PATCH', ...byId, body: { title: 'Buy oat milk' } },
  },
  // Completion and deletion read the todo first: its state decides how the counts change.
  { name: 'completeTodo', handler: completeTodo, command: GetCommand, event: { method: 'POST', ...byId } },
  {
    name: 'setTodoNotes',
    handler: setTodoNotes,
    command: GetCommand,
    event: { method: 'PUT', ...byId, body: { notes: 'semi-skimmed' } },
  },
  { name: 'deleteTodo', handler: deleteTodo, command: GetCommand, event: { method: 'DELETE', ...byId } },
];
const textEdits = routes.filter((r) => ['updateTodo', 'setTodoNotes'].includes(r.name));
const readFirst = routes.filter((r) =>
  ['updateTodo', 'setTodoNotes', 'completeTodo', 'deleteTodo'].includes(r.name),
);
const routesById = routes.filter((r) => r.event.pathParameters);

const invoke = (route: Route, overrides: ApiEventOptions = {}) =>
  call(route.handler, apiEvent({ userId: USER, ...route.event, ...overrides }));

/** A stored todo item as DynamoDB returns it, internal attributes included. */
function storedItem(todoId: string, overrides: Record<string, unknown> = {}) {
  return {
    userId: USER,
    todoId,
    title: 'Buy milk',
    titleLower: 'buy milk',
    description: '',
    descriptionLower: '',
    notes: '',
    completed: false,
    createdAt: '2025-01-01T00:00:00.000Z',
    updatedAt: '2025-01-01T00:00:00.000Z',
    ...overrides,
  };
}

function sdkError(name: string, message: string) {
  const error = Object.assign(new Error(message), { name, $metadata: { httpStatusCode: 400 } });
  error.stack = `${name}: ${message}\n    at deserializeAws_json1_0 (/var/task/node_modules/secret.js:1:1)`;
  return error;
}

describe('todos handlers when DynamoDB throttles', () => {
  it.each(routes)(
    '$name answers 503 with Retry-After and a body that names no table or SDK error',
    async (route) => {
      // Arrange
      const error = new ProvisionedThroughputExceededException({
        message: `The level of configured provisioned throughput for the table ${TABLE} was exceeded`,
        $metadata: {},
      });
      ddb.onAnyCommand().rejects(error);
      // Act
      const result = await invoke(route);
      // Assert
      expect(ddb.call(0).args[0]).toBeInstanceOf(route.command);
      expectError(result, 503, 'SERVICE_UNAVAILABLE');
      expect(Number(result.headers['retry-after'])).toBeGreaterThan(0);
      expectNoInternals(result, [TABLE, error.name, error.message, 'Throughput']);
    },
  );

  it.each(routes)('$name answers 503 for an SDK error the SDK marks as throttling', async (route) => {
    // Arrange
    const error = Object.assign(sdkError('SomeNewThrottle', 'Rate exceeded'), {
      $retryable: { throttling: true },
    });
    ddb.onAnyCommand().rejects(error);
    // Act
    const result = await invoke(route);
    // Assert
    expect(ddb.call(0).args[0]).toBeInstanceOf(route.command);
    expectError(result, 503, 'SERVICE_UNAVAILABLE');
    expect(result.headers['retry-after']).toMatch(/^\d+$/);
    expectNoInternals(result, ['SomeNewThrottle', 'Rate exceeded']);
  });

  it('answers 503 for the account-level RequestLimitExceeded too', async () => {
    // Arrange
    ddb
      .on(GetCommand)
      .rejects(new RequestLimitExceeded({ message: 'Throughput exceeds limit', $metadata: {} }));
    // Act
    const result = await invoke(routes.find((r) => r.name === 'getTodo')!);
    // Assert
    expectError(result, 503, 'SERVICE_UNAVAILABLE');
    expectNoInternals(result, ['RequestLimitExceeded', 'Throughput exceeds limit']);
  });
});

describe('todos handlers on unexpected errors', () => {
  it.each(routes)(
    '$name answers a generic 500 that leaks no stack, SDK name, message or table',
    async (route) => {
      // Arrange
      const error = sdkError(
        'ResourceNotFoundException',
        `Requested resource not found: Table: ${TABLE} not found`,
      );
      ddb.onAnyCommand().rejects(error);
      // Act
      const result = await invoke(route);
      // Assert
      expect(ddb.call(0).args[0]).toBeInstanceOf(route.command);
      expectError(result, 500, 'INTERNAL_ERROR');
      expect(result.body.error.details).toBeUndefined();
      expectNoInternals(result, [TABLE, 'ResourceNotFoundException', 'Requested resource', 'secret.js']);
    },
  );

  it('logs the unexpected error for operators while the client sees none of it', async () => {
    // Arrange
    ddb.on(GetCommand).rejects(sdkError('ResourceNotFoundException', `Table: ${TABLE} not found`));
    // Act
    const result = await invoke(routes.find((r) => r.name === 'getTodo')!);
    // Assert
    expect(result.status).toBe(500);
    const logged = stdout.lines().find((line) => line.level === 'error');
    expect(JSON.stringify(logged)).toContain('ResourceNotFoundException');
  });

  it('answers a generic 500 when a non-Error value is thrown', async () => {
    // Arrange
    ddb.on(GetCommand).callsFake(() => Promise.reject('plain string failure'));
    // Act
    const result = await invoke(routes.find((r) => r.name === 'getTodo')!);
    // Assert
    expectError(result, 500, 'INTERNAL_ERROR');
    expectNoInternals(result, ['plain string failure']);
  });
});

describe('todos handlers when the todo does not exist', () => {
  it('updateTodo of fields other than the text answers 404 when the conditional check fails, never a write without a condition', async () => {
    // Arrange
    ddb
      .onAnyCommand()
      .rejects(
        new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {} }),
      );
    // Act
    const result = await invoke(routes.find((r) => r.name === 'updateTodo')!, { body: { priority: 'high' } });
    // Assert
    expectError(result, 404, 'NOT_FOUND');
    expectNoInternals(result, ['Conditional', 'conditional request', TABLE]);
    expect(ddb.calls()).toHaveLength(1);
    const sent = ddb.call(0).args[0];
    expect(sent).toBeInstanceOf(UpdateCommand);
    expect(sent.input).toMatchObject({
      TableName: TABLE,
      Key: { userId: USER, todoId: TODO_ID },
      ConditionExpression: expect.stringMatching(/^attribute_exists\(todoId\)/),
    });
  });

  it.each(textEdits)(
    '$name writes the todo and its digest entry on condition it is unchanged since read, and answers 404 when it went meanwhile',
    async (route) => {
      // Arrange: read, then the write's condition fails, then the todo is gone
      ddb
        .on(GetCommand)
        .resolvesOnce({ Item: storedItem(TODO_ID) })
        .resolves({});
      ddb.on(TransactWriteCommand).rejects(
        Object.assign(new Error('Transaction cancelled'), {
          name: 'TransactionCanceledException',
          CancellationReasons: [{ Code: 'ConditionalCheckFailed' }, { Code: 'None' }],
        }),
      );
      // Act
      const result = await invoke(route);
      // Assert
      expectError(result, 404, 'NOT_FOUND');
      const [todo, digest] = ddb.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems!;
      expect(todo?.Update).toMatchObject({
        Key: { userId: USER, todoId: TODO_ID },
        ConditionExpression: expect.stringMatching(/^attribute_exists\(todoId\).* AND #updatedAt = :seen$/),
        ExpressionAttributeValues: expect.objectContaining({ ':seen': storedItem(TODO_ID).updatedAt }),
      });
      expect(digest?.Update).toMatchObject({
        Key: { userId: USER, todoId: bucketOf(TODO_ID) },
        UpdateExpression: 'SET #id = :entry',
        ExpressionAttributeNames: { '#id': TODO_ID },
      });
      expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(1);
    },
  );

  it.each(readFirst)('$name answers 404 when there is no item, and writes nothing', async (route) => {
    // Arrange
    ddb.on(GetCommand).resolves({});
    // Act
    const result = await invoke(route);
    // Assert
    expectError(result, 404, 'NOT_FOUND');
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(0);
    expect(ddb.commandCalls(GetCommand)[0]?.args[0].input).toMatchObject({
      Key: { userId: USER, todoId: TODO_ID },
      ConsistentRead: true,
    });
  });

  it('getTodo answers 404 when there is no item', async () => {
    // Arrange
    ddb.on(GetCommand).resolves({});
    // Act
    const result = await invoke(routes.find((r) => r.name === 'getTodo')!);
    // Assert
    expectError(result, 404, 'NOT_FOUND');
    expect(ddb.commandCalls(GetCommand)[0]?.args[0].input.Key).toEqual({ userId: USER, todoId: TODO_ID });
  });

  it.each(routesById)(
    '$name answers 404 for an id that is not a todo id, without calling DynamoDB',
    async (route) => {
      // Act
      const result = await invoke(route, { pathParameters: { todoId: '../other-user/todo' } });
      // Assert
      expectError(result, 404, 'NOT_FOUND');
      expect(ddb.calls()).toHaveLength(0);
    },
  );
});

describe('todos handlers without a caller', () => {
  it.each(routes)(
    '$name answers 401 when the token has no sub claim, without calling DynamoDB',
    async (route) => {
      // Act
      const result = await invoke(route, { userId: null });
      // Assert
      expectError(result, 401, 'UNAUTHORIZED');
      expect(ddb.calls()).toHaveLength(0);
    },
  );
});

describe('todos handlers on success', () => {
  it('createTodo writes a new item under the caller with the counter, conditionally, and answers 201 with the Todo shape', async () => {
    // Arrange
    ddb.on(TransactWriteCommand).resolves({});
    // Act
    const result = await invoke(routes.find((r) => r.name === 'createTodo')!, {
      body: { title: '  Buy MILK  ', description: 'Two Litres', dueDate: '2024-02-29' },
    });
    // Assert
    expect(result.status).toBe(201);
    expect(Object.keys(result.body).sort()).toEqual(TODO_FIELDS);
    expect(result.body).toMatchObject({
      title: 'Buy MILK',
      description: 'Two Litres',
      notes: '',
      dueDate: '2024-02-29',
      completed: false,
      completedAt: null,
      priority: 'none',
      labels: [],
      checklist: [],
      repeat: null,
      remindAt: null,
      nextTodoId: null,
    });
    const [put, digest, counter] = ddb.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems!;
    expect(put?.Put?.ConditionExpression).toBe('attribute_not_exists(todoId)');
    expect(put?.Put?.Item).toMatchObject({ userId: USER, todoId: result.body.todoId });
    expect(digest?.Update).toMatchObject({
      Key: { userId: USER, todoId: bucketOf(result.body.todoId) },
      ExpressionAttributeNames: { '#id': result.body.todoId },
      ExpressionAttributeValues: { ':entry': '=buy milk\ntwo litres\n' },
    });
    expect(counter?.Update?.Key).toEqual({ userId: USER, todoId: '#counts' });
    expect(counter?.Update?.ConditionExpression).toBe('#total < :max AND attribute_not_exists(#closedAt)');
  });

  it('getTodo answers only the contract fields, never the owner or internal search copies', async () => {
    // Arrange
    ddb.on(GetCommand).resolves({ Item: storedItem(TODO_ID, { dueDate: '2025-03-01' }) });
    // Act
    const result = await invoke(routes.find((r) => r.name === 'getTodo')!);
    // Assert
    expect(result.status).toBe(200);
    expect(result.body).toEqual({
      todoId: TODO_ID,
      title: 'Buy milk',
      description: '',
      notes: '',
      dueDate: '2025-03-01',
      completed: false,
      completedAt: null,
      createdAt: '2025-01-01T00:00:00.000Z',
      updatedAt: '2025-01-01T00:00:00.000Z',
      priority: 'none',
      labels: [],
      checklist: [],
      repeat: null,
      position: TODO_ID,
      remindAt: null,
      nextTodoId: null,
    });
  });

  it('listTodos queries only the caller partition and turns a full page into a cursor for the next', async () => {
    // Arrange
    const ids = Array.from({ length: 4 }, () => newId()).reverse();
    const counter = { Item: { userId: USER, todoId: '#counts', total: 4, open: 4, completed: 0 } };
    ddb.on(QueryCommand).resolves({ Items: ids.map((id) => storedItem(id)) });
    ddb.on(GetCommand).resolves(counter);
    const list = routes.find((r) => r.name === 'listTodos')!;
    // Act
    const first = await invoke(list, { query: { limit: '3' } });
    ddb.reset();
    ddb.on(QueryCommand).resolves({ Items: [storedItem(ids[3]!)] });
    ddb.on(GetCommand).resolves(counter);
    const second = await invoke(list, { query: { limit: '3', cursor: first.body.nextCursor } });
    // Assert
    expect(first.status).toBe(200);
    expect(first.body.items.map((t: { todoId: string }) => t.todoId)).toEqual(ids.slice(0, 3));
    expect(first.body.items[0]).not.toHaveProperty('userId');
    expect(first.body.items[0]).not.toHaveProperty('titleLower');
    expect(typeof first.body.nextCursor).toBe('string');
    const input = ddb.commandCalls(QueryCommand)[0]!.args[0].input;
    expect(input.ExpressionAttributeValues?.[':userId']).toBe(USER);
    expect(input.ExclusiveStartKey).toEqual({ userId: USER, todoId: ids[2] });
    expect(second.body.nextCursor).toBeNull();
    expect(first.body.counts).toEqual({ open: 4, completed: 0 });
  });

  it("listTodos answers 400 for another user's cursor without querying", async () => {
    // Arrange
    const foreign = createCursorCodec(process.env.CURSOR_SECRET!).encode('someone-else', { todoId: newId() });
    // Act
    const result = await invoke(routes.find((r) => r.name === 'listTodos')!, { query: { cursor: foreign } });
    // Assert
    expectError(result, 400, 'INVALID_CURSOR');
    expect(ddb.calls()).toHaveLength(0);
  });

  it('deleteTodo answers 204 with no body', async () => {
    // Arrange
    ddb.on(GetCommand).resolves({ Item: storedItem(TODO_ID) });
    ddb.on(TransactWriteCommand).resolves({});
    // Act
    const result = await invoke(routes.find((r) => r.name === 'deleteTodo')!);
    // Assert
    expect(result.status).toBe(204);
    expect(result.rawBody).toBeUndefined();
  });
});

describe('updateTodo with field edits and completed', () => {
  const patch = { method: 'PATCH', ...byId, body: { title: 'Buy oat milk', completed: true } };
  const cancelledAtTodo = Object.assign(new Error('Transaction cancelled'), {
    name: 'TransactionCanceledException',
    CancellationReasons: [{ Code: 'ConditionalCheckFailed' }, { Code: 'None' }, { Code: 'None' }],
  });

  it('writes the edits, the completion, the digest entry and the counter in one transaction, conditioned on the todo as read', async () => {
    // Arrange
    ddb.on(GetCommand).resolves({ Item: storedItem(TODO_ID) });
    ddb.on(TransactWriteCommand).resolves({});
    // Act
    const result = await call(updateTodo, apiEvent({ userId: USER, ...patch }));
    // Assert
    expect(result.status).toBe(200);
    expect(result.body).toMatchObject({ title: 'Buy oat milk', completed: true });
    expect(ddb.commandCalls(UpdateCommand)).toHaveLength(0);
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(1);
    const [todo, digest, counter, ...rest] =
      ddb.commandCalls(TransactWriteCommand)[0]!.args[0].input.TransactItems!;
    expect(rest).toEqual([]);
    expect(todo?.Update?.Key).toEqual({ userId: USER, todoId: TODO_ID });
    expect(todo?.Update?.UpdateExpression).toMatch(/#title = :title.*#completed = :completed, #completedAt/);
    expect(todo?.Update?.ConditionExpression).toMatch(
      /#completed = :completedAsRead AND #updatedAt = :seen$/,
    );
    expect(todo?.Update?.ExpressionAttributeValues).toMatchObject({
      ':title': 'Buy oat milk',
      ':titleLower': 'buy oat milk',
      ':completed': true,
      ':completedAsRead': false,
    });
    expect(digest?.Update?.Key).toEqual({ userId: USER, todoId: bucketOf(TODO_ID) });
    expect(counter?.Update?.Key).toEqual({ userId: USER, todoId: '#counts' });
    expect(counter?.Update?.ExpressionAttributeValues).toEqual({ ':open': -1, ':completed': 1 });
  });

  it('reads again when the todo changed since read, and answers 503 with Retry-After when it keeps changing', async () => {
    // Arrange
    ddb.on(GetCommand).resolves({ Item: storedItem(TODO_ID) });
    ddb.on(TransactWriteCommand).rejects(cancelledAtTodo);
    // Act
    const result = await call(updateTodo, apiEvent({ userId: USER, ...patch }));
    // Assert
    expectError(result, 503, 'SERVICE_UNAVAILABLE');
    expect(result.headers['retry-after']).toMatch(/^\d+$/);
    expect(ddb.commandCalls(GetCommand)).toHaveLength(ATTEMPTS);
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(ATTEMPTS);
  });
});
