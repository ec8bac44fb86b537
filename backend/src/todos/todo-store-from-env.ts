import { documentClient } from '../clients/dynamodb';
import { requireEnv, requireIntEnv } from '../lib/config';
import { createDynamoTodoReader } from './dynamodb-todo-reader';
import { createDynamoTodoWriter } from './dynamodb-todo-store';
import type { TodoLimits } from './todo-service';
import type { TodoReader, TodoWriter } from './todo-store';

/** The store the todos functions that write use, wired from the function's environment. */
export function todoStoreFromEnv(): TodoWriter {
  return createDynamoTodoWriter(documentClient, requireEnv('TODOS_TABLE'));
}

/** The reading half alone, for the functions that only read (a smaller bundle). */
export function todoReaderFromEnv(): TodoReader {
  return createDynamoTodoReader(documentClient, requireEnv('TODOS_TABLE'));
}

/** The per-user limit, from the stack parameter MaxTodosPerUser. */
export function todoLimitsFromEnv(): TodoLimits {
  return { maxTodos: requireIntEnv('MAX_TODOS_PER_USER') };
}
