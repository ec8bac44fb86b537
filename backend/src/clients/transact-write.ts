import {
  type DynamoDBDocumentClient,
  TransactWriteCommand,
  type TransactWriteCommandInput,
} from '@aws-sdk/lib-dynamodb';
import { ServiceBusyError } from '../lib/errors';

/** Why DynamoDB cancelled a transaction, one reason per item (`None` for items that were fine). */
export function cancellationReasons(error: unknown): string[] | undefined {
  if ((error as Error | null)?.name !== 'TransactionCanceledException') return undefined;
  const reasons = (error as { CancellationReasons?: { Code?: string }[] }).CancellationReasons ?? [];
  return reasons.map((reason) => reason.Code ?? 'None');
}

/** The transaction was cancelled because a condition on item `index` did not hold. */
export const conditionFailedAt = (error: unknown, index: number): boolean =>
  cancellationReasons(error)?.[index] === 'ConditionalCheckFailed';

const isConflict = (error: unknown): boolean =>
  (error as Error | null)?.name === 'TransactionConflictException' ||
  (cancellationReasons(error)?.includes('TransactionConflict') ?? false);

export interface RetryOptions {
  /** Attempts in all, the first included. */
  attempts?: number;
  /** Backoff base in ms; attempt n waits a random time in [0, base·2ⁿ) ("full jitter"). */
  baseDelayMs?: number;
  sleep?: (ms: number) => Promise<void>;
  random?: () => number;
}

const wait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * Runs a transaction, retrying when DynamoDB cancels it for a conflict with another
 * transaction on the same item (the SDK's own retries do not cover this). Conflicts are
 * transient by nature; after a bounded number of attempts the caller gets a 503 with
 * Retry-After rather than a 500. Condition failures are never retried: they are answers.
 */
export async function transactWrite(
  client: DynamoDBDocumentClient,
  input: TransactWriteCommandInput,
  { attempts = 5, baseDelayMs = 25, sleep = wait, random = Math.random }: RetryOptions = {},
): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await client.send(new TransactWriteCommand(input));
      return;
    } catch (error) {
      if (!isConflict(error)) throw error;
      if (attempt >= attempts) throw new ServiceBusyError();
      await sleep(Math.floor(random() * baseDelayMs * 2 ** attempt));
    }
  }
}
