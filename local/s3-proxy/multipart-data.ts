import type { IncomingMessage, ServerResponse } from 'node:http';
import type { ProxyContext } from './emulated';
import { BodyLengthMismatch } from './file-writes';
import { completeProblem, noSuchUpload, parseCompleteBody } from './multipart';
import { objectId, putTagging, type Target, taggingXml } from './object-ops';
import { s3Error } from './s3-errors';
import { exchange, refuse, relay, reply } from './transport';

/**
 * The bytes of a multipart upload, written by the proxy into s3rver's store (s3rver-store.ts)
 * once the request's signature and the multipart checks have passed: each part straight to its
 * place in the object-to-be where it can be (part-slots.ts), so completion is mostly a rename,
 * and never a second hashing of the bytes.
 */
const NS = 'http://s3.amazonaws.com/doc/2006-03-01/';

const escapeXml = (text: string) =>
  text.replace(
    /[<>&'"]/g,
    (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]!,
  );

/** UploadPart, already checked (signature, upload, part number, Content-Length present). */
export async function uploadPart(
  req: IncomingMessage,
  res: ServerResponse,
  { bucket }: Target,
  uploadId: string,
  partNumber: number,
  body: Buffer | undefined,
  ctx: ProxyContext,
): Promise<void> {
  const expected = Number(req.headers['content-length']);
  try {
    // One writer per part number at a time, so a part's bytes and its MD5 stay a pair.
    const { md5 } = await ctx.locks(`${uploadId}#${partNumber}`, () =>
      ctx.store.putPart(bucket, uploadId, partNumber, body ?? req, expected),
    );
    reply(req, res, ctx.options, 200, '', { etag: `"${md5}"` });
  } catch (error) {
    if (!(error instanceof BodyLengthMismatch)) throw error;
    refuse(
      req,
      res,
      s3Error(
        400,
        'IncompleteBody',
        'You did not provide the number of bytes specified by the Content-Length HTTP header',
      ),
      ctx.options,
    );
  }
}

/** CompleteMultipartUpload: checks the parts sent against those stored, then makes the object. */
export async function completeUpload(
  req: IncomingMessage,
  res: ServerResponse,
  { bucket, key }: Target,
  uploadId: string,
  xml: string,
  ctx: ProxyContext,
): Promise<void> {
  // One completion of an upload at a time: a second finds the upload gone, as on S3.
  await ctx.locks(`upload:${uploadId}`, async () => {
    const upload = await ctx.store.readUpload(bucket, uploadId);
    if (!upload || upload.key !== key) return refuse(req, res, noSuchUpload(uploadId), ctx.options);
    const sent = parseCompleteBody(xml);
    const stored = await ctx.store.listParts(bucket, uploadId);
    const problem = completeProblem(sent, stored);
    if (problem) return refuse(req, res, problem, ctx.options);
    const byNumber = new Map(stored.map((p) => [p.partNumber, p]));
    const tagging = upload.headers['x-amz-tagging'];
    const release = tagging === undefined ? () => {} : ctx.gate.hold(objectId(bucket, key));
    try {
      const made = await ctx.store.completeUpload(
        bucket,
        uploadId,
        sent!.map((p) => byNumber.get(p.partNumber)!),
      );
      if (!made) {
        // A key s3rver cannot keep as a file of its own (a `..` segment): s3rver completes it, as before.
        const answer = await exchange(req, ctx.options, Buffer.from(xml));
        if (answer.status === 200 && tagging !== undefined) {
          await putTagging(ctx.options.upstreamPort, bucket, key, taggingXml(tagging));
        }
        return relay(res, answer);
      }
      if (tagging !== undefined) {
        await putTagging(ctx.options.upstreamPort, bucket, key, taggingXml(tagging));
      }
      const location = `http://${req.headers.host ?? 'localhost'}${(req.url ?? '/').split('?')[0]}`;
      reply(
        req,
        res,
        ctx.options,
        200,
        `<?xml version="1.0" encoding="UTF-8"?>\n<CompleteMultipartUploadResult xmlns="${NS}">` +
          `<Location>${escapeXml(location)}</Location><Bucket>${escapeXml(bucket)}</Bucket>` +
          `<Key>${escapeXml(key)}</Key><ETag>&quot;${made.etag}&quot;</ETag></CompleteMultipartUploadResult>`,
      );
      // As on S3, the object is announced once written whole, with its tags.
      ctx.options.onObjectCreated?.({
        eventName: 'ObjectCreated:CompleteMultipartUpload',
        bucket,
        key,
        size: made.size,
        eTag: made.etag,
      });
    } finally {
      release();
    }
  });
}
