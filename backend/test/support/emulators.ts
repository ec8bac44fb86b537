import { DescribeTableCommand, DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import {
  GetObjectCommand,
  HeadObjectCommand,
  ListObjectsV2Command,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { DynamoDBDocumentClient, GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { DynamoDBRecord, S3Event, S3EventRecord } from 'aws-lambda';
import {
  createStreamReaderState,
  readNewRecords,
  toLambdaRecord,
} from '../../../local/event-sources/dynamodb-stream-reader';
import { s3Events } from './s3-events';

/**
 * Direct access to the emulators behind the handlers (DynamoDB Local, s3rver), for arranging
 * and for checking what really is stored: never through the code under test.
 */
const region = process.env.AWS_REGION ?? 'us-east-1';
const dynamodbEndpoint = process.env.AWS_ENDPOINT_URL_DYNAMODB!;
const s3Endpoint = process.env.AWS_ENDPOINT_URL_S3!;
export const TODOS_TABLE = process.env.TODOS_TABLE!;
export const FILES_TABLE = process.env.FILES_TABLE!;
export const BUCKET = process.env.ATTACHMENTS_BUCKET!;
export const MAX_UPLOAD_BYTES = Number(process.env.MAX_UPLOAD_BYTES);
export const MAX_FILES_PER_TODO = Number(process.env.MAX_FILES_PER_TODO);
export const URL_TTL_SECONDS = Number(process.env.URL_TTL_SECONDS);

const dynamodb = new DynamoDBClient({ endpoint: dynamodbEndpoint, region });
const documents = DynamoDBDocumentClient.from(dynamodb);
const s3 = new S3Client({ endpoint: s3Endpoint, region, forcePathStyle: true });

export async function storedTodo(userId: string, todoId: string) {
  const { Item } = await documents.send(
    new GetCommand({ TableName: TODOS_TABLE, Key: { userId, todoId }, ConsistentRead: true }),
  );
  return Item;
}

/** Every file record under a todo, whoever owns it. */
export async function storedFiles(todoId: string) {
  const { Items } = await documents.send(
    new QueryCommand({
      TableName: FILES_TABLE,
      KeyConditionExpression: 'todoId = :t',
      ExpressionAttributeValues: { ':t': todoId },
      ConsistentRead: true,
    }),
  );
  return Items ?? [];
}

export async function objectKeys(prefix: string): Promise<string[]> {
  const { Contents } = await s3.send(new ListObjectsV2Command({ Bucket: BUCKET, Prefix: prefix }));
  return (Contents ?? []).map((o) => o.Key!).sort();
}

export async function objectExists(key: string): Promise<boolean> {
  try {
    await s3.send(new HeadObjectCommand({ Bucket: BUCKET, Key: key }));
    return true;
  } catch (error) {
    if ((error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === 404)
      return false;
    throw error;
  }
}

export async function objectBytes(key: string): Promise<Buffer> {
  const { Body } = await s3.send(new GetObjectCommand({ Bucket: BUCKET, Key: key }));
  return Buffer.from(await Body!.transformToByteArray());
}

/** Put an object straight into the bucket, as something other than our upload flow would. */
export async function putObjectDirectly(key: string, body: string): Promise<void> {
  await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: body, ContentType: 'text/plain' }));
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The real s3rver ObjectCreated record(s) for `key`, as S3 would deliver them to the function
 * (`{Records}`); waits briefly, since s3rver emits them around the response.
 */
export async function s3EventFor(key: string, count = 1): Promise<S3Event> {
  const deadline = Date.now() + 5_000;
  for (;;) {
    const records = s3Events.filter(
      (r) => r.eventName.startsWith('ObjectCreated:') && r.s3.object.key === key,
    );
    if (records.length >= count) return { Records: records as S3EventRecord[] };
    if (Date.now() > deadline) throw new Error(`No ObjectCreated event for ${key} from s3rver`);
    await sleep(10);
  }
}

// ---- DynamoDB Local stream of the todos table --------------------------------------------

const streams = new DynamoDBStreamsClient({ endpoint: dynamodbEndpoint, region });

export async function todosStreamArn(): Promise<string> {
  const { Table } = await dynamodb.send(new DescribeTableCommand({ TableName: TODOS_TABLE }));
  if (!Table?.LatestStreamArn) throw new Error(`${TODOS_TABLE} has no stream`);
  return Table.LatestStreamArn;
}

/**
 * A reader of the todos table's stream that only sees what is written after it was opened, and
 * hands records over in Lambda's shape.
 */
export async function openTodosStream() {
  const arn = await todosStreamArn();
  const state = createStreamReaderState('LATEST');
  await readNewRecords(streams, arn, state);
  return {
    arn,
    /** Waits until `predicate` matches at least one new record; returns every new record. */
    async next(predicate: (record: DynamoDBRecord) => boolean): Promise<DynamoDBRecord[]> {
      const records: DynamoDBRecord[] = [];
      const deadline = Date.now() + 5_000;
      for (;;) {
        records.push(
          ...(await readNewRecords(streams, arn, state)).map((r) => toLambdaRecord(r, arn, region)),
        );
        if (records.some(predicate)) return records;
        if (Date.now() > deadline) throw new Error('Expected stream record did not arrive');
        await sleep(25);
      }
    },
    /** Every record written since the last read. */
    async drain(): Promise<DynamoDBRecord[]> {
      return (await readNewRecords(streams, arn, state)).map((r) => toLambdaRecord(r, arn, region));
    },
  };
}
