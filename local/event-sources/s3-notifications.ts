import { randomBytes } from 'node:crypto';
import type { S3EventRecord } from 'aws-lambda';
import type { FunctionConfig } from '../lambda/catalog';
import type { BatchOutcome } from './stream-batches';

/**
 * S3 event notifications to the functions whose template `S3` event asks for them (bucket, event
 * type with wildcards, key prefix/suffix rules), shaped as S3 shapes them. S3 invokes functions
 * asynchronously: each function gets its events one at a time, in the order they happened, and a
 * failed invocation is retried twice (Lambda's default) before the event is given up.
 */
export interface S3Subscription {
  functionLogicalId: string;
  /** Event name as configured, e.g. `s3:ObjectCreated:*`. */
  events: string[];
  bucket: string;
  rules: { name: 'prefix' | 'suffix'; value: string }[];
  configurationId: string;
  /** The function's EventInvokeConfig.MaximumRetryAttempts (Lambda's default is 2). */
  maxRetries: number;
}

export interface S3ObjectEvent {
  /** e.g. `ObjectCreated:Put` */
  eventName: string;
  bucket: string;
  /** The object key, not encoded. */
  key: string;
  size?: number;
  eTag?: string;
  sourceIp?: string;
}

export function s3Subscriptions(functions: FunctionConfig[]): S3Subscription[] {
  const subscriptions: S3Subscription[] = [];
  for (const fn of functions) {
    for (const event of fn.events) {
      if (event.type !== 'S3') continue;
      const props = event.properties as {
        Bucket?: string;
        Events?: string | string[];
        Filter?: { S3Key?: { Rules?: { Name: string; Value: string }[] } };
      };
      subscriptions.push({
        functionLogicalId: fn.logicalId,
        bucket: String(props.Bucket ?? ''),
        events: Array.isArray(props.Events) ? props.Events : [String(props.Events ?? '')],
        rules: (props.Filter?.S3Key?.Rules ?? []).map((r) => ({
          name: r.Name.toLowerCase() as 'prefix' | 'suffix',
          value: r.Value,
        })),
        configurationId: `${fn.logicalId}${event.name}`,
        maxRetries: fn.asyncInvoke.maxRetries,
      });
    }
  }
  return subscriptions;
}

function eventMatches(configured: string, eventName: string): boolean {
  const full = `s3:${eventName}`;
  return configured.endsWith(':*') ? full.startsWith(configured.slice(0, -1)) : configured === full;
}

export function subscriptionMatches(subscription: S3Subscription, event: S3ObjectEvent): boolean {
  return (
    subscription.bucket === event.bucket &&
    subscription.events.some((e) => eventMatches(e, event.eventName)) &&
    subscription.rules.every((rule) =>
      rule.name === 'prefix' ? event.key.startsWith(rule.value) : event.key.endsWith(rule.value),
    )
  );
}

/** Keys in notifications are URL-encoded, with spaces as '+'. */
export function encodeNotificationKey(key: string): string {
  return key
    .split('/')
    .map((segment) => encodeURIComponent(segment).replace(/%20/g, '+'))
    .join('/');
}

export function toS3EventRecord(
  event: S3ObjectEvent,
  subscription: S3Subscription,
  region: string,
): S3EventRecord {
  return {
    eventVersion: '2.1',
    eventSource: 'aws:s3',
    awsRegion: region,
    eventTime: new Date().toISOString(),
    eventName: event.eventName,
    userIdentity: { principalId: 'AWS:LOCAL' },
    requestParameters: { sourceIPAddress: event.sourceIp ?? '127.0.0.1' },
    responseElements: {
      'x-amz-request-id': randomBytes(8).toString('hex').toUpperCase(),
      'x-amz-id-2': randomBytes(48).toString('base64'),
    },
    s3: {
      s3SchemaVersion: '1.0',
      configurationId: subscription.configurationId,
      bucket: {
        name: event.bucket,
        ownerIdentity: { principalId: 'LOCAL' },
        arn: `arn:aws:s3:::${event.bucket}`,
      },
      object: {
        key: encodeNotificationKey(event.key),
        size: event.size ?? 0,
        eTag: event.eTag ?? '',
        sequencer: Date.now().toString(16).toUpperCase().padStart(16, '0'),
      },
    },
  };
}

export interface S3NotifierOptions {
  subscriptions: S3Subscription[];
  region: string;
  invoke(functionLogicalId: string, event: { Records: S3EventRecord[] }): Promise<BatchOutcome>;
  /** Delay before retry n (the last one repeats); Lambda waits about 1 and 2 minutes, locally less. */
  retryDelaysMs: number[];
  onDiscard(functionLogicalId: string, event: { Records: S3EventRecord[] }, reason: string): void;
  log(level: 'debug' | 'info' | 'warn', message: string): void;
}

export class S3Notifier {
  readonly #options: S3NotifierOptions;
  readonly #queues = new Map<string, Promise<void>>();
  #stopped = false;

  constructor(options: S3NotifierOptions) {
    this.#options = options;
  }

  /** Queue `event` for every subscribed function; resolves once it is queued, not delivered. */
  publish(event: S3ObjectEvent): void {
    if (this.#stopped) return;
    for (const subscription of this.#options.subscriptions) {
      if (!subscriptionMatches(subscription, event)) continue;
      const payload = { Records: [toS3EventRecord(event, subscription, this.#options.region)] };
      const id = subscription.functionLogicalId;
      const previous = this.#queues.get(id) ?? Promise.resolve();
      const next = previous.then(() => this.#deliver(id, payload, event, subscription.maxRetries));
      this.#queues.set(id, next);
    }
  }

  async #deliver(
    id: string,
    payload: { Records: S3EventRecord[] },
    event: S3ObjectEvent,
    maxRetries: number,
  ): Promise<void> {
    const o = this.#options;
    const label = `${event.eventName} s3://${event.bucket}/${event.key}`;
    for (let attempt = 0; !this.#stopped; attempt++) {
      const outcome = await o.invoke(id, payload);
      if (outcome.ok) {
        o.log('debug', `${label} delivered to ${id}`);
        return;
      }
      const reason = `${outcome.error.errorType}: ${outcome.error.errorMessage}`;
      if (this.#stopped) return;
      if (attempt >= maxRetries) {
        o.onDiscard(id, payload, reason);
        return;
      }
      o.log('warn', `${label} → ${id} failed (${reason}); retry ${attempt + 1} of ${maxRetries}`);
      const delays = o.retryDelaysMs;
      await new Promise((r) => setTimeout(r, delays[Math.min(attempt, delays.length - 1)] ?? 0));
    }
  }

  /** Resolves when every queued event has been delivered or given up. */
  async idle(): Promise<void> {
    await Promise.all(this.#queues.values());
  }

  stop(): void {
    this.#stopped = true;
  }
}
