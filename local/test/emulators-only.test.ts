import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient, ListTablesCommand } from '@aws-sdk/client-dynamodb';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryLogger } from '../log';
import { type LocalStack, startLocalStack } from '../stack/start-local-stack';

/**
 * `npm run emulators`: the emulators with the template's resources and an env.json for
 * `sam local start-api --env-vars env.json`, and nothing else (no APIs, no functions, no web app).
 */
let dir: string;
let stack: LocalStack;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'local-emulators-'));
  stack = await startLocalStack({
    dataDir: join(dir, 'data'),
    envJsonPath: join(dir, 'env.json'),
    emulatorsOnly: true,
    freePorts: true,
    logger: createMemoryLogger(),
  });
});

afterAll(async () => {
  await stack?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

describe('emulators only', () => {
  it('refuses a second stack on the same data directory', async () => {
    await expect(
      startLocalStack({
        dataDir: join(dir, 'data'),
        emulatorsOnly: true,
        freePorts: true,
        logger: createMemoryLogger(),
      }),
    ).rejects.toThrow(/already using/);
  });

  it('starts the emulators with the tables, bucket and user pool, and no API or web app', async () => {
    expect(stack.apis).toEqual({});
    expect(stack.webUrl).toBeNull();
    expect(stack.functions.size).toBe(0);
    expect(stack.userPoolId).toMatch(/^local_/);
    const client = new DynamoDBClient({
      endpoint: stack.dynamodbEndpoint,
      region: 'us-east-1',
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });
    const { TableNames } = await client.send(new ListTablesCommand({}));
    client.destroy();
    expect(TableNames).toEqual(expect.arrayContaining(Object.values(stack.tables)));
  });

  it('writes env.json with every function’s template variables and endpoints Docker containers can reach', () => {
    const env = JSON.parse(readFileSync(join(dir, 'env.json'), 'utf8')) as Record<
      string,
      Record<string, string>
    >;
    const s3Port = new URL(stack.s3Endpoint).port;
    const dynamoPort = new URL(stack.dynamodbEndpoint).port;
    expect(Object.keys(env)).toEqual(
      expect.arrayContaining(['ListTodosFunction', 'CreateUploadFunction', 'TodoDeletedFunction']),
    );
    expect(env.CreateUploadFunction).toMatchObject({
      TODOS_TABLE: stack.tables.TodosTable,
      FILES_TABLE: stack.tables.FilesTable,
      ATTACHMENTS_BUCKET: stack.buckets.AttachmentsBucket,
      MAX_UPLOAD_BYTES: '5368709120',
      AWS_ENDPOINT_URL_DYNAMODB: `http://host.docker.internal:${dynamoPort}`,
      AWS_ENDPOINT_URL_S3: `http://host.docker.internal:${s3Port}`,
    });
    // The cursor key is read through the SDK from the runtime's secret store, never set in the environment.
    expect(env.ListTodosFunction?.CURSOR_SECRET).toBeUndefined();
    expect(env.ListTodosFunction?.CURSOR_SECRET_ARN).toBe(
      'arn:aws:secretsmanager:us-east-1:000000000000:secret:todo-local/cursor-signing',
    );
    expect(env.ListTodosFunction?.AWS_ENDPOINT_URL_SECRETS_MANAGER).toMatch(
      /^http:\/\/host\.docker\.internal:\d+$/,
    );
  });
});
