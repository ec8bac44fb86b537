import {
  type _Record,
  type AttributeValue,
  DescribeStreamCommand,
  type DynamoDBStreamsClient,
  GetRecordsCommand,
  GetShardIteratorCommand,
  type Shard,
  type ShardIteratorType,
} from '@aws-sdk/client-dynamodb-streams';
import type {
  DynamoDBRecord,
  DynamoDBStreamEvent,
  AttributeValue as LambdaAttributeValue,
  StreamRecord as LambdaStreamRecord,
} from 'aws-lambda';

/**
 * Reads a DynamoDB stream the way Lambda's event source mapping does: every shard, parents
 * before children, records in sequence order, remembering per shard where it stopped. Works
 * against DynamoDB Local (same endpoint as DynamoDB) and AWS alike. The local runtime polls
 * `readNewRecords` and hands what it returns, as `toLambdaStreamEvent(...)`, to the function;
 * the integration tests use it to deliver real REMOVE records to the todo-deleted handler.
 */

export type StartingPosition = 'TRIM_HORIZON' | 'LATEST';

/** Where the reader is in one shard; a runtime may pre-fill these to resume from a checkpoint. */
export interface ShardCursor {
  parentShardId: string | undefined;
  /** An iterator to continue with; absent until first read or after it expired. */
  iterator: string | undefined;
  /** Last record handed out, to resume with AFTER_SEQUENCE_NUMBER when an iterator is lost. */
  lastSequenceNumber: string | undefined;
  /** Where to start when there is neither an iterator nor a last sequence number. */
  start: StartingPosition;
  /** A closed shard whose records have all been read. */
  done: boolean;
}

export interface StreamReaderState {
  readonly startingPosition: StartingPosition;
  readonly shards: Map<string, ShardCursor>;
  started: boolean;
}

/**
 * `startingPosition` applies to the shards that exist on the first read (as the mapping's
 * StartingPosition does); shards that appear later are always read from their beginning.
 */
export function createStreamReaderState(
  startingPosition: StartingPosition = 'TRIM_HORIZON',
): StreamReaderState {
  return { startingPosition, shards: new Map(), started: false };
}

async function describeShards(client: DynamoDBStreamsClient, streamArn: string): Promise<Shard[]> {
  const shards: Shard[] = [];
  let exclusiveStartShardId: string | undefined;
  do {
    const { StreamDescription } = await client.send(
      new DescribeStreamCommand({
        StreamArn: streamArn,
        ...(exclusiveStartShardId ? { ExclusiveStartShardId: exclusiveStartShardId } : {}),
      }),
    );
    shards.push(...(StreamDescription?.Shards ?? []));
    exclusiveStartShardId = StreamDescription?.LastEvaluatedShardId;
  } while (exclusiveStartShardId);
  return shards;
}

async function shardIterator(
  client: DynamoDBStreamsClient,
  streamArn: string,
  shardId: string,
  cursor: ShardCursor,
): Promise<string | undefined> {
  const type: ShardIteratorType = cursor.lastSequenceNumber ? 'AFTER_SEQUENCE_NUMBER' : cursor.start;
  const { ShardIterator } = await client.send(
    new GetShardIteratorCommand({
      StreamArn: streamArn,
      ShardId: shardId,
      ShardIteratorType: type,
      ...(cursor.lastSequenceNumber ? { SequenceNumber: cursor.lastSequenceNumber } : {}),
    }),
  );
  return ShardIterator;
}

const errorName = (error: unknown) => (error as { name?: string } | null)?.name;

/** Drain one shard from where it stopped; marks it done when it is closed and fully read. */
async function readShard(
  client: DynamoDBStreamsClient,
  streamArn: string,
  shardId: string,
  cursor: ShardCursor,
  maxRecords: number,
): Promise<_Record[]> {
  const records: _Record[] = [];
  let retriedIterator = false;
  while (!cursor.done && records.length < maxRecords) {
    cursor.iterator ??= await shardIterator(client, streamArn, shardId, cursor);
    if (!cursor.iterator) {
      cursor.done = true;
      break;
    }
    let page: { Records?: _Record[]; NextShardIterator?: string };
    try {
      page = await client.send(
        new GetRecordsCommand({ ShardIterator: cursor.iterator, Limit: Math.min(1000, maxRecords) }),
      );
    } catch (error) {
      const name = errorName(error);
      if (!retriedIterator && name === 'ExpiredIteratorException') {
        // Iterators expire (15 minutes on AWS); resume right after the last record handed out.
        cursor.iterator = undefined;
        retriedIterator = true;
        continue;
      }
      if (!retriedIterator && name === 'TrimmedDataAccessException') {
        // What we had not read yet is gone (24 h retention); carry on from the oldest record left.
        cursor.iterator = undefined;
        cursor.lastSequenceNumber = undefined;
        cursor.start = 'TRIM_HORIZON';
        retriedIterator = true;
        continue;
      }
      throw error;
    }
    const batch = page.Records ?? [];
    records.push(...batch);
    const last = batch.at(-1)?.dynamodb?.SequenceNumber;
    if (last) cursor.lastSequenceNumber = last;
    cursor.iterator = page.NextShardIterator;
    if (!cursor.iterator) cursor.done = true;
    // An open shard answers an empty page once it is caught up.
    if (batch.length === 0) break;
  }
  return records;
}

/**
 * Every record written since the previous call with the same `state`, oldest first. Shards are
 * discovered on each call; a child shard is read only after its parent is drained.
 */
export async function readNewRecords(
  client: DynamoDBStreamsClient,
  streamArn: string,
  state: StreamReaderState,
  options: { maxRecords?: number } = {},
): Promise<_Record[]> {
  const maxRecords = options.maxRecords ?? 10_000;
  const shards = await describeShards(client, streamArn);
  for (const shard of shards) {
    if (!shard.ShardId) continue;
    const known = state.shards.get(shard.ShardId);
    if (known) {
      // A cursor restored from a checkpoint does not know its parent; the stream does.
      known.parentShardId ??= shard.ParentShardId;
      continue;
    }
    const start = state.started ? 'TRIM_HORIZON' : state.startingPosition;
    // From LATEST, a shard that is already closed has nothing new to give.
    const closed = shard.SequenceNumberRange?.EndingSequenceNumber !== undefined;
    state.shards.set(shard.ShardId, {
      parentShardId: shard.ParentShardId,
      iterator: undefined,
      lastSequenceNumber: undefined,
      start,
      done: start === 'LATEST' && closed,
    });
  }
  state.started = true;

  const records: _Record[] = [];
  const finished = new Set<string>();
  // Parents first: repeat passes until no shard that may be read is left unread.
  for (let progress = true; progress && records.length < maxRecords; ) {
    progress = false;
    for (const [shardId, cursor] of state.shards) {
      if (finished.has(shardId)) continue;
      const parent = cursor.parentShardId ? state.shards.get(cursor.parentShardId) : undefined;
      if (parent && !parent.done) continue;
      records.push(...(await readShard(client, streamArn, shardId, cursor, maxRecords - records.length)));
      finished.add(shardId);
      progress = true;
    }
  }
  return records;
}

function toLambdaAttribute(value: AttributeValue): LambdaAttributeValue {
  const v = value as unknown as Record<string, unknown>;
  const base64 = (bytes: unknown) => Buffer.from(bytes as Uint8Array).toString('base64');
  if (v.B !== undefined) return { B: base64(v.B) };
  if (v.BS !== undefined) return { BS: (v.BS as Uint8Array[]).map(base64) };
  if (v.M !== undefined) return { M: toLambdaImage(v.M as Record<string, AttributeValue>) };
  if (v.L !== undefined) return { L: (v.L as AttributeValue[]).map(toLambdaAttribute) };
  return v as LambdaAttributeValue;
}

function toLambdaImage(image: Record<string, AttributeValue>): Record<string, LambdaAttributeValue> {
  return Object.fromEntries(Object.entries(image).map(([k, v]) => [k, toLambdaAttribute(v)]));
}

/**
 * One stream record as Lambda delivers it (epoch-seconds time, base64 binaries, source ARN).
 * DynamoDB Local reports its region as "ddblocal"; pass `region` to show the stack's region.
 */
export function toLambdaRecord(record: _Record, streamArn: string, region?: string): DynamoDBRecord {
  const d = record.dynamodb ?? {};
  const dynamodb: LambdaStreamRecord = {
    ...(d.ApproximateCreationDateTime
      ? { ApproximateCreationDateTime: Math.floor(d.ApproximateCreationDateTime.getTime() / 1000) }
      : {}),
    ...(d.Keys ? { Keys: toLambdaImage(d.Keys) } : {}),
    ...(d.NewImage ? { NewImage: toLambdaImage(d.NewImage) } : {}),
    ...(d.OldImage ? { OldImage: toLambdaImage(d.OldImage) } : {}),
    ...(d.SequenceNumber ? { SequenceNumber: d.SequenceNumber } : {}),
    ...(d.SizeBytes !== undefined ? { SizeBytes: d.SizeBytes } : {}),
    ...(d.StreamViewType ? { StreamViewType: d.StreamViewType } : {}),
  };
  return {
    ...(record.eventID ? { eventID: record.eventID } : {}),
    ...(record.eventName ? { eventName: record.eventName } : {}),
    eventVersion: record.eventVersion ?? '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: region ?? record.awsRegion ?? 'us-east-1',
    dynamodb,
    eventSourceARN: streamArn,
    ...(record.userIdentity ? { userIdentity: record.userIdentity } : {}),
  };
}

export function toLambdaStreamEvent(
  records: _Record[],
  streamArn: string,
  region?: string,
): DynamoDBStreamEvent {
  return { Records: records.map((r) => toLambdaRecord(r, streamArn, region)) };
}
