import { describe, expect, it } from 'vitest';
import { matchesPattern, parseFilterCriteria, passesFilters } from '../../event-sources/event-filter';
import {
  encodeNotificationKey,
  type S3Subscription,
  subscriptionMatches,
} from '../../event-sources/s3-notifications';
import {
  type BatchOutcome,
  type BatchPolicy,
  deliverInOrder,
  firstFailure,
} from '../../event-sources/stream-batches';

const record = (seq: number, eventName = 'INSERT', image: Record<string, unknown> = {}) => ({
  eventName,
  dynamodb: { SequenceNumber: String(seq).padStart(5, '0'), NewImage: image },
});

describe('event filter patterns', () => {
  it('keeps only the event names a pattern lists', () => {
    const filters = parseFilterCriteria({ Filters: [{ Pattern: '{"eventName": ["REMOVE"]}' }] });
    expect(passesFilters(filters, record(1, 'REMOVE'))).toBe(true);
    expect(passesFilters(filters, record(1, 'INSERT'))).toBe(false);
  });

  it('passes everything without filters, and a record matching any one of several', () => {
    expect(passesFilters([], record(1))).toBe(true);
    const filters = parseFilterCriteria({
      Filters: [{ Pattern: '{"eventName": ["REMOVE"]}' }, { Pattern: '{"eventName": ["MODIFY"]}' }],
    });
    expect(passesFilters(filters, record(1, 'MODIFY'))).toBe(true);
  });

  it('matches nested DynamoDB images with prefix, numeric, exists and anything-but', () => {
    const r = record(1, 'INSERT', { status: { S: 'open-now' }, size: { N: '12' } });
    expect(matchesPattern({ dynamodb: { NewImage: { status: { S: [{ prefix: 'open' }] } } } }, r)).toBe(true);
    expect(
      matchesPattern({ dynamodb: { NewImage: { size: { N: [{ numeric: ['>', 10, '<=', 12] }] } } } }, r),
    ).toBe(true);
    expect(matchesPattern({ dynamodb: { NewImage: { size: { N: [{ numeric: ['>', 12] }] } } } }, r)).toBe(
      false,
    );
    expect(matchesPattern({ dynamodb: { NewImage: { gone: [{ exists: false }] } } }, r)).toBe(true);
    expect(matchesPattern({ dynamodb: { NewImage: { status: [{ exists: false }] } } }, r)).toBe(false);
    expect(matchesPattern({ eventName: [{ 'anything-but': ['REMOVE'] }] }, r)).toBe(true);
    expect(matchesPattern({ eventName: [{ 'anything-but': 'INSERT' }] }, r)).toBe(false);
  });
});

describe('stream batches', () => {
  const policy = (over: Partial<BatchPolicy> = {}): BatchPolicy => ({
    batchSize: 2,
    maxRetryAttempts: 3,
    bisectOnError: false,
    reportBatchItemFailures: true,
    backoffMs: () => 0,
    ...over,
  });

  async function run(
    records: ReturnType<typeof record>[],
    p: BatchPolicy,
    respond: (batch: string[], call: number) => BatchOutcome,
  ) {
    const calls: string[][] = [];
    const checkpoints: string[] = [];
    const discarded: string[][] = [];
    await deliverInOrder(records, p, {
      invoke: async (batch) => {
        const seqs = batch.map((r) => r.dynamodb.SequenceNumber);
        calls.push(seqs);
        return respond(seqs, calls.length);
      },
      checkpoint: (r) => checkpoints.push(r.dynamodb.SequenceNumber),
      discard: (batch) => discarded.push(batch.map((r) => r.dynamodb.SequenceNumber)),
      sleep: async () => {},
      stopped: () => false,
    });
    return { calls, checkpoints, discarded };
  }
  const ok: BatchOutcome = { ok: true, value: null };
  const error: BatchOutcome = { ok: false, error: { errorType: 'Error', errorMessage: 'boom' } };

  it('delivers records in order in batches of at most BatchSize', async () => {
    const { calls, checkpoints } = await run(
      [1, 2, 3, 4, 5].map((n) => record(n)),
      policy(),
      () => ok,
    );
    expect(calls).toEqual([['00001', '00002'], ['00003', '00004'], ['00005']]);
    expect(checkpoints).toEqual(['00002', '00004', '00005']);
  });

  it('retries from the first reported item failure, keeping what came before it', async () => {
    const { calls, checkpoints } = await run(
      [1, 2, 3].map((n) => record(n)),
      policy({ batchSize: 3 }),
      (_, n) => (n === 1 ? { ok: true, value: { batchItemFailures: [{ itemIdentifier: '00002' }] } } : ok),
    );
    expect(calls).toEqual([
      ['00001', '00002', '00003'],
      ['00002', '00003'],
    ]);
    expect(checkpoints).toEqual(['00001', '00003']);
  });

  it('retries the whole batch when a reported identifier is not in it', () => {
    expect(firstFailure([record(1)], { batchItemFailures: [{ itemIdentifier: 'nope' }] })).toBeNull();
    expect(firstFailure([record(1)], { batchItemFailures: [] })).toBe(-1);
    expect(firstFailure([record(1)], null)).toBe(-1);
  });

  it('gives a batch up after MaximumRetryAttempts and moves on', async () => {
    const { calls, discarded, checkpoints } = await run(
      [1, 2, 3].map((n) => record(n)),
      policy({ maxRetryAttempts: 2 }),
      (batch) => (batch.includes('00001') ? error : ok),
    );
    expect(calls).toEqual([['00001', '00002'], ['00001', '00002'], ['00001', '00002'], ['00003']]);
    expect(discarded).toEqual([['00001', '00002']]);
    expect(checkpoints).toEqual(['00002', '00003']);
  });

  it('splits a failing batch in halves when BisectBatchOnFunctionError is on', async () => {
    const { calls } = await run(
      [1, 2, 3, 4].map((n) => record(n)),
      policy({ batchSize: 4, bisectOnError: true }),
      (batch) => (batch.includes('00004') && batch.length > 1 ? error : ok),
    );
    expect(calls[0]).toEqual(['00001', '00002', '00003', '00004']);
    expect(calls[1]).toEqual(['00001', '00002']);
    expect(calls.flat().filter((s) => s === '00004').length).toBeGreaterThan(1);
  });
});

describe('S3 notifications', () => {
  const subscription: S3Subscription = {
    functionLogicalId: 'Fn',
    bucket: 'b',
    events: ['s3:ObjectCreated:*'],
    rules: [
      { name: 'prefix', value: 'in/' },
      { name: 'suffix', value: '.txt' },
    ],
    configurationId: 'c',
    maxRetries: 2,
  };

  it('matches the bucket, the event type wildcard and every key rule', () => {
    const event = { eventName: 'ObjectCreated:Put', bucket: 'b', key: 'in/a.txt' };
    expect(subscriptionMatches(subscription, event)).toBe(true);
    expect(subscriptionMatches(subscription, { ...event, eventName: 'ObjectRemoved:Delete' })).toBe(false);
    expect(subscriptionMatches(subscription, { ...event, bucket: 'other' })).toBe(false);
    expect(subscriptionMatches(subscription, { ...event, key: 'in/a.png' })).toBe(false);
    expect(subscriptionMatches(subscription, { ...event, key: 'out/a.txt' })).toBe(false);
  });

  it('encodes keys as S3 notifications do: URL-encoded, spaces as +, slashes kept', () => {
    expect(encodeNotificationKey('user/a b+c ü.txt')).toBe('user/a+b%2Bc+%C3%BC.txt');
  });
});
