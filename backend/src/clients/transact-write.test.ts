import { DynamoDBClient, TransactionCanceledException } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import { ServiceBusyError } from '../lib/errors';
import { conditionFailedAt, transactWrite } from './transact-write';

const doc = DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'us-east-1' }));
const ddb = mockClient(doc);

const cancelled = (...codes: string[]) =>
  new TransactionCanceledException({
    message: 'Transaction cancelled',
    $metadata: {},
    CancellationReasons: codes.map((Code) => ({ Code })),
  });

const input = { TransactItems: [] };
const noSleep = { sleep: async () => {} };

describe('transactWrite', () => {
  beforeEach(() => ddb.reset());

  it('retries a transaction cancelled for a conflict and succeeds when the conflict clears', async () => {
    // Arrange
    ddb
      .on(TransactWriteCommand)
      .rejectsOnce(cancelled('None', 'TransactionConflict'))
      .rejectsOnce(cancelled('TransactionConflict', 'None'))
      .resolves({});
    // Act
    await transactWrite(doc, input, noSleep);
    // Assert
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(3);
  });

  it('gives up after the bounded attempts with a 503-mapped ServiceBusyError', async () => {
    // Arrange
    ddb.on(TransactWriteCommand).rejects(cancelled('TransactionConflict'));
    // Act
    const outcome = transactWrite(doc, input, { ...noSleep, attempts: 4 });
    // Assert
    await expect(outcome).rejects.toBeInstanceOf(ServiceBusyError);
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(4);
  });

  it('never retries a condition failure, which is an answer, not contention', async () => {
    // Arrange
    ddb.on(TransactWriteCommand).rejects(cancelled('ConditionalCheckFailed', 'None'));
    // Act
    const error = await transactWrite(doc, input, noSleep).catch((e: unknown) => e);
    // Assert
    expect(conditionFailedAt(error, 0)).toBe(true);
    expect(conditionFailedAt(error, 1)).toBe(false);
    expect(ddb.commandCalls(TransactWriteCommand)).toHaveLength(1);
  });

  it('waits a jittered, growing delay between attempts', async () => {
    // Arrange
    ddb.on(TransactWriteCommand).rejects(cancelled('TransactionConflict'));
    const delays: number[] = [];
    // Act
    await transactWrite(doc, input, {
      attempts: 4,
      baseDelayMs: 10,
      random: () => 0.5,
      sleep: async (ms) => {
        delays.push(ms);
      },
    }).catch(() => {});
    // Assert
    expect(delays).toEqual([10, 20, 40]);
  });
});
