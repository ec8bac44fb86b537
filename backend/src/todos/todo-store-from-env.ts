import { documentClient } from '../clients/dynamodb';
import { requireEnv } from '../lib/config';
import { createDynamoTodoStore } from './dynamodb-todo-store';
import type { TodoStore } from './todo-store';

/** The store every todos function uses, wired from the function's environment. */
export function todoStoreFromEnv(): TodoStore {
  return createDynamoTodoStore(documentClient, requireEnv('TODOS_TABLE'));
}
