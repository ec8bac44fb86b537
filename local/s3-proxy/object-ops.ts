import { request as httpRequest } from 'node:http';
import { s3Error } from './s3-errors';
import { parseQuery } from './s3-query';

/** What an S3 request addresses: bucket, key and the subresource query, decoded safely. */
export interface Target {
  bucket: string;
  key: string;
  query: Record<string, string | string[]>;
}

const safeDecode = (text: string): string | undefined => {
  try {
    return decodeURIComponent(text);
  } catch {
    return undefined;
  }
};

/** Undefined when the path is not valid percent-encoding (S3 answers that 400 InvalidURI). */
export function parseTarget(url: string): Target | undefined {
  const [path = '/', rawQuery = ''] = url.split('?');
  // An absolute-form or asterisk-form target (`GET *`) names no bucket or key: S3 says InvalidURI.
  if (!path.startsWith('/')) return undefined;
  const [, bucketPart = '', ...keyParts] = path.split('/');
  const bucket = safeDecode(bucketPart);
  const key = safeDecode(keyParts.join('/'));
  if (bucket === undefined || key === undefined) return undefined;
  return { bucket, key, query: parseQuery(rawQuery) };
}

export const INVALID_URI = s3Error(400, 'InvalidURI', "Couldn't parse the specified URI.");

export const queryValue = (target: Target, name: string): string | undefined => {
  const value = target.query[name];
  return Array.isArray(value) ? value[0] : value;
};

/**
 * Serialises work per object, as S3 serialises conditional writes: the existence check and the
 * write of an `If-None-Match: *` PUT happen with no other such PUT of the key in between.
 */
export function createKeyLocks() {
  const tails = new Map<string, Promise<void>>();
  return async function withLock<T>(id: string, work: () => Promise<T>): Promise<T> {
    const previous = tails.get(id) ?? Promise.resolve();
    let release!: () => void;
    const mine = new Promise<void>((resolve) => {
      release = resolve;
    });
    const tail = previous.then(() => mine);
    tails.set(id, tail);
    await previous;
    try {
      return await work();
    } finally {
      release();
      if (tails.get(id) === tail) tails.delete(id);
    }
  };
}

/**
 * Holds back s3rver's ObjectCreated events for an object while the proxy still has a step to do
 * on it (applying its tags), so the event consumer never sees an object before S3 would have
 * finished writing it: a tag applied after `fileUploaded` cleared it would expire a good upload.
 */
export function createEventGate() {
  const pending = new Map<string, Promise<void>>();
  return {
    hold(id: string): () => void {
      let release!: () => void;
      const held = new Promise<void>((resolve) => {
        release = resolve;
      });
      const chained = (pending.get(id) ?? Promise.resolve()).then(() => held);
      pending.set(id, chained);
      return () => {
        release();
        if (pending.get(id) === chained) pending.delete(id);
      };
    },
    settled: (id: string): Promise<void> => pending.get(id) ?? Promise.resolve(),
  };
}

export const objectId = (bucket: string, key: string) => `${bucket}/${key}`;

const escapeXml = (text: string) =>
  text.replace(
    /[<>&'"]/g,
    (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]!,
  );

/** `x-amz-tagging: a=1&b=2` (URL query encoding) as a Tagging document. */
export function taggingXml(header: string): string {
  const tags = [...new URLSearchParams(header)]
    .map(([k, v]) => `<Tag><Key>${escapeXml(k)}</Key><Value>${escapeXml(v)}</Value></Tag>`)
    .join('');
  return `<?xml version="1.0" encoding="UTF-8"?><Tagging><TagSet>${tags}</TagSet></Tagging>`;
}

/** Sets an object's tags on s3rver directly (it ignores `x-amz-tagging` on writes). */
export function putTagging(upstreamPort: number, bucket: string, key: string, xml: string): Promise<number> {
  const path = `/${encodeURIComponent(bucket)}/${key.split('/').map(encodeURIComponent).join('/')}?tagging`;
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      {
        host: '127.0.0.1',
        port: upstreamPort,
        method: 'PUT',
        path,
        headers: { 'content-type': 'application/xml', 'content-length': Buffer.byteLength(xml) },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 500));
      },
    );
    req.on('error', reject);
    req.end(xml);
  });
}
