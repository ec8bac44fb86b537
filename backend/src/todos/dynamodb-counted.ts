import type { DynamoDBDocumentClient, TransactWriteCommandInput } from '@aws-sdk/lib-dynamodb';
import { cancellationReasons, transactWrite } from '../clients/transact-write';
import { ConflictError, UnauthorizedError } from '../lib/errors';
import { readCounter } from './counter';
import { initCounter } from './counter-init';

export interface StoreContext {
  client: DynamoDBDocumentClient;
  tableName: string;
}

export type TransactItems = NonNullable<TransactWriteCommandInput['TransactItems']>;

export const tooManyTodos = (max: number) =>
  new ConflictError(
    `You have reached the limit of ${max} todos. Delete some (for example, clear completed ones) to add more.`,
    'TOO_MANY_TODOS',
  );

const accountDeleted = () => new UnauthorizedError('This account has been deleted.');

/**
 * Runs a transaction whose item `counterIndex` adjusts the user's counter. Answers 'ok', or
 * 'changed' when another item's condition failed (the todo is not in the state it was read in),
 * or 'limit' when the counter refused (the per-user limit). A missing counter is created by
 * counting, then the transaction runs again. A deleted account, or one being deleted, is a 401:
 * its counter carries the closed mark (counter.ts CLOSED_AT) or is gone with a tombstone left.
 */
export async function transactCounted(
  ctx: StoreContext,
  userId: string,
  items: TransactItems,
  counterIndex: number,
): Promise<'ok' | 'changed' | 'limit'> {
  for (let attempt = 0; ; attempt++) {
    try {
      await transactWrite(ctx.client, { TransactItems: items });
      return 'ok';
    } catch (error) {
      const reasons = cancellationReasons(error);
      if (!reasons?.includes('ConditionalCheckFailed')) throw error;
      if (reasons.some((code, i) => i !== counterIndex && code === 'ConditionalCheckFailed'))
        return 'changed';
      const counter = await readCounter(ctx.client, ctx.tableName, userId);
      if (counter?.closedAt) throw accountDeleted();
      if (attempt > 0) return 'limit';
      // The counter may have been missing then and be there now (a parallel first write made it):
      // either way, run once more against a counter that exists.
      if (counter?.total === undefined) {
        // Only a user's first write (or one after a deletion) gets here.
        if ((await initCounter(ctx.client, ctx.tableName, userId)) === 'closed') throw accountDeleted();
      }
    }
  }
}
