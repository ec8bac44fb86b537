import { documentClient } from '../clients/dynamodb';
import { requireEnv, requireIntEnv } from '../lib/config';
import { createDynamoTodoStore } from './dynamodb-todo-store';
import type { TodoLimits } from './todo-service';
import type { TodoStore } from './todo-store';

/** The store every todos function uses, wired from the function's environment. */
export function todoStoreFromEnv(): TodoStore {
  return createDynamoTodoStore(documentClient, requireEnv('TODOS_TABLE'));
}

/** The per-user limit, from the stack parameter MaxTodosPerUser. */
export function todoLimitsFromEnv(): TodoLimits {
  return { maxTodos: requireIntEnv('MAX_TODOS_PER_USER') };
}
