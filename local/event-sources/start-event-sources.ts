import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import type { DynamoDBRecord } from 'aws-lambda';
import type { FunctionConfig } from '../lambda/catalog';
import type { LocalFunction } from '../lambda/local-function';
import type { Logger } from '../log';
import { CheckpointStore } from './checkpoints';
import { recordDeadLetter } from './dead-letters';
import { DynamoDbStreamMapping } from './dynamodb-stream-mapping';
import { parseFilterCriteria } from './event-filter';
import { S3Notifier, type S3ObjectEvent, s3Subscriptions } from './s3-notifications';

/**
 * The template's non-HTTP event sources wired to the local functions: one stream mapping per
 * `DynamoDB` event and one notifier for all `S3` events. Event types with no local equivalent are
 * named at start, so nobody expects them to fire.
 */
export interface EventSourceOptions {
  functions: Map<string, LocalFunction>;
  configs: FunctionConfig[];
  dynamodbEndpoint: string;
  region: string;
  credentials: { accessKeyId: string; secretAccessKey: string };
  checkpointsPath: string;
  deadLetterDir: string;
  log: Logger;
  s3RetryDelaysMs: number[];
  streamBackoffMs(attempt: number): number;
}

export interface RunningEventSources {
  publishS3(event: S3ObjectEvent): void;
  /** Resolves once every S3 event published so far has been delivered or given up. */
  s3Idle(): Promise<void>;
  mappings: number;
  /** Stops polling; resolves when in-flight deliveries ended (stop the functions meanwhile). */
  stop(): Promise<void>;
}

const SUPPORTED = new Set(['HttpApi', 'DynamoDB', 'S3']);

export function startEventSources(options: EventSourceOptions): RunningEventSources {
  const { log } = options;
  const checkpoints = new CheckpointStore(options.checkpointsPath);
  const streams = new DynamoDBStreamsClient({
    endpoint: options.dynamodbEndpoint,
    region: options.region,
    credentials: options.credentials,
  });
  const mappings: DynamoDbStreamMapping[] = [];

  for (const fn of options.configs) {
    const local = options.functions.get(fn.logicalId)!;
    for (const event of fn.events) {
      if (!SUPPORTED.has(event.type)) {
        log.warn('events', `${fn.logicalId}.${event.name}: ${event.type} events are not emulated locally`);
        continue;
      }
      if (event.type !== 'DynamoDB') continue;
      const p = event.properties as {
        Stream: string;
        StartingPosition?: string;
        BatchSize?: number;
        MaximumBatchingWindowInSeconds?: number;
        MaximumRetryAttempts?: number;
        BisectBatchOnFunctionError?: boolean;
        FunctionResponseTypes?: string[];
        FilterCriteria?: unknown;
        Enabled?: boolean;
        DestinationConfig?: { OnFailure?: { Destination?: string } };
      };
      if (p.Enabled === false) continue;
      const label = `${fn.logicalId}.${event.name}`;
      mappings.push(
        new DynamoDbStreamMapping({
          id: label,
          client: streams,
          streamArn: p.Stream,
          region: options.region,
          startingPosition: p.StartingPosition === 'LATEST' ? 'LATEST' : 'TRIM_HORIZON',
          batchWindowMs: (p.MaximumBatchingWindowInSeconds ?? 0) * 1000,
          filters: parseFilterCriteria(p.FilterCriteria),
          policy: {
            batchSize: p.BatchSize ?? 100,
            maxRetryAttempts: p.MaximumRetryAttempts ?? -1,
            bisectOnError: p.BisectBatchOnFunctionError ?? false,
            reportBatchItemFailures: (p.FunctionResponseTypes ?? []).includes('ReportBatchItemFailures'),
            backoffMs: options.streamBackoffMs,
          },
          checkpoints,
          invoke: async (records: DynamoDBRecord[]) => {
            const kinds = [...new Set(records.map((r) => r.eventName))].join(', ');
            log.info('stream', `${records.length} record(s) (${kinds}) → ${fn.logicalId}`);
            const result = await local.invoke({ Records: records });
            if (!result.ok)
              log.warn(
                'stream',
                `${fn.logicalId} failed: ${result.error.errorType}: ${result.error.errorMessage}`,
              );
            return result;
          },
          onDiscard: (records, reason) => {
            const path = recordDeadLetter(options.deadLetterDir, fn.logicalId, {
              source: label,
              reason,
              payload: { Records: records },
            });
            log.warn(
              'stream',
              `${records.length} record(s) for ${fn.logicalId} given up after retries (${reason}); kept in ${path}` +
                (p.DestinationConfig?.OnFailure?.Destination
                  ? ` (on AWS they would go to ${p.DestinationConfig.OnFailure.Destination})`
                  : ''),
            );
          },
          log: (level, message) => log[level]('stream', message),
        }),
      );
    }
  }

  const notifier = new S3Notifier({
    subscriptions: s3Subscriptions(options.configs),
    region: options.region,
    retryDelaysMs: options.s3RetryDelaysMs,
    invoke: async (functionLogicalId, event) => {
      const record = event.Records[0]!;
      log.info(
        's3',
        `${record.eventName} s3://${record.s3.bucket.name}/${record.s3.object.key} → ${functionLogicalId}`,
      );
      const result = await options.functions.get(functionLogicalId)!.invoke(event);
      if (!result.ok)
        log.warn(
          's3',
          `${functionLogicalId} failed: ${result.error.errorType}: ${result.error.errorMessage}`,
        );
      return result;
    },
    onDiscard: (functionLogicalId, event, reason) => {
      const path = recordDeadLetter(options.deadLetterDir, functionLogicalId, {
        source: 'S3',
        reason,
        payload: event,
      });
      const destination = options.configs.find((c) => c.logicalId === functionLogicalId)?.asyncInvoke
        .onFailure;
      const onAws = destination ? ` (on AWS it would go to ${destination})` : '';
      log.warn(
        's3',
        `event for ${functionLogicalId} given up after retries (${reason}); kept in ${path}${onAws}`,
      );
    },
    log: (level, message) => log[level]('s3', message),
  });

  for (const mapping of mappings) mapping.start();

  return {
    publishS3: (event) => notifier.publish(event),
    s3Idle: () => notifier.idle(),
    mappings: mappings.length,
    async stop() {
      notifier.stop();
      await Promise.all(mappings.map((m) => m.stop()));
      streams.destroy();
    },
  };
}
