import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { AttributeValue, DynamoDBBatchResponse, DynamoDBRecord, DynamoDBStreamEvent } from 'aws-lambda';
import { thumbnailDepsFromEnv } from '../../files/thumbnail-deps';
import { makeThumbnail, removeThumbnail } from '../../files/thumbnails';
import { logger, setLogContext } from '../../lib/logger';

const deps = thumbnailDepsFromEnv();

type Image = Record<string, AttributeValue> | undefined;
const plain = (image: Image) =>
  // aws-lambda's and the SDK's AttributeValue types differ only in optionality.
  image ? (unmarshall(image as Parameters<typeof unmarshall>[0]) as Record<string, unknown>) : undefined;
const str = (value: unknown) => (typeof value === 'string' ? value : undefined);

async function handleRecord(record: DynamoDBRecord): Promise<void> {
  const before = plain(record.dynamodb?.OldImage);
  const after = plain(record.dynamodb?.NewImage);
  if (record.eventName === 'REMOVE' && before) {
    const objectKey = str(before.objectKey);
    const contentType = str(before.contentType);
    if (objectKey && contentType) await removeThumbnail(deps, { objectKey, contentType });
    return;
  }
  // pending → available only (the template filters the same): a later change to an available
  // file, including recording its thumbnail, makes no new thumbnail.
  if (record.eventName !== 'MODIFY' || before?.status !== 'pending' || after?.status !== 'available') return;
  const [userId, todoId, fileId, objectKey, contentType] = [
    after.userId,
    after.todoId,
    after.fileId,
    after.objectKey,
    after.contentType,
  ].map(str);
  if (!userId || !todoId || !fileId || !objectKey || !contentType) return;
  // An unreadable size counts as too large: no thumbnail rather than an unbounded read.
  const size = typeof after.size === 'number' ? after.size : Number.POSITIVE_INFINITY;
  await makeThumbnail(deps, { userId, todoId, fileId, objectKey, contentType, size });
}

/**
 * FilesTable stream, filtered in the template to uploads becoming available (image types) and to
 * removed records. Bad images end in a log line inside makeThumbnail; an S3 or DynamoDB error
 * reports the record as failed, so Lambda retries from there (every step is idempotent).
 */
export async function handler(
  event: DynamoDBStreamEvent,
  context?: { awsRequestId?: string },
): Promise<DynamoDBBatchResponse> {
  setLogContext({ awsRequestId: context?.awsRequestId });
  for (const record of event.Records ?? []) {
    try {
      await handleRecord(record);
    } catch (error) {
      logger.error('thumbnail handling failed', { eventName: record.eventName, error });
      return { batchItemFailures: [{ itemIdentifier: record.dynamodb?.SequenceNumber ?? '' }] };
    }
  }
  return { batchItemFailures: [] };
}
