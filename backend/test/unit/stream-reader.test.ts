import {
  type _Record,
  DescribeStreamCommand,
  DynamoDBStreamsClient,
  ExpiredIteratorException,
  GetRecordsCommand,
  GetShardIteratorCommand,
} from '@aws-sdk/client-dynamodb-streams';
import { mockClient } from 'aws-sdk-client-mock';
import { beforeEach, describe, expect, it } from 'vitest';
import {
  createStreamReaderState,
  readNewRecords,
  toLambdaRecord,
} from '../../../local/event-sources/dynamodb-stream-reader';

const ARN = 'arn:aws:dynamodb:us-east-1:000000000000:table/Todos/stream/2025-01-01T00:00:00.000';
const streams = mockClient(DynamoDBStreamsClient);
const client = new DynamoDBStreamsClient({ region: 'us-east-1' });

interface FakeShard {
  id: string;
  parent?: string;
  closed: boolean;
  records: _Record[];
}

/**
 * A fake stream whose shards the test edits; iterators are "shardId|nextIndex|generation", and
 * `expireIterators()` makes every iterator handed out so far expire, as AWS does after 15 minutes.
 */
function fakeStream(shards: FakeShard[]) {
  let generation = 0;
  streams.on(DescribeStreamCommand).callsFake(() => ({
    StreamDescription: {
      Shards: shards.map((s) => ({
        ShardId: s.id,
        ...(s.parent ? { ParentShardId: s.parent } : {}),
        SequenceNumberRange: {
          StartingSequenceNumber: '0',
          ...(s.closed ? { EndingSequenceNumber: '999' } : {}),
        },
      })),
    },
  }));
  streams.on(GetShardIteratorCommand).callsFake((input) => {
    const shard = shards.find((s) => s.id === input.ShardId)!;
    const index =
      input.ShardIteratorType === 'TRIM_HORIZON'
        ? 0
        : input.ShardIteratorType === 'LATEST'
          ? shard.records.length
          : shard.records.findIndex((r) => r.dynamodb?.SequenceNumber === input.SequenceNumber) + 1;
    return { ShardIterator: `${shard.id}|${index}|${generation}` };
  });
  streams.on(GetRecordsCommand).callsFake((input) => {
    const [id, at, issued] = String(input.ShardIterator).split('|');
    if (Number(issued) < generation) {
      throw new ExpiredIteratorException({ message: 'Iterator expired', $metadata: {} });
    }
    const shard = shards.find((s) => s.id === id)!;
    const from = Number(at);
    const page = shard.records.slice(from, from + 2); // small pages, to exercise paging
    const next = from + page.length;
    const drained = shard.closed && next >= shard.records.length;
    return { Records: page, ...(drained ? {} : { NextShardIterator: `${id}|${next}|${issued}` }) };
  });
  return {
    expireIterators: () => {
      generation += 1;
    },
  };
}

let sequence = 0;
function record(eventName: 'INSERT' | 'MODIFY' | 'REMOVE', todoId: string): _Record {
  sequence += 1;
  return {
    eventName,
    dynamodb: {
      Keys: { userId: { S: 'u' }, todoId: { S: todoId } },
      SequenceNumber: String(sequence).padStart(10, '0'),
    },
  };
}
const ids = (records: _Record[]) => records.map((r) => r.dynamodb?.Keys?.todoId?.S);

beforeEach(() => {
  streams.reset();
});

describe('readNewRecords', () => {
  it('returns every record of a shard in order, across pages', async () => {
    // Arrange
    fakeStream([
      { id: 's1', closed: false, records: ['a', 'b', 'c', 'd', 'e'].map((t) => record('INSERT', t)) },
    ]);
    // Act
    const records = await readNewRecords(client, ARN, createStreamReaderState());
    // Assert
    expect(ids(records)).toEqual(['a', 'b', 'c', 'd', 'e']);
  });

  it('returns only records written since the previous call with the same state', async () => {
    // Arrange
    const shard: FakeShard = { id: 's1', closed: false, records: [record('INSERT', 'a')] };
    fakeStream([shard]);
    const state = createStreamReaderState();
    // Act
    const first = await readNewRecords(client, ARN, state);
    shard.records.push(record('MODIFY', 'a'), record('REMOVE', 'a'));
    const second = await readNewRecords(client, ARN, state);
    const third = await readNewRecords(client, ARN, state);
    // Assert
    expect(first.map((r) => r.eventName)).toEqual(['INSERT']);
    expect(second.map((r) => r.eventName)).toEqual(['MODIFY', 'REMOVE']);
    expect(third).toEqual([]);
  });

  it('reads a parent shard to its end before its child, whatever order the shards are listed in', async () => {
    // Arrange
    fakeStream([
      { id: 'child', parent: 'parent', closed: false, records: [record('REMOVE', 'c1')] },
      {
        id: 'parent',
        closed: true,
        records: [record('INSERT', 'p1'), record('INSERT', 'p2'), record('INSERT', 'p3')],
      },
    ]);
    // Act
    const records = await readNewRecords(client, ARN, createStreamReaderState());
    // Assert
    expect(ids(records)).toEqual(['p1', 'p2', 'p3', 'c1']);
  });

  it('starts existing shards at LATEST when asked, but reads shards that appear later from their start', async () => {
    // Arrange
    const shards: FakeShard[] = [{ id: 's1', closed: false, records: [record('INSERT', 'old')] }];
    fakeStream(shards);
    const state = createStreamReaderState('LATEST');
    // Act
    const first = await readNewRecords(client, ARN, state);
    shards[0]!.records.push(record('REMOVE', 'new'));
    shards[0]!.closed = true;
    shards.push({ id: 's2', parent: 's1', closed: false, records: [record('INSERT', 'later')] });
    const second = await readNewRecords(client, ARN, state);
    // Assert
    expect(first).toEqual([]);
    expect(ids(second)).toEqual(['new', 'later']);
  });

  it('resumes right after the last record it returned when an iterator has expired', async () => {
    // Arrange
    const shard: FakeShard = {
      id: 's1',
      closed: false,
      records: [record('INSERT', 'a'), record('INSERT', 'b')],
    };
    const stream = fakeStream([shard]);
    const state = createStreamReaderState();
    await readNewRecords(client, ARN, state);
    shard.records.push(record('REMOVE', 'a'));
    stream.expireIterators();
    // Act
    const records = await readNewRecords(client, ARN, state);
    // Assert
    expect(records.map((r) => r.eventName)).toEqual(['REMOVE']);
    const resumed = streams.commandCalls(GetShardIteratorCommand).at(-1)?.args[0].input;
    expect(resumed).toMatchObject({
      ShardIteratorType: 'AFTER_SEQUENCE_NUMBER',
      SequenceNumber: shard.records[1]?.dynamodb?.SequenceNumber,
    });
  });
  it('resumes from a restored checkpoint, still reading the parent shard before its child', async () => {
    // Arrange
    const parent: FakeShard = {
      id: 'parent',
      closed: true,
      records: [record('INSERT', 'p1'), record('REMOVE', 'p2')],
    };
    const child: FakeShard = {
      id: 'child',
      parent: 'parent',
      closed: false,
      records: [record('INSERT', 'c1')],
    };
    fakeStream([child, parent]);
    const state = createStreamReaderState();
    const restored = (lastSequenceNumber: string | undefined) => ({
      parentShardId: undefined,
      iterator: undefined,
      lastSequenceNumber,
      start: 'TRIM_HORIZON' as const,
      done: false,
    });
    state.shards.set('child', restored(undefined));
    state.shards.set('parent', restored(parent.records[0]?.dynamodb?.SequenceNumber));
    // Act
    const records = await readNewRecords(client, ARN, state);
    // Assert
    expect(ids(records)).toEqual(['p2', 'c1']);
  });
});

describe('toLambdaRecord', () => {
  it('shapes a record as Lambda delivers it: epoch seconds, base64 binaries, the source ARN', () => {
    // Arrange
    const raw: _Record = {
      eventID: 'e1',
      eventName: 'REMOVE',
      eventVersion: '1.1',
      eventSource: 'aws:dynamodb',
      awsRegion: 'ddblocal',
      dynamodb: {
        ApproximateCreationDateTime: new Date('2025-01-02T03:04:05.678Z'),
        Keys: { userId: { S: 'u' }, todoId: { S: 't' } },
        OldImage: {
          userId: { S: 'u' },
          blob: { B: new Uint8Array([1, 2, 255]) },
          nested: { M: { list: { L: [{ B: new Uint8Array([0]) }, { N: '5' }] } } },
          flag: { BOOL: true },
        },
        SequenceNumber: '42',
        SizeBytes: 10,
        StreamViewType: 'OLD_IMAGE',
      },
    };
    // Act
    const record = toLambdaRecord(raw, ARN, 'eu-west-1');
    // Assert
    expect(record).toMatchObject({
      eventID: 'e1',
      eventName: 'REMOVE',
      eventSource: 'aws:dynamodb',
      awsRegion: 'eu-west-1',
      eventSourceARN: ARN,
      dynamodb: {
        ApproximateCreationDateTime: Date.UTC(2025, 0, 2, 3, 4, 5) / 1000,
        Keys: { userId: { S: 'u' }, todoId: { S: 't' } },
        OldImage: {
          blob: { B: Buffer.from([1, 2, 255]).toString('base64') },
          nested: { M: { list: { L: [{ B: 'AA==' }, { N: '5' }] } } },
          flag: { BOOL: true },
        },
        SequenceNumber: '42',
        StreamViewType: 'OLD_IMAGE',
      },
    });
  });
});
