import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { BatchWriteCommand, DynamoDBDocumentClient, PutCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { newId } from '../../src/lib/ids';
import { COUNTER_ID, SEARCH_DIGEST_FLAG } from '../../src/todos/counter';
import type { Todo } from '../../src/todos/model';
import { bucketOf, digestEntry } from '../../src/todos/search-digest';
import { toItem } from '../../src/todos/todo-item';

/**
 * Writes many todos straight into DynamoDB Local (BatchWrite, in the stored layout) with a
 * matching counter item: thousands of todos in seconds, where the API would take minutes.
 */
const documents = DynamoDBDocumentClient.from(
  new DynamoDBClient({
    endpoint: process.env.AWS_ENDPOINT_URL_DYNAMODB,
    region: process.env.AWS_REGION ?? 'us-east-1',
    credentials: {
      accessKeyId: process.env.AWS_ACCESS_KEY_ID ?? 'local',
      secretAccessKey: process.env.AWS_SECRET_ACCESS_KEY ?? 'local',
    },
  }),
  { marshallOptions: { removeUndefinedValues: true } },
);

export function todoFields(overrides: Partial<Todo> = {}): Todo {
  const todoId = overrides.todoId ?? newId();
  const now = new Date().toISOString();
  return {
    title: 'Seeded',
    description: '',
    notes: '',
    dueDate: null,
    completed: false,
    completedAt: null,
    createdAt: now,
    updatedAt: now,
    priority: 'none',
    labels: [],
    checklist: [],
    repeat: null,
    position: overrides.position ?? todoId,
    remindAt: null,
    nextTodoId: null,
    ...overrides,
    todoId,
  };
}

/**
 * Writes the todos, their search digest entries (as the API does) and the counter, flagged as
 * having a complete digest; `{ digest: false }` writes todos as stored before the digest existed.
 */
export async function seedTodos(
  userId: string,
  todos: Todo[],
  table = process.env.TODOS_TABLE!,
  { digest = true } = {},
) {
  const chunks: Todo[][] = [];
  for (let i = 0; i < todos.length; i += 25) chunks.push(todos.slice(i, i + 25));
  let next = 0;
  const worker = async () => {
    while (next < chunks.length) {
      const chunk = chunks[next++]!;
      let requests: Record<string, unknown>[] | undefined = chunk.map((todo) => ({
        PutRequest: { Item: toItem(userId, todo) },
      }));
      while (requests?.length) {
        const result = await documents.send(new BatchWriteCommand({ RequestItems: { [table]: requests } }));
        requests = result.UnprocessedItems?.[table] as Record<string, unknown>[] | undefined;
      }
    }
  };
  await Promise.all(Array.from({ length: 8 }, worker));
  if (digest) await seedDigest(userId, todos, table);
  const completed = todos.filter((t) => t.completed).length;
  await documents.send(
    new PutCommand({
      TableName: table,
      Item: {
        userId,
        todoId: COUNTER_ID,
        total: todos.length,
        open: todos.length - completed,
        completed,
        ...(digest ? { [SEARCH_DIGEST_FLAG]: 1 } : {}),
      },
    }),
  );
}

/** The digest entries of `todos`, added to their bucket items (which may hold others already). */
async function seedDigest(userId: string, todos: Todo[], table: string) {
  const buckets = new Map<string, Todo[]>();
  for (const todo of todos) {
    const bucket = bucketOf(todo.todoId);
    buckets.set(bucket, [...(buckets.get(bucket) ?? []), todo]);
  }
  const writes: (() => Promise<unknown>)[] = [];
  for (const [bucket, members] of buckets) {
    // Small enough updates (well under DynamoDB's expression size limit), one bucket at a time.
    for (let i = 0; i < members.length; i += 50) {
      const chunk = members.slice(i, i + 50);
      writes.push(() =>
        documents.send(
          new UpdateCommand({
            TableName: table,
            Key: { userId, todoId: bucket },
            UpdateExpression: `SET ${chunk.map((_, j) => `#id${j} = :e${j}`).join(', ')}`,
            ExpressionAttributeNames: Object.fromEntries(chunk.map((todo, j) => [`#id${j}`, todo.todoId])),
            ExpressionAttributeValues: Object.fromEntries(
              chunk.map((todo, j) => [`:e${j}`, digestEntry(todo)]),
            ),
          }),
        ),
      );
    }
  }
  let next = 0;
  const worker = async () => {
    while (next < writes.length) await writes[next++]!();
  };
  // Updates of one bucket may run side by side: each SETs its own attributes.
  await Promise.all(Array.from({ length: 8 }, worker));
}
