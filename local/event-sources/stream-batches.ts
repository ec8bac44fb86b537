/**
 * How a DynamoDB event source mapping feeds a function: records in order, in batches of at most
 * `batchSize`; a batch is retried while the function fails (split in halves first when
 * `bisectOnError`), until it succeeds or `maxRetryAttempts` is used up and it is discarded; with
 * ReportBatchItemFailures, a reported record and everything after it is retried, everything
 * before it is done. Pure logic, driven by the stream reader, so it can be tested on its own.
 */
export interface SequencedRecord {
  dynamodb?: { SequenceNumber?: string };
}

export interface BatchPolicy {
  batchSize: number;
  /** -1: retry until the records expire (Lambda's default). */
  maxRetryAttempts: number;
  bisectOnError: boolean;
  reportBatchItemFailures: boolean;
  backoffMs(attempt: number): number;
}

export type BatchOutcome =
  | { ok: true; value: unknown }
  | { ok: false; error: { errorType: string; errorMessage: string } };

export interface BatchHooks<R> {
  invoke(batch: R[]): Promise<BatchOutcome>;
  /** Everything up to and including this record is done. */
  checkpoint(record: R): void;
  discard(batch: R[], reason: string): void;
  sleep(ms: number): Promise<void>;
  stopped(): boolean;
}

const sequenceOf = (record: SequencedRecord) => record.dynamodb?.SequenceNumber ?? '';

/**
 * The index of the first record to retry, from a `batchItemFailures` response: -1 when the batch
 * succeeded, null when the response is unusable (Lambda then treats the whole batch as failed).
 */
export function firstFailure<R extends SequencedRecord>(batch: R[], response: unknown): number | null {
  const failures = (response as { batchItemFailures?: unknown } | null)?.batchItemFailures;
  if (failures === undefined || failures === null) return -1;
  if (!Array.isArray(failures)) return null;
  if (failures.length === 0) return -1;
  let first = Number.POSITIVE_INFINITY;
  for (const failure of failures) {
    const id = (failure as { itemIdentifier?: unknown } | null)?.itemIdentifier;
    const index = typeof id === 'string' && id !== '' ? batch.findIndex((r) => sequenceOf(r) === id) : -1;
    if (index < 0) return null;
    first = Math.min(first, index);
  }
  return first;
}

export async function deliverInOrder<R extends SequencedRecord>(
  records: R[],
  policy: BatchPolicy,
  hooks: BatchHooks<R>,
): Promise<void> {
  const queue = [...records];
  let attempts = 0;
  let size = policy.batchSize;
  while (queue.length > 0 && !hooks.stopped()) {
    const batch = queue.slice(0, size);
    const outcome = await hooks.invoke(batch);
    if (hooks.stopped()) return;
    let retryFrom = 0;
    let reason = '';
    if (outcome.ok) {
      const failedAt = policy.reportBatchItemFailures ? firstFailure(batch, outcome.value) : -1;
      if (failedAt === -1) {
        hooks.checkpoint(batch[batch.length - 1]!);
        queue.splice(0, batch.length);
        attempts = 0;
        size = policy.batchSize;
        continue;
      }
      if (failedAt === null) {
        reason = 'the function reported batch item failures that are not in the batch';
      } else {
        if (failedAt > 0) hooks.checkpoint(batch[failedAt - 1]!);
        retryFrom = failedAt;
        reason = `record ${sequenceOf(batch[failedAt]!)} reported as failed`;
      }
    } else {
      reason = `${outcome.error.errorType}: ${outcome.error.errorMessage}`;
    }
    queue.splice(0, retryFrom);
    const remaining = batch.slice(retryFrom);
    attempts += 1;
    if (policy.maxRetryAttempts >= 0 && attempts > policy.maxRetryAttempts) {
      hooks.discard(remaining, reason);
      hooks.checkpoint(remaining[remaining.length - 1]!);
      queue.splice(0, remaining.length);
      attempts = 0;
      size = policy.batchSize;
      continue;
    }
    size =
      !outcome.ok && policy.bisectOnError && remaining.length > 1
        ? Math.ceil(remaining.length / 2)
        : remaining.length;
    await hooks.sleep(policy.backoffMs(attempts));
  }
}
