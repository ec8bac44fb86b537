import { GetItemCommand, QueryCommand } from '@aws-sdk/client-dynamodb';
import { HeadObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { describe, expect, it } from 'vitest';
import { startLocalStack } from '../stack/start-local-stack';
import { signIn } from './support/cognito';
import { call, until } from './support/http';
import { isAlive } from './support/processes';
import { PASSWORD, useStackSession } from './support/stack-session';
import { claimsOf } from './support/tokens';

/**
 * The whole runtime's storage side, driven the way the web app drives it: presigned S3 transfers
 * and the S3 events that follow, the S3 endpoint's signature checks, the todos stream's clean-up,
 * and a restart on the same data (the last test).
 */
const app = useStackSession('local-stack-storage');
const { todos, files, createTodo, requestUpload, put, fileStatus, s3Admin, dynamo } = app;

describe('files API with presigned S3 transfers', () => {
  it('uploads through the presigned URL, turns available through the S3 event, downloads and deletes', async () => {
    const todoId = await createTodo(app.alice.accessToken, 'with a file');
    const content = 'hello, attachment';
    const ticket = await requestUpload(app.alice.accessToken, todoId, content, 'hello world.txt');
    expect(ticket.file.status).toBe('pending');
    expect(new URL(ticket.upload.url).origin).toBe(app.stack.s3Endpoint);

    const uploaded = await put(ticket.upload.url, content);
    expect(uploaded.status).toBe(200);
    const file = await until('the file to become available', async () => {
      const status = await fileStatus(app.alice.accessToken, todoId, ticket.file.fileId);
      return status.status === 'available' ? status : undefined;
    });
    const download = await fetch(file.downloadUrl!);
    expect(download.status).toBe(200);
    expect(await download.text()).toBe(content);
    expect(download.headers.get('content-disposition')).toContain('attachment');

    const listed = await call(files(todoId), { token: app.alice.accessToken });
    expect((listed.json as { items: { fileId: string }[] }).items.map((f) => f.fileId)).toEqual([
      ticket.file.fileId,
    ]);
    const deleted = await call(files(todoId, `/${ticket.file.fileId}`), {
      method: 'DELETE',
      token: app.alice.accessToken,
    });
    expect(deleted.status).toBe(204);
    expect((await fetch(file.downloadUrl!)).status).toBe(404);
  });

  it('lets the web app origin preflight a PUT to the bucket', async () => {
    const todoId = await createTodo(app.alice.accessToken, 'preflight');
    const ticket = await requestUpload(app.alice.accessToken, todoId, 'abc');
    const reply = await fetch(ticket.upload.url, {
      method: 'OPTIONS',
      headers: {
        origin: app.stack.webUrl!,
        'access-control-request-method': 'PUT',
        'access-control-request-headers': 'content-type,if-none-match,x-amz-tagging',
      },
    });
    expect(reply.status).toBe(200);
    expect(reply.headers.get('access-control-allow-origin')).toBe(app.stack.webUrl);
  });
});

describe('S3 endpoint checks signatures as S3 does', () => {
  const s3ErrorCode = async (response: Response) => /<Code>([^<]+)<\/Code>/.exec(await response.text())?.[1];

  it('refuses a PUT with more bytes than the presigned URL signed, and the file stays pending', async () => {
    const todoId = await createTodo(app.alice.accessToken, 'too long');
    const ticket = await requestUpload(app.alice.accessToken, todoId, '12345');
    const response = await put(ticket.upload.url, '1234567890');
    expect(response.status).toBe(403);
    expect(response.headers.get('content-type')).toBe('application/xml');
    expect(await s3ErrorCode(response)).toBe('SignatureDoesNotMatch');
    await app.stack.s3Idle();
    expect((await fileStatus(app.alice.accessToken, todoId, ticket.file.fileId)).status).toBe('pending');
  });

  it('refuses a PUT whose content type differs from the signed one', async () => {
    const todoId = await createTodo(app.alice.accessToken, 'wrong type');
    const ticket = await requestUpload(app.alice.accessToken, todoId, 'abc');
    const response = await put(ticket.upload.url, 'abc', 'text/html');
    expect(response.status).toBe(403);
    expect(await s3ErrorCode(response)).toBe('SignatureDoesNotMatch');
  });

  it('refuses an altered presigned URL', async () => {
    const todoId = await createTodo(app.alice.accessToken, 'altered');
    const ticket = await requestUpload(app.alice.accessToken, todoId, 'abc');
    const url = new URL(ticket.upload.url);
    const { fileId } = ticket.file;
    // The replacement must differ from the id's last character, or the URL is not altered at all.
    const other = fileId.endsWith('Z') ? 'Y' : 'Z';
    url.pathname = url.pathname.replace(fileId, `${fileId.slice(0, -1)}${other}`);
    expect(url.toString()).not.toBe(ticket.upload.url);
    const response = await put(url.toString(), 'abc');
    expect(response.status).toBe(403);
    expect(await s3ErrorCode(response)).toBe('SignatureDoesNotMatch');
  });

  it('refuses an expired presigned URL', async () => {
    const client = s3Admin();
    const url = await getSignedUrl(
      client,
      new PutObjectCommand({ Bucket: app.stack.buckets.AttachmentsBucket, Key: 'x/y/z' }),
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
    const objectUrl = `${app.stack.s3Endpoint}/${app.stack.buckets.AttachmentsBucket}/anything`;
    const unsigned = await fetch(objectUrl, { method: 'PUT', body: 'x' });
    expect(unsigned.status).toBe(403);
    expect(await s3ErrorCode(unsigned)).toBe('AccessDenied');
    expect((await fetch(objectUrl)).status).toBe(403);
    const stranger = new S3Client({
      endpoint: app.stack.s3Endpoint,
      region: app.stack.region,
      forcePathStyle: true,
      credentials: { accessKeyId: 'AKIASTRANGER', secretAccessKey: 'nope' },
    });
    await expect(
      stranger.send(new HeadObjectCommand({ Bucket: app.stack.buckets.AttachmentsBucket, Key: 'k' })),
    ).rejects.toMatchObject({
      $metadata: { httpStatusCode: 403 },
    });
    stranger.destroy();
  });
});

describe('TodosTable stream', () => {
  it('deletes a deleted todo’s files and objects through the REMOVE record', async () => {
    const todoId = await createTodo(app.alice.accessToken, 'goes away');
    const ticket = await requestUpload(app.alice.accessToken, todoId, 'bye');
    expect((await put(ticket.upload.url, 'bye')).status).toBe(200);
    await until('the upload to be processed', async () =>
      (await fileStatus(app.alice.accessToken, todoId, ticket.file.fileId)).status === 'available'
        ? true
        : undefined,
    );
    const claims = claimsOf(app.alice.accessToken);
    const key = `${claims.sub}/${todoId}/${ticket.file.fileId}`;
    const s3 = s3Admin();
    await s3.send(new HeadObjectCommand({ Bucket: app.stack.buckets.AttachmentsBucket, Key: key }));

    expect((await call(todos(`/${todoId}`), { method: 'DELETE', token: app.alice.accessToken })).status).toBe(
      204,
    );
    const db = dynamo();
    await until(
      'the file record to be deleted',
      async () => {
        const { Items } = await db.send(
          new QueryCommand({
            TableName: app.stack.tables.FilesTable,
            KeyConditionExpression: 'todoId = :t',
            ExpressionAttributeValues: { ':t': { S: todoId } },
          }),
        );
        return Items?.length === 0 ? true : undefined;
      },
      20_000,
    );
    await expect(
      s3.send(new HeadObjectCommand({ Bucket: app.stack.buckets.AttachmentsBucket, Key: key })),
    ).rejects.toMatchObject({
      $metadata: { httpStatusCode: 404 },
    });
    const { Item } = await db.send(
      new GetItemCommand({
        TableName: app.stack.tables.TodosTable,
        Key: { userId: { S: claims.sub! }, todoId: { S: todoId } },
      }),
    );
    expect(Item).toBeUndefined();
    db.destroy();
    s3.destroy();
  });
});

describe('restart', () => {
  it('keeps users, todos, files and ids in the data directory across a restart', async () => {
    const todoId = await createTodo(app.alice.accessToken, 'survives a restart');
    const ticket = await requestUpload(app.alice.accessToken, todoId, 'kept');
    expect((await put(ticket.upload.url, 'kept')).status).toBe(200);
    await until('the upload to be processed', async () =>
      (await fileStatus(app.alice.accessToken, todoId, ticket.file.fileId)).status === 'available'
        ? true
        : undefined,
    );
    const before = {
      userPoolId: app.stack.userPoolId,
      clientId: app.stack.userPoolClientId,
      buckets: app.stack.buckets,
    };
    const java = app.stack.pids.dynamodb!;
    await app.stack.stop();
    expect(isAlive(java)).toBe(false);

    app.stack = await startLocalStack({ dataDir: app.dataDir, freePorts: true, webPort: 0, logger: app.log });
    expect(app.stack.userPoolId).toBe(before.userPoolId);
    expect(app.stack.userPoolClientId).toBe(before.clientId);
    expect(app.stack.buckets).toEqual(before.buckets);

    const again = await signIn(app.stack, 'alice@example.com', PASSWORD);
    const read = await call(todos(`/${todoId}`), { token: again.accessToken });
    expect(read.status).toBe(200);
    expect(read.json).toMatchObject({ title: 'survives a restart' });
    const file = await fileStatus(again.accessToken, todoId, ticket.file.fileId);
    expect(file.status).toBe('available');
    expect(await (await fetch(file.downloadUrl!)).text()).toBe('kept');
  }, 180_000);
});
