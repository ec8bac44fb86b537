import type { IncomingMessage, ServerResponse } from 'node:http';
import { listPartsXml, noSuchUpload, uploadPartProblem } from './multipart';
import { completeUpload, uploadPart } from './multipart-data';
import {
  type createEventGate,
  type createKeyLocks,
  objectId,
  putTagging,
  queryValue,
  type Target,
  taggingXml,
} from './object-ops';
import { s3Error } from './s3-errors';
import type { S3rverStore } from './s3rver-store';
import type { S3ProxyOptions } from './server';
import { exchange, readBody, refuse, relay, reply } from './transport';

/**
 * aws-chunked bodies (`STREAMING-*` payload hashes: the SDKs' chunk signatures or checksum
 * trailers) carry framing around the bytes. The parts are written here as they arrive, so such a
 * body is refused rather than stored with its framing; presigned uploads (the browser's) are
 * UNSIGNED-PAYLOAD and SDK clients can turn checksums to WHEN_REQUIRED.
 */
const STREAMING_NOT_SUPPORTED = s3Error(
  501,
  'NotImplemented',
  'The local S3 layer does not accept aws-chunked (STREAMING-*) part uploads; send the part unchunked.',
);
const streamingPayload = (req: IncomingMessage) =>
  header(req, 'x-amz-content-sha256')?.startsWith('STREAMING-') ?? false;

/**
 * S3 behaviour s3rver 3.7.1 lacks, done by the proxy in front of it, so that code which relies on
 * it locally relies on what S3 really does:
 *  - `If-None-Match: *` on PUT (create-once; 412 PreconditionFailed when the key exists),
 *  - `x-amz-tagging` on PUT and on CreateMultipartUpload (tags applied before the write is seen),
 *  - DeleteObjectTagging, ListParts and AbortMultipartUpload,
 *  - UploadPart and CompleteMultipartUpload checks (unknown upload, part number, sizes, ETags),
 *    and their bytes, written into s3rver's store by the proxy (multipart-data.ts).
 */
export interface ProxyContext {
  options: S3ProxyOptions;
  store: S3rverStore;
  locks: ReturnType<typeof createKeyLocks>;
  gate: ReturnType<typeof createEventGate>;
}

const SUBRESOURCES = ['uploadId', 'uploads', 'partNumber', 'tagging', 'acl', 'retention', 'legal-hold'];
const has = (target: Target, name: string) => target.query[name] !== undefined;
const header = (req: IncomingMessage, name: string) => {
  const value = req.headers[name];
  return Array.isArray(value) ? value[0] : value;
};

/** True when the request was answered here; false to forward it to s3rver unchanged. */
export async function emulate(
  req: IncomingMessage,
  res: ServerResponse,
  target: Target,
  body: Buffer | undefined,
  ctx: ProxyContext,
): Promise<boolean> {
  const method = req.method ?? 'GET';
  const uploadId = queryValue(target, 'uploadId');
  const { bucket, key } = target;
  if (!key) return false;
  if (method === 'DELETE' && has(target, 'tagging')) {
    // S3's DeleteObjectTagging; s3rver has only PutObjectTagging.
    if (!ctx.store.objectExists(bucket, key)) {
      refuse(
        req,
        res,
        s3Error(404, 'NoSuchKey', 'The specified key does not exist.', { Key: key }),
        ctx.options,
      );
      return true;
    }
    await putTagging(ctx.options.upstreamPort, bucket, key, taggingXml(''));
    reply(req, res, ctx.options, 204);
    return true;
  }
  if (uploadId !== undefined) return multipart(req, res, target, uploadId, body, ctx);
  if (method === 'PUT' && !SUBRESOURCES.some((s) => has(target, s)) && !req.headers['x-amz-copy-source']) {
    return putObject(req, res, target, body, ctx);
  }
  return false;
}

async function putObject(
  req: IncomingMessage,
  res: ServerResponse,
  { bucket, key }: Target,
  body: Buffer | undefined,
  ctx: ProxyContext,
): Promise<boolean> {
  const ifNoneMatch = header(req, 'if-none-match');
  const tagging = header(req, 'x-amz-tagging');
  if (ifNoneMatch === undefined && tagging === undefined) return false;
  if (ifNoneMatch !== undefined && ifNoneMatch.trim() !== '*') {
    refuse(
      req,
      res,
      s3Error(501, 'NotImplemented', 'A header you provided implies functionality that is not implemented', {
        Header: 'If-None-Match',
      }),
      ctx.options,
    );
    return true;
  }
  const id = objectId(bucket, key);
  const write = async () => {
    if (ifNoneMatch !== undefined && ctx.store.objectExists(bucket, key)) {
      refuse(
        req,
        res,
        s3Error(412, 'PreconditionFailed', 'At least one of the pre-conditions you specified did not hold', {
          Condition: 'If-None-Match',
        }),
        ctx.options,
      );
      return;
    }
    const release = tagging === undefined ? () => {} : ctx.gate.hold(id);
    try {
      const answer = await exchange(req, ctx.options, body);
      if (answer.status === 200 && tagging !== undefined) {
        await putTagging(ctx.options.upstreamPort, bucket, key, taggingXml(tagging));
      }
      relay(res, answer);
    } finally {
      release();
    }
  };
  // Only create-once writes need the key to themselves.
  await (ifNoneMatch !== undefined ? ctx.locks(id, write) : write());
  return true;
}

async function multipart(
  req: IncomingMessage,
  res: ServerResponse,
  target: Target,
  uploadId: string,
  body: Buffer | undefined,
  ctx: ProxyContext,
): Promise<boolean> {
  const { bucket, key } = target;
  const method = req.method ?? 'GET';
  const upload = await ctx.store.readUpload(bucket, uploadId);
  const missing = !upload || upload.key !== key;
  if (method === 'PUT') {
    const problem = missing
      ? noSuchUpload(uploadId)
      : streamingPayload(req)
        ? STREAMING_NOT_SUPPORTED
        : await uploadPartProblem(
            ctx.store,
            bucket,
            uploadId,
            queryValue(target, 'partNumber'),
            header(req, 'content-length'),
          );
    if (problem) {
      refuse(req, res, problem, ctx.options);
      return true;
    }
    await uploadPart(req, res, target, uploadId, Number(queryValue(target, 'partNumber')), body, ctx);
    return true;
  }
  if (missing) {
    refuse(req, res, noSuchUpload(uploadId), ctx.options);
    return true;
  }
  if (method === 'GET') {
    const marker = Number(queryValue(target, 'part-number-marker') ?? 0) || 0;
    const maxParts = Math.min(1000, Number(queryValue(target, 'max-parts') ?? 1000) || 1000);
    const parts = await ctx.store.listParts(bucket, uploadId);
    reply(req, res, ctx.options, 200, listPartsXml(bucket, key, uploadId, parts, { marker, maxParts }));
    return true;
  }
  if (method === 'DELETE') {
    // Not in the middle of a completion, which may be renaming the upload's bytes into the object.
    await ctx.locks(`upload:${uploadId}`, () => ctx.store.abort(bucket, uploadId));
    reply(req, res, ctx.options, 204);
    return true;
  }
  if (method === 'POST') {
    const xml = (body ?? (await readBody(req))).toString('utf8');
    await completeUpload(req, res, target, uploadId, xml, ctx);
    return true;
  }
  return false;
}
