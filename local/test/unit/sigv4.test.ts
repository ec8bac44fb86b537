import { GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { describe, expect, it } from 'vitest';
import { type S3RequestHead, verifyS3Request } from '../../s3-proxy/sigv4';

/** The S3 signature check against requests the AWS SDK itself signs and presigns. */
const credentials = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };
const options = { credentials: { S3RVER: 'S3RVER' }, region: 'us-east-1' };
const client = (creds = credentials, region = 'us-east-1') =>
  new S3Client({
    endpoint: 'http://localhost:4569',
    forcePathStyle: true,
    region,
    credentials: creds,
    requestChecksumCalculation: 'WHEN_REQUIRED',
  });

async function presignedPut(size: number, expiresIn = 300, signingDate?: Date): Promise<URL> {
  const command = new PutObjectCommand({
    Bucket: 'bucket',
    Key: 'user/todo/file',
    ContentType: 'text/plain',
    ContentLength: size,
  });
  return new URL(
    await getSignedUrl(client(), command, {
      expiresIn,
      signableHeaders: new Set(['content-type', 'content-length']),
      ...(signingDate ? { signingDate } : {}),
    }),
  );
}

const head = (url: URL, method: string, headers: Record<string, string>): S3RequestHead => ({
  method,
  url: url.pathname + url.search,
  headers: { host: url.host, ...headers },
});

/** A request as the SDK sends it, captured just before it would go on the wire. */
async function signedRequest(send: (c: S3Client) => Promise<unknown>, c = client()): Promise<S3RequestHead> {
  let captured:
    | { method: string; path: string; query?: Record<string, string>; headers: Record<string, string> }
    | undefined;
  c.middlewareStack.add(
    () => async (args) => {
      captured = args.request as never;
      throw new Error('captured');
    },
    { step: 'finalizeRequest', priority: 'low', name: 'capture' },
  );
  await send(c).catch(() => undefined);
  const query = Object.entries(captured!.query ?? {})
    .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
    .join('&');
  return {
    method: captured!.method,
    url: captured!.path + (query ? `?${query}` : ''),
    headers: Object.fromEntries(
      Object.entries(captured!.headers).map(([k, v]) => [k.toLowerCase(), String(v)]),
    ),
  };
}

describe('presigned URLs', () => {
  it('accepts a presigned PUT with the signed length and type', async () => {
    const url = await presignedPut(5);
    const result = await verifyS3Request(
      head(url, 'PUT', { 'content-length': '5', 'content-type': 'text/plain' }),
      options,
    );
    expect(result).toEqual({ ok: true, payload: { kind: 'unsigned' } });
  });

  it('refuses more bytes, another type, or another method than signed', async () => {
    const url = await presignedPut(5);
    for (const [method, headers] of [
      ['PUT', { 'content-length': '6', 'content-type': 'text/plain' }],
      ['PUT', { 'content-length': '5', 'content-type': 'text/html' }],
      ['PUT', { 'content-type': 'text/plain' }],
      ['POST', { 'content-length': '5', 'content-type': 'text/plain' }],
    ] as const) {
      const result = await verifyS3Request(head(url, method, headers), options);
      expect(result).toMatchObject({ ok: false, error: { status: 403, code: 'SignatureDoesNotMatch' } });
    }
  });

  it('refuses an altered key or an extended expiry', async () => {
    const url = await presignedPut(5);
    const headers = { 'content-length': '5', 'content-type': 'text/plain' };
    const otherKey = new URL(url);
    otherKey.pathname = otherKey.pathname.replace('file', 'filf');
    expect(await verifyS3Request(head(otherKey, 'PUT', headers), options)).toMatchObject({
      error: { code: 'SignatureDoesNotMatch' },
    });
    const longer = new URL(url);
    longer.searchParams.set('X-Amz-Expires', '3600');
    expect(await verifyS3Request(head(longer, 'PUT', headers), options)).toMatchObject({
      error: { code: 'SignatureDoesNotMatch' },
    });
  });

  it('refuses an expired URL with S3 AccessDenied and the expiry details', async () => {
    const url = await presignedPut(5, 60, new Date(Date.now() - 120_000));
    const result = await verifyS3Request(
      head(url, 'PUT', { 'content-length': '5', 'content-type': 'text/plain' }),
      options,
    );
    expect(result).toMatchObject({
      ok: false,
      error: {
        status: 403,
        code: 'AccessDenied',
        message: 'Request has expired',
        detail: { 'X-Amz-Expires': '60' },
      },
    });
  });

  it('accepts a presigned GET carrying response header overrides with encoded characters', async () => {
    const url = new URL(
      await getSignedUrl(
        client(),
        new GetObjectCommand({
          Bucket: 'bucket',
          Key: 'a b/ü+c',
          ResponseContentDisposition: `attachment; filename="x y.txt"; filename*=UTF-8''x%20y.txt`,
        }),
        { expiresIn: 60 },
      ),
    );
    expect(await verifyS3Request(head(url, 'GET', {}), options)).toMatchObject({ ok: true });
  });
});

describe('Authorization header', () => {
  it('accepts a request the SDK signed and hands back the payload hash to check', async () => {
    const request = await signedRequest((c) =>
      c.send(new PutObjectCommand({ Bucket: 'bucket', Key: 'k', Body: 'hello', ContentType: 'text/plain' })),
    );
    const result = await verifyS3Request(request, options);
    expect(result).toEqual({
      ok: true,
      payload: { kind: 'sha256', hex: '2cf24dba5fb0a30e26e83b2ac5b9e29e1b161e5c1fa7425e73043362938b9824' },
    });
  });

  it('refuses a signed header whose value changed', async () => {
    const request = await signedRequest((c) => c.send(new GetObjectCommand({ Bucket: 'bucket', Key: 'k' })));
    request.headers['x-amz-date'] = (request.headers['x-amz-date'] as string).replace(/\d(?=Z$)/, (d) =>
      String((+d + 1) % 10),
    );
    expect(await verifyS3Request(request, options)).toMatchObject({
      error: { code: 'SignatureDoesNotMatch' },
    });
  });

  it('refuses an unknown access key and another region', async () => {
    const stranger = await signedRequest(
      (c) => c.send(new GetObjectCommand({ Bucket: 'bucket', Key: 'k' })),
      client({ accessKeyId: 'AKIAOTHER', secretAccessKey: 'x' }),
    );
    expect(await verifyS3Request(stranger, options)).toMatchObject({
      error: { status: 403, code: 'InvalidAccessKeyId' },
    });
    const elsewhere = await signedRequest(
      (c) => c.send(new GetObjectCommand({ Bucket: 'bucket', Key: 'k' })),
      client(credentials, 'eu-west-1'),
    );
    expect(await verifyS3Request(elsewhere, options)).toMatchObject({
      error: { status: 400, code: 'AuthorizationHeaderMalformed' },
    });
  });

  it('refuses a request signed more than 15 minutes ago', async () => {
    const request = await signedRequest((c) => c.send(new GetObjectCommand({ Bucket: 'bucket', Key: 'k' })));
    const result = await verifyS3Request(request, { ...options, now: new Date(Date.now() + 16 * 60_000) });
    expect(result).toMatchObject({ error: { status: 403, code: 'RequestTimeTooSkewed' } });
  });
});

describe('no signature', () => {
  it('refuses an anonymous request with Access Denied, as a private bucket does', async () => {
    const result = await verifyS3Request(
      { method: 'GET', url: '/bucket/k', headers: { host: 'localhost' } },
      options,
    );
    expect(result).toEqual({
      ok: false,
      error: { status: 403, code: 'AccessDenied', message: 'Access Denied' },
    });
  });

  it('refuses a request using both a header and a presigned query', async () => {
    const url = await presignedPut(1);
    const result = await verifyS3Request(
      head(url, 'PUT', { authorization: 'AWS4-HMAC-SHA256 Credential=x', 'content-length': '1' }),
      options,
    );
    expect(result).toMatchObject({ error: { status: 400, code: 'InvalidArgument' } });
  });
});
