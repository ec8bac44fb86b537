import {
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  DeleteItemCommand,
  DynamoDBClient,
  PutItemCommand,
  UpdateItemCommand,
} from '@aws-sdk/client-dynamodb';
import { PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMemoryLogger } from '../log';
import { type LocalStack, startLocalStack } from '../stack/start-local-stack';
import { call, until } from './support/http';

/**
 * The runtime's mechanics on a small template of its own (test/fixture, copied to a temp dir so
 * its handler can be edited): payload 2.0 events and result mapping, per-function environments,
 * timeouts, hot reload, stream batches with filters and retries, and S3 notification filters.
 */
const FIXTURE = fileURLToPath(new URL('./fixture', import.meta.url));
let project: string;
let records: string;
let stack: LocalStack;
const log = createMemoryLogger('debug');

const api = (path: string) => `${stack.apis.Api}${path}`;
const lines = (file: string) =>
  existsSync(join(records, file))
    ? readFileSync(join(records, file), 'utf8')
        .trim()
        .split('\n')
        .filter(Boolean)
        .map((l) => JSON.parse(l))
    : [];

beforeAll(async () => {
  project = mkdtempSync(join(tmpdir(), 'local-fixture-'));
  cpSync(FIXTURE, project, { recursive: true });
  records = join(project, 'records');
  mkdirSync(records);
  stack = await startLocalStack({
    rootDir: project,
    dataDir: join(project, '.local'),
    stackName: 'fixture',
    parameters: { RecordDir: records },
    freePorts: true,
    web: false,
    logger: log,
    s3RetryDelaysMs: [50, 50],
    streamBackoffMs: () => 50,
  });
});

afterAll(async () => {
  mkdirSync('test-artifacts', { recursive: true });
  writeFileSync('test-artifacts/local-runtime-mechanics.log', `${log.lines.join('\n')}\n`);
  await stack?.stop();
  if (project) rmSync(project, { recursive: true, force: true });
});

describe('API Gateway payload 2.0', () => {
  it('turns a request into the event API Gateway sends', async () => {
    const reply = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const req = request(
        api('/echo/a/b%20c?x=1&x=2&y=%20z'),
        {
          method: 'POST',
          headers: { 'content-type': 'application/json', cookie: 'c1=v1; c2=v2', 'X-Multi': ['one', 'two'] },
        },
        (res) => {
          let body = '';
          res.on('data', (d) => {
            body += d;
          });
          res.on('end', () => resolve({ status: res.statusCode!, body }));
        },
      );
      req.on('error', reject);
      req.end('{"hello":"world"}');
    });
    expect(reply.status).toBe(200);
    const { event } = JSON.parse(reply.body) as {
      event: { headers: Record<string, string>; requestContext: { authorizer?: unknown; requestId: string } };
    };
    expect(event).toMatchObject({
      version: '2.0',
      routeKey: 'ANY /echo/{proxy+}',
      rawPath: '/echo/a/b%20c',
      rawQueryString: 'x=1&x=2&y=%20z',
      queryStringParameters: { x: '1,2', y: ' z' },
      pathParameters: { proxy: 'a/b c' },
      cookies: ['c1=v1', 'c2=v2'],
      body: '{"hello":"world"}',
      isBase64Encoded: false,
      requestContext: {
        accountId: '000000000000',
        routeKey: 'ANY /echo/{proxy+}',
        stage: '$default',
        http: { method: 'POST', path: '/echo/a/b%20c', protocol: 'HTTP/1.1', sourceIp: '127.0.0.1' },
      },
    });
    expect(event.headers['x-multi']).toBe('one,two');
    expect(event.headers['content-type']).toBe('application/json');
    expect(event.headers.cookie).toBeUndefined();
    expect(event.requestContext.authorizer).toBeUndefined();
    expect(event.requestContext.requestId).toMatch(/=$/);
  });

  it('base64-encodes a binary body', async () => {
    const reply = await call(api('/echo/bin'), {
      method: 'PUT',
      body: '\u0000\u0001',
      headers: { 'content-type': 'application/octet-stream' },
    });
    const { event } = reply.json as { event: { body: string; isBase64Encoded: boolean } };
    expect(event.isBase64Encoded).toBe(true);
    expect(Buffer.from(event.body, 'base64')).toEqual(Buffer.from([0, 1]));
  });

  it('maps a bare string or object result to a 200 JSON response', async () => {
    const text = await call(api('/shapes/string'));
    expect(text.status).toBe(200);
    expect(text.headers.get('content-type')).toBe('application/json');
    expect(text.text).toBe('plain words');
    const object = await call(api('/shapes/object'));
    expect(object.json).toEqual({ a: 1, when: '1970-01-01T00:00:00.000Z' });
  });

  it('decodes base64 bodies and sends each cookie as its own set-cookie header', async () => {
    const binary = await fetch(api('/shapes/binary'));
    expect(Buffer.from(await binary.arrayBuffer())).toEqual(Buffer.from([0, 1, 2, 255]));
    const cookies = await fetch(api('/shapes/cookies'));
    expect(cookies.status).toBe(204);
    expect(cookies.headers.getSetCookie()).toEqual(['a=1; Path=/', 'b=2; HttpOnly']);
    expect(cookies.headers.get('x-count')).toBe('2');
  });

  it('answers 500 Internal Server Error for a thrown error, an invalid result and a timeout', async () => {
    for (const path of ['/shapes/throw', '/shapes/bad-status']) {
      const reply = await call(api(path));
      expect(reply.status).toBe(500);
      expect(reply.json).toEqual({ message: 'Internal Server Error' });
    }
    const started = Date.now();
    const slow = await call(api('/slow'));
    expect(slow.status).toBe(500);
    // The handler sleeps 10 s: an answer well before that means the 1 s timeout was enforced.
    expect(Date.now() - started).toBeLessThan(5000);
    expect(log.lines.join('\n')).toMatch(/Sandbox\.Timedout: Task timed out after \d\.\d\d seconds/);
  });
});

describe('function environments', () => {
  it('gives each function the template environment resolved to local values, and only its own', async () => {
    const echo = (await call(api('/echo/env'))).json as { env: Record<string, string> };
    expect(echo.env).toEqual({
      TABLE: 'fixture-ItemsTable',
      TABLE_ARN: 'arn:aws:dynamodb:us-east-1:000000000000:table/fixture-ItemsTable',
      REGION_GREETING: 'us-east-1-hello',
      GREETING: 'hello',
      AWS_LAMBDA_FUNCTION_NAME: 'fixture-EchoFunction',
      AWS_ENDPOINT_URL_DYNAMODB: stack.dynamodbEndpoint,
      AWS_ENDPOINT_URL_S3: stack.s3Endpoint,
      AWS_REGION: 'us-east-1',
    });
    expect((await call(api('/shapes/env'))).json).toEqual({ table: null });
  });

  it('runs an edited handler on the next request, without a restart', async () => {
    expect((await call(api('/echo/reload'))).json).toMatchObject({ message: 'v1' });
    writeFileSync(join(project, 'fn', 'message.ts'), "export const MESSAGE = 'v2';\n");
    expect((await call(api('/echo/reload'))).json).toMatchObject({ message: 'v2' });
    // Editors often save by writing a new file and renaming it over the old one.
    writeFileSync(join(project, 'fn', 'message.ts.tmp'), "export const MESSAGE = 'v3';\n");
    renameSync(join(project, 'fn', 'message.ts.tmp'), join(project, 'fn', 'message.ts'));
    expect((await call(api('/echo/reload'))).json).toMatchObject({ message: 'v3' });
    writeFileSync(join(project, 'fn', 'message.ts'), "export const MESSAGE = 'v4';\n");
    expect((await call(api('/echo/reload'))).json).toMatchObject({ message: 'v4' });
  });

  it('answers 500 while a handler does not build or fails to load, and recovers once fixed', async () => {
    writeFileSync(join(project, 'fn', 'message.ts'), 'export const MESSAGE = ;\n');
    for (let i = 0; i < 2; i++) expect((await call(api('/echo/broken'))).status).toBe(500);
    expect(log.lines.join('\n')).toMatch(/EchoFunction does not build: .*message\.ts/);
    writeFileSync(
      join(project, 'fn', 'message.ts'),
      "throw new Error('bad module');\nexport const MESSAGE = 'x';\n",
    );
    expect((await call(api('/echo/broken'))).status).toBe(500);
    expect(log.lines.join('\n')).toMatch(/init failed: Error: bad module/);
    writeFileSync(join(project, 'fn', 'message.ts'), "export const MESSAGE = 'fixed';\n");
    expect((await call(api('/echo/fixed'))).json).toMatchObject({ message: 'fixed' });
  });
});

describe('event sources', () => {
  const dynamo = () =>
    new DynamoDBClient({
      endpoint: stack.dynamodbEndpoint,
      region: stack.region,
      credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
    });

  it('delivers the stream in order, in batches of BatchSize, filtered, retrying failures', async () => {
    const client = dynamo();
    const table = stack.tables.ItemsTable!;
    const keys = ['a1', 'a2', 'fail-once-3', 'a4', 'throw-once-5', 'a6'];
    for (const pk of keys)
      await client.send(new PutItemCommand({ TableName: table, Item: { pk: { S: pk } } }));
    await client.send(
      new UpdateItemCommand({
        TableName: table,
        Key: { pk: { S: 'a1' } },
        UpdateExpression: 'SET n = :n',
        ExpressionAttributeValues: { ':n': { N: '1' } },
      }),
    );
    await client.send(new DeleteItemCommand({ TableName: table, Key: { pk: { S: 'a2' } } }));
    await client.send(new PutItemCommand({ TableName: table, Item: { pk: { S: 'last' } } }));
    client.destroy();

    const batches = await until('every insert to be delivered', async () => {
      const seen = lines('stream.jsonl') as { pk: string; eventName: string; seq: string }[][];
      return seen.flat().some((r) => r.pk === 'last') ? seen : undefined;
    });
    const delivered = batches.flat();
    expect(batches.every((b) => b.length >= 1 && b.length <= 2)).toBe(true);
    expect(new Set(delivered.map((r) => r.eventName))).toEqual(new Set(['INSERT']));
    // Each record is delivered until it succeeds, and never out of order.
    const order: string[] = [];
    for (const r of delivered) if (order.at(-1) !== r.pk && !order.includes(r.pk)) order.push(r.pk);
    expect(order).toEqual([...keys, 'last']);
    expect(delivered.filter((r) => r.pk === 'fail-once-3')).toHaveLength(2);
    expect(delivered.filter((r) => r.pk === 'throw-once-5')).toHaveLength(2);
    expect(delivered.filter((r) => r.pk === 'a1')).toHaveLength(1);
  });

  it('delivers S3 ObjectCreated events that pass the key filter, with the key encoded as S3 does', async () => {
    const s3 = new S3Client({
      endpoint: stack.s3Endpoint,
      region: stack.region,
      forcePathStyle: true,
      credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
      requestChecksumCalculation: 'WHEN_REQUIRED',
    });
    const bucket = stack.buckets.UploadsBucket!;
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'out/skipped.txt', Body: 'no' }));
    await s3.send(new PutObjectCommand({ Bucket: bucket, Key: 'in/a file.txt', Body: 'yes' }));
    s3.destroy();
    await stack.s3Idle();
    expect(lines('s3.jsonl')).toEqual([
      { eventName: 'ObjectCreated:Put', bucket, key: 'in/a+file.txt', size: 3 },
    ]);
  });

  it('retries a failed S3-triggered invocation twice, then keeps the event as a dead letter', async () => {
    const s3 = new S3Client({
      endpoint: stack.s3Endpoint,
      region: stack.region,
      forcePathStyle: true,
      credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
      requestChecksumCalculation: 'WHEN_REQUIRED',
    });
    await s3.send(
      new PutObjectCommand({ Bucket: stack.buckets.UploadsBucket!, Key: 'in/always-fails', Body: 'x' }),
    );
    s3.destroy();
    await stack.s3Idle();
    expect(lines('s3.jsonl').filter((l: { key: string }) => l.key === 'in/always-fails')).toHaveLength(3);
    const dead = readFileSync(join(project, '.local', 'dead-letters', 'UploadFunction.jsonl'), 'utf8');
    expect(JSON.parse(dead.trim())).toMatchObject({
      source: 'S3',
      reason: 'Error: cannot handle this one',
      payload: { Records: [{ s3: { object: { key: 'in/always-fails' } } }] },
    });
  });
});
