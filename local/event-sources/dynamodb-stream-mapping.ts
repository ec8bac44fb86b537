import type { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBRecord } from 'aws-lambda';
import type { CheckpointStore } from './checkpoints';
import {
  createStreamReaderState,
  readNewRecords,
  type StreamReaderState,
  toLambdaRecord,
} from './dynamodb-stream-reader';
import { type FilterPattern, passesFilters } from './event-filter';
import { type BatchOutcome, type BatchPolicy, deliverInOrder } from './stream-batches';

/**
 * A DynamoDB event source mapping: polls the table's real stream (DynamoDB Local's Streams API,
 * read with dynamodb-stream-reader.ts), drops records the filter criteria reject, waits up to the batching
 * window for a batch to fill, and hands batches to the function in order (stream-batches.ts).
 * Its position is saved whenever everything read so far has been handled.
 */
export interface StreamMappingOptions {
  /** Names the mapping in the checkpoint file (function + event name). */
  id: string;
  client: DynamoDBStreamsClient;
  streamArn: string;
  region: string;
  startingPosition: 'TRIM_HORIZON' | 'LATEST';
  batchWindowMs: number;
  filters: FilterPattern[];
  policy: BatchPolicy;
  invoke(records: DynamoDBRecord[]): Promise<BatchOutcome>;
  checkpoints: CheckpointStore;
  onDiscard(records: DynamoDBRecord[], reason: string): void;
  log(level: 'debug' | 'info' | 'warn', message: string): void;
  /** Lambda polls a stream about four times a second. */
  pollIntervalMs?: number;
}

/** Records read per poll at most; a full read means more are waiting. */
const MAX_READ = 1000;

type Cursor = StreamReaderState['shards'] extends Map<string, infer C> ? C : never;

export class DynamoDbStreamMapping {
  readonly #options: StreamMappingOptions;
  #state: StreamReaderState;
  #stopped = false;
  #loop: Promise<void> | undefined;
  #wake: (() => void) | undefined;

  constructor(options: StreamMappingOptions) {
    this.#options = options;
    this.#state = this.#resumedState();
  }

  /** Reader state starting right after the saved position, or at the mapping's StartingPosition. */
  #resumedState(): StreamReaderState {
    const state = createStreamReaderState(this.#options.startingPosition);
    for (const [shardId, sequenceNumber] of Object.entries(this.#options.checkpoints.get(this.#options.id))) {
      const cursor: Cursor = {
        parentShardId: undefined,
        iterator: undefined,
        lastSequenceNumber: sequenceNumber,
        start: 'TRIM_HORIZON',
        done: false,
      };
      state.shards.set(shardId, cursor);
    }
    return state;
  }

  #save() {
    const shards: Record<string, string> = {};
    for (const [shardId, cursor] of this.#state.shards) {
      if (cursor.lastSequenceNumber) shards[shardId] = cursor.lastSequenceNumber;
    }
    this.#options.checkpoints.set(this.#options.id, shards);
  }

  #sleep(ms: number): Promise<void> {
    if (this.#stopped) return Promise.resolve();
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.#wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });
  }

  start(): void {
    this.#loop ??= this.#run();
  }

  async #run(): Promise<void> {
    const o = this.#options;
    const pollMs = o.pollIntervalMs ?? 250;
    let pending: DynamoDBRecord[] = [];
    let firstPendingAt = 0;
    let lastSaved = '';
    while (!this.#stopped) {
      let read: Awaited<ReturnType<typeof readNewRecords>>;
      try {
        read = await readNewRecords(o.client, o.streamArn, this.#state, { maxRecords: MAX_READ });
      } catch (error) {
        if (this.#stopped) return;
        const name = (error as Error).name;
        o.log('warn', `reading ${o.streamArn} failed (${name}: ${(error as Error).message}); retrying`);
        // A saved shard that no longer exists (the table was recreated): start over on the stream.
        if (name === 'ResourceNotFoundException' || name === 'ValidationException') {
          this.#state = createStreamReaderState('TRIM_HORIZON');
          pending = [];
        }
        await this.#sleep(1000);
        continue;
      }
      const records = read
        .map((r) => toLambdaRecord(r, o.streamArn, o.region))
        .filter((r) => passesFilters(o.filters, r));
      if (records.length > 0 && pending.length === 0) firstPendingAt = Date.now();
      pending.push(...records);
      const windowOver = Date.now() - firstPendingAt >= o.batchWindowMs;
      if (pending.length > 0 && (pending.length >= o.policy.batchSize || windowOver)) {
        const batch = pending;
        pending = [];
        await deliverInOrder(batch, o.policy, {
          invoke: (records) => o.invoke(records),
          checkpoint: () => {},
          discard: (records, reason) => o.onDiscard(records, reason),
          sleep: (ms) => this.#sleep(ms),
          stopped: () => this.#stopped,
        });
        if (this.#stopped) return;
      }
      // Saved only when nothing read is still waiting: a restart then never skips a record.
      if (pending.length === 0) {
        const snapshot = JSON.stringify([...this.#state.shards].map(([id, c]) => [id, c.lastSequenceNumber]));
        if (snapshot !== lastSaved) {
          this.#save();
          lastSaved = snapshot;
        }
      }
      // Poll again at once only while a backlog remains (a full read); otherwise at Lambda's pace,
      // or sooner when a batching window is about to close.
      if (read.length < MAX_READ) {
        const untilWindow =
          pending.length > 0 ? Math.max(10, o.batchWindowMs - (Date.now() - firstPendingAt)) : pollMs;
        await this.#sleep(Math.min(pollMs, untilWindow));
      }
    }
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    this.#wake?.();
    await this.#loop;
  }
}
