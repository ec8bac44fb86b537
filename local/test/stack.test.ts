import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DynamoDBClient, GetItemCommand, QueryCommand } from '@aws-sdk/client-dynamodb';
import { HeadObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createCursorCodec } from '../../backend/src/todos/cursor';
import { createMemoryLogger } from '../log';
import { type LocalStack, startLocalStack } from '../stack/start-local-stack';
import { signIn, signUpAndSignIn, type Tokens } from './support/cognito';
import { call, until } from './support/http';
import { isAlive } from './support/processes';
import { claimsOf, signAsCognitoLocal, signWithStrangerKey, tamper } from './support/tokens';

/**
 * The whole runtime, started in this process on free ports with a fresh data directory, driven
 * the way the web app drives it: Cognito sign-up and sign-in, both APIs, presigned S3 transfers,
 * and the S3 and stream events that follow. The last test restarts it on the same data.
 */
const PASSWORD = 'Correct-horse-1';
const log = createMemoryLogger('debug');
let dataDir: string;
let stack: LocalStack;
let alice: Tokens;
let bob: Tokens;

const todos = (path = '') => `${stack.todosApiUrl}/todos${path}`;
const files = (todoId: string, path = '') => `${stack.filesApiUrl}/todos/${todoId}/files${path}`;
const s3Admin = () =>
  new S3Client({
    endpoint: stack.s3Endpoint,
    region: stack.region,
    forcePathStyle: true,
    credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    requestChecksumCalculation: 'WHEN_REQUIRED',
  });
const dynamo = () =>
  new DynamoDBClient({
    endpoint: stack.dynamodbEndpoint,
    region: stack.region,
    credentials: { accessKeyId: 'local', secretAccessKey: 'local' },
  });

async function createTodo(token: string, title: string): Promise<string> {
  const reply = await call(todos(), { method: 'POST', token, body: { title } });
  expect(reply.status).toBe(201);
  return (reply.json as { todoId: string }).todoId;
}

interface Ticket {
  file: { fileId: string; status: string };
  upload: { url: string; method: string; headers: Record<string, string> };
}

async function requestUpload(
  token: string,
  todoId: string,
  content: string,
  fileName = 'notes.txt',
): Promise<Ticket> {
  const reply = await call(files(todoId), {
    method: 'POST',
    token,
    body: { fileName, contentType: 'text/plain', size: Buffer.byteLength(content) },
  });
  expect(reply.status).toBe(201);
  return reply.json as Ticket;
}

// The headers the files API hands out with the URL: type, create-once and the pending tag are signed.
const put = (url: string, body: string, contentType = 'text/plain') =>
  fetch(url, {
    method: 'PUT',
    headers: { 'content-type': contentType, 'if-none-match': '*', 'x-amz-tagging': 'pending=true' },
    body,
  });

async function fileStatus(token: string, todoId: string, fileId: string) {
  const reply = await call(files(todoId, `/${fileId}`), { token });
  return reply.json as { status: string; downloadUrl: string | null };
}

beforeAll(async () => {
  dataDir = mkdtempSync(join(tmpdir(), 'local-stack-'));
  stack = await startLocalStack({
    dataDir,
    freePorts: true,
    webPort: 0,
    logger: log,
    s3RetryDelaysMs: [100, 200],
  });
  alice = await signUpAndSignIn(stack, 'alice@example.com', PASSWORD);
  bob = await signUpAndSignIn(stack, 'bob@example.com', PASSWORD);
});

afterAll(async () => {
  // The runtime's own output, for whoever has to find out why a test here failed.
  mkdirSync('test-artifacts', { recursive: true });
  writeFileSync('test-artifacts/local-stack.log', `${log.lines.join('\n')}\n`);
  await stack?.stop();
  if (dataDir) rmSync(dataDir, { recursive: true, force: true });
});

describe('resources and configuration from template.yaml', () => {
  it('serves /config.json with the local user pool, app client, API URLs and upload limit', async () => {
    const reply = await call(`${stack.webUrl}/config.json`);
    expect(reply.status).toBe(200);
    expect(reply.json).toEqual({
      region: 'us-east-1',
      userPoolId: stack.userPoolId,
      userPoolClientId: stack.userPoolClientId,
      todosApiUrl: stack.todosApiUrl,
      filesApiUrl: stack.filesApiUrl,
      maxUploadBytes: 5368709120,
      authFlow: 'USER_PASSWORD_AUTH',
      cognitoEndpoint: stack.cognitoEndpoint,
    });
  });

  it('serves the web app through Vite, with client-side routes falling back to index.html', async () => {
    expect(stack.webMode).toBe('vite');
    const page = await fetch(`${stack.webUrl}/some/client/route`);
    expect(page.status).toBe(200);
    const html = await page.text();
    expect(html).toContain('/@vite/client');
  });

  it('creates the tables with their keys and the todos stream, and the bucket named from the stack id', async () => {
    expect(stack.tables).toEqual({
      TodosTable: 'todo-local-TodosTable',
      FilesTable: 'todo-local-FilesTable',
    });
    expect(stack.buckets.AttachmentsBucket).toMatch(/^todo-000000000000-[0-9a-f]{12}-attachments$/);
    const client = dynamo();
    const { DescribeTableCommand } = await import('@aws-sdk/client-dynamodb');
    const { Table } = await client.send(new DescribeTableCommand({ TableName: stack.tables.TodosTable }));
    client.destroy();
    expect(Table?.KeySchema).toEqual([
      { AttributeName: 'userId', KeyType: 'HASH' },
      { AttributeName: 'todoId', KeyType: 'RANGE' },
    ]);
    expect(Table?.StreamSpecification).toEqual({ StreamEnabled: true, StreamViewType: 'OLD_IMAGE' });
  });

  it('issues tokens whose issuer is cognito-local and whose client is the app client', () => {
    const claims = claimsOf(alice.accessToken);
    expect(claims.iss).toBe(`${stack.cognitoEndpoint}/${stack.userPoolId}`);
    expect(claims.client_id).toBe(stack.userPoolClientId);
    expect(claims.token_use).toBe('access');
  });
});

describe('todos API', () => {
  it('runs a todo through create, read, edit, complete, notes and delete', async () => {
    const created = await call(todos(), {
      method: 'POST',
      token: alice.accessToken,
      body: { title: 'Buy milk', description: 'semi-skimmed', dueDate: '2030-01-02' },
    });
    expect(created.status).toBe(201);
    const todo = created.json as { todoId: string; title: string; completed: boolean };
    expect(todo).toMatchObject({ title: 'Buy milk', completed: false });

    const list = await call(todos('?q=MILK'), { token: alice.accessToken });
    expect(list.status).toBe(200);
    expect((list.json as { items: { todoId: string }[] }).items.map((t) => t.todoId)).toContain(todo.todoId);

    const edited = await call(todos(`/${todo.todoId}`), {
      method: 'PATCH',
      token: alice.accessToken,
      body: { title: 'Buy oat milk' },
    });
    expect(edited.status).toBe(200);
    expect(edited.json).toMatchObject({ title: 'Buy oat milk' });

    const completed = await call(todos(`/${todo.todoId}/complete`), {
      method: 'POST',
      token: alice.accessToken,
    });
    expect(completed.status).toBe(200);
    expect(completed.json).toMatchObject({ completed: true });

    const notes = await call(todos(`/${todo.todoId}/notes`), {
      method: 'PUT',
      token: alice.accessToken,
      body: { notes: 'from the corner shop' },
    });
    expect(notes.status).toBe(200);

    const read = await call(todos(`/${todo.todoId}`), { token: alice.accessToken });
    expect(read.json).toMatchObject({
      title: 'Buy oat milk',
      completed: true,
      notes: 'from the corner shop',
    });

    // Another user sees it as absent.
    expect((await call(todos(`/${todo.todoId}`), { token: bob.accessToken })).status).toBe(404);

    const deleted = await call(todos(`/${todo.todoId}`), { method: 'DELETE', token: alice.accessToken });
    expect(deleted.status).toBe(204);
    expect((await call(todos(`/${todo.todoId}`), { token: alice.accessToken })).status).toBe(404);
  });

  it("returns the handler's own 404 for an unknown todo id, with API Gateway's request id header", async () => {
    const reply = await call(todos('/not-a-ulid'), { token: alice.accessToken });
    expect(reply.status).toBe(404);
    expect(reply.headers.get('apigw-requestid')).toMatch(/=$/);
    expect(reply.json).toMatchObject({ error: { code: expect.any(String) } });
  });

  it('answers 404 with API Gateway body for a route the template does not declare', async () => {
    const reply = await call(`${stack.todosApiUrl}/nope`, { token: alice.accessToken });
    expect(reply.status).toBe(404);
    expect(reply.json).toEqual({ message: 'Not Found' });
  });
});

describe('JWT authorizer', () => {
  const invocations = () => stack.functions.get('SetTodoNotesFunction')!.invocations;
  const notesUrl = () => todos('/01J00000000000000000000000/notes');

  async function expectRefused(token: string | undefined, description: RegExp | null) {
    const reply = await call(notesUrl(), {
      method: 'PUT',
      body: { notes: 'x' },
      ...(token === undefined ? {} : { headers: { authorization: token } }),
    });
    expect(reply.status).toBe(401);
    expect(reply.json).toEqual({ message: 'Unauthorized' });
    const challenge = reply.headers.get('www-authenticate') ?? '';
    if (description) expect(challenge).toMatch(description);
    else expect(challenge).toBe('Bearer');
  }

  it('refuses a missing token before any handler runs', async () => {
    const before = invocations();
    await expectRefused(undefined, null);
    expect(invocations()).toBe(before);
  });

  it('refuses a malformed token', async () => {
    await expectRefused('Bearer not.a.jwt', /malformed/);
    await expectRefused('Bearer ', null);
  });

  it('refuses an expired token', async () => {
    const claims = claimsOf(alice.accessToken);
    const expired = await signAsCognitoLocal({
      ...claims,
      iat: claims.iat! - 7200,
      exp: Math.floor(Date.now() / 1000) - 60,
    });
    await expectRefused(`Bearer ${expired}`, /the token has expired/);
  });

  it('refuses a tampered token and one signed with another key', async () => {
    await expectRefused(
      `Bearer ${tamper(alice.accessToken, { sub: claimsOf(bob.accessToken).sub })}`,
      /signature/,
    );
    await expectRefused(`Bearer ${await signWithStrangerKey(claimsOf(alice.accessToken))}`, /signature/);
  });

  it('refuses a token from another issuer and one for another client', async () => {
    const before = invocations();
    const claims = claimsOf(alice.accessToken);
    const otherIssuer = await signAsCognitoLocal({
      ...claims,
      iss: `${stack.cognitoEndpoint}/local_Other000`,
    });
    await expectRefused(`Bearer ${otherIssuer}`, /issuer/);
    const otherClient = await signAsCognitoLocal({ ...claims, client_id: 'another-client' });
    await expectRefused(`Bearer ${otherClient}`, /audience/);
    expect(invocations()).toBe(before);
  });

  it('accepts the ID token too, whose aud is the app client, as API Gateway does', async () => {
    const reply = await call(todos(), { token: alice.idToken });
    expect(reply.status).toBe(200);
  });
});

describe('CORS as the template configures it', () => {
  it('answers the web app origin preflight without calling the authorizer or a function', async () => {
    const origin = stack.webUrl!;
    const reply = await fetch(todos(), {
      method: 'OPTIONS',
      headers: {
        origin,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization,content-type',
      },
    });
    expect(reply.status).toBe(204);
    expect(reply.headers.get('access-control-allow-origin')).toBe(origin);
    expect(reply.headers.get('access-control-allow-methods')).toBe('GET,POST,PUT,PATCH,DELETE');
    expect(reply.headers.get('access-control-allow-headers')).toBe('authorization,content-type');
    expect(reply.headers.get('access-control-max-age')).toBe('600');
  });

  it('gives another origin no CORS headers', async () => {
    const reply = await fetch(todos(), {
      method: 'OPTIONS',
      headers: { origin: 'http://evil.example', 'access-control-request-method': 'GET' },
    });
    expect(reply.headers.get('access-control-allow-origin')).toBeNull();
    const get = await call(todos(), { token: alice.accessToken, headers: { origin: 'http://evil.example' } });
    expect(get.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('lets the browser read responses, refusals included', async () => {
    const origin = stack.webUrl!;
    const ok = await call(todos(), { token: alice.accessToken, headers: { origin } });
    expect(ok.headers.get('access-control-allow-origin')).toBe(origin);
    const refused = await call(todos(), { headers: { origin } });
    expect(refused.status).toBe(401);
    expect(refused.headers.get('access-control-allow-origin')).toBe(origin);
  });
});

describe('files API with presigned S3 transfers', () => {
  it('uploads through the presigned URL, turns available through the S3 event, downloads and deletes', async () => {
    const todoId = await createTodo(alice.accessToken, 'with a file');
    const content = 'hello, attachment';
    const ticket = await requestUpload(alice.accessToken, todoId, content, 'hello world.txt');
    expect(ticket.file.status).toBe('pending');
    expect(new URL(ticket.upload.url).origin).toBe(stack.s3Endpoint);

    const uploaded = await put(ticket.upload.url, content);
    expect(uploaded.status).toBe(200);
    const file = await until('the file to become available', async () => {
      const status = await fileStatus(alice.accessToken, todoId, ticket.file.fileId);
      return status.status === 'available' ? status : undefined;
    });
    const download = await fetch(file.downloadUrl!);
    expect(download.status).toBe(200);
    expect(await download.text()).toBe(content);
    expect(download.headers.get('content-disposition')).toContain('attachment');

    const listed = await call(files(todoId), { token: alice.accessToken });
    expect((listed.json as { items: { fileId: string }[] }).items.map((f) => f.fileId)).toEqual([
      ticket.file.fileId,
    ]);
    const deleted = await call(files(todoId, `/${ticket.file.fileId}`), {
      method: 'DELETE',
      token: alice.accessToken,
    });
    expect(deleted.status).toBe(204);
    expect((await fetch(file.downloadUrl!)).status).toBe(404);
  });

  it('lets the web app origin preflight a PUT to the bucket', async () => {
    const todoId = await createTodo(alice.accessToken, 'preflight');
    const ticket = await requestUpload(alice.accessToken, todoId, 'abc');
    const reply = await fetch(ticket.upload.url, {
      method: 'OPTIONS',
      headers: {
        origin: stack.webUrl!,
        'access-control-request-method': 'PUT',
        'access-control-request-headers': 'content-type,if-none-match,x-amz-tagging',
      },
    });
    expect(reply.status).toBe(200);
    expect(reply.headers.get('access-control-allow-origin')).toBe(stack.webUrl);
  });
});

describe('S3 endpoint checks signatures as S3 does', () => {
  const s3ErrorCode = async (response: Response) => /<Code>([^<]+)<\/Code>/.exec(await response.text())?.[1];

  it('refuses a PUT with more bytes than the presigned URL signed, and the file stays pending', async () => {
    const todoId = await createTodo(alice.accessToken, 'too long');
    const ticket = await requestUpload(alice.accessToken, todoId, '12345');
    const response = await put(ticket.upload.url, '1234567890');
    expect(response.status).toBe(403);
    expect(response.headers.get('content-type')).toBe('application/xml');
    expect(await s3ErrorCode(response)).toBe('SignatureDoesNotMatch');
    await stack.s3Idle();
    expect((await fileStatus(alice.accessToken, todoId, ticket.file.fileId)).status).toBe('pending');
  });

  it('refuses a PUT whose content type differs from the signed one', async () => {
    const todoId = await createTodo(alice.accessToken, 'wrong type');
    const ticket = await requestUpload(alice.accessToken, todoId, 'abc');
    const response = await put(ticket.upload.url, 'abc', 'text/html');
    expect(response.status).toBe(403);
    expect(await s3ErrorCode(response)).toBe('SignatureDoesNotMatch');
  });

  it('refuses an altered presigned URL', async () => {
    const todoId = await createTodo(alice.accessToken, 'altered');
    const ticket = await requestUpload(alice.accessToken, todoId, 'abc');
    const url = new URL(ticket.upload.url);
    url.pathname = url.pathname.replace(ticket.file.fileId, `${ticket.file.fileId.slice(0, -1)}Z`);
    const response = await put(url.toString(), 'abc');
    expect(response.status).toBe(403);
    expect(await s3ErrorCode(response)).toBe('SignatureDoesNotMatch');
  });

  it('refuses an expired presigned URL', async () => {
    const client = s3Admin();
    const url = await getSignedUrl(
      client,
      new PutObjectCommand({ Bucket: stack.buckets.AttachmentsBucket, Key: 'x/y/z' }),
      {
        expiresIn: 60,
        signingDate: new Date(Date.now() - 5 * 60_000),
      },
    );
    client.destroy();
    const response = await fetch(url, { method: 'PUT', body: 'late' });
    expect(response.status).toBe(403);
    const body = await response.text();
    expect(body).toContain('<Code>AccessDenied</Code>');
    expect(body).toContain('Request has expired');
  });

  it('refuses unsigned requests and requests signed with an unknown key', async () => {
    const objectUrl = `${stack.s3Endpoint}/${stack.buckets.AttachmentsBucket}/anything`;
    const unsigned = await fetch(objectUrl, { method: 'PUT', body: 'x' });
    expect(unsigned.status).toBe(403);
    expect(await s3ErrorCode(unsigned)).toBe('AccessDenied');
    expect((await fetch(objectUrl)).status).toBe(403);
    const stranger = new S3Client({
      endpoint: stack.s3Endpoint,
      region: stack.region,
      forcePathStyle: true,
      credentials: { accessKeyId: 'AKIASTRANGER', secretAccessKey: 'nope' },
    });
    await expect(
      stranger.send(new HeadObjectCommand({ Bucket: stack.buckets.AttachmentsBucket, Key: 'k' })),
    ).rejects.toMatchObject({
      $metadata: { httpStatusCode: 403 },
    });
    stranger.destroy();
  });
});

describe('TodosTable stream', () => {
  it('deletes a deleted todo’s files and objects through the REMOVE record', async () => {
    const todoId = await createTodo(alice.accessToken, 'goes away');
    const ticket = await requestUpload(alice.accessToken, todoId, 'bye');
    expect((await put(ticket.upload.url, 'bye')).status).toBe(200);
    await until('the upload to be processed', async () =>
      (await fileStatus(alice.accessToken, todoId, ticket.file.fileId)).status === 'available'
        ? true
        : undefined,
    );
    const claims = claimsOf(alice.accessToken);
    const key = `${claims.sub}/${todoId}/${ticket.file.fileId}`;
    const s3 = s3Admin();
    await s3.send(new HeadObjectCommand({ Bucket: stack.buckets.AttachmentsBucket, Key: key }));

    expect((await call(todos(`/${todoId}`), { method: 'DELETE', token: alice.accessToken })).status).toBe(
      204,
    );
    const db = dynamo();
    await until(
      'the file record to be deleted',
      async () => {
        const { Items } = await db.send(
          new QueryCommand({
            TableName: stack.tables.FilesTable,
            KeyConditionExpression: 'todoId = :t',
            ExpressionAttributeValues: { ':t': { S: todoId } },
          }),
        );
        return Items?.length === 0 ? true : undefined;
      },
      20_000,
    );
    await expect(
      s3.send(new HeadObjectCommand({ Bucket: stack.buckets.AttachmentsBucket, Key: key })),
    ).rejects.toMatchObject({
      $metadata: { httpStatusCode: 404 },
    });
    const { Item } = await db.send(
      new GetItemCommand({
        TableName: stack.tables.TodosTable,
        Key: { userId: { S: claims.sub! }, todoId: { S: todoId } },
      }),
    );
    expect(Item).toBeUndefined();
    db.destroy();
    s3.destroy();
  });
});

describe('cursor signing key from the runtime’s secret store', () => {
  it('pages with cursors signed by the key the local Secrets Manager serves, read through the SDK', async () => {
    await createTodo(bob.accessToken, 'first page');
    await createTodo(bob.accessToken, 'second page');
    const first = await call(todos('?limit=1'), { token: bob.accessToken });
    expect(first.status).toBe(200);
    const { items, nextCursor } = first.json as { items: { todoId: string }[]; nextCursor: string };
    expect(nextCursor).toEqual(expect.any(String));
    const second = await call(todos(`?limit=1&cursor=${encodeURIComponent(nextCursor)}`), {
      token: bob.accessToken,
    });
    expect(second.status).toBe(200);
    expect((second.json as { items: { todoId: string }[] }).items[0]?.todoId).not.toBe(items[0]?.todoId);
    // The handler's key is the data directory's secret, which only the secret store hands out.
    const { secret } = JSON.parse(readFileSync(join(dataDir, 'state.json'), 'utf8')) as { secret: string };
    const sub = String(claimsOf(bob.accessToken).sub);
    const forged = (key: string) => createCursorCodec(key).encode(sub, { todoId: items[0]!.todoId });
    const own = await call(todos(`?limit=1&cursor=${encodeURIComponent(forged(secret))}`), {
      token: bob.accessToken,
    });
    expect(own.status).toBe(200);
    const other = await call(todos(`?limit=1&cursor=${encodeURIComponent(forged('another-key'))}`), {
      token: bob.accessToken,
    });
    expect(other.status).toBe(400);
    expect(log.lines.join('\n')).not.toContain(secret);
  });
});

describe('restart', () => {
  it('keeps users, todos, files and ids in the data directory across a restart', async () => {
    const todoId = await createTodo(alice.accessToken, 'survives a restart');
    const ticket = await requestUpload(alice.accessToken, todoId, 'kept');
    expect((await put(ticket.upload.url, 'kept')).status).toBe(200);
    await until('the upload to be processed', async () =>
      (await fileStatus(alice.accessToken, todoId, ticket.file.fileId)).status === 'available'
        ? true
        : undefined,
    );
    const before = { userPoolId: stack.userPoolId, clientId: stack.userPoolClientId, buckets: stack.buckets };
    const java = stack.pids.dynamodb!;
    await stack.stop();
    expect(isAlive(java)).toBe(false);

    stack = await startLocalStack({ dataDir, freePorts: true, webPort: 0, logger: log });
    expect(stack.userPoolId).toBe(before.userPoolId);
    expect(stack.userPoolClientId).toBe(before.clientId);
    expect(stack.buckets).toEqual(before.buckets);

    const again = await signIn(stack, 'alice@example.com', PASSWORD);
    const read = await call(todos(`/${todoId}`), { token: again.accessToken });
    expect(read.status).toBe(200);
    expect(read.json).toMatchObject({ title: 'survives a restart' });
    const file = await fileStatus(again.accessToken, todoId, ticket.file.fileId);
    expect(file.status).toBe('available');
    expect(await (await fetch(file.downloadUrl!)).text()).toBe('kept');
  }, 180_000);
});
