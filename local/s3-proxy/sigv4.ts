import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { SignatureV4 } from '@smithy/signature-v4';
import { ACCESS_DENIED, type S3Error, SIGNATURE_MISMATCH, s3Error } from './s3-errors';

/**
 * Verifies an S3 request's Signature Version 4 the way S3 does, by recomputing it with the SDK's
 * own signer from the request as it arrived: the method, the path, the query, and the value of
 * every header the client said it signed. A header whose value changed (a longer body has another
 * `content-length`), an expired presigned URL, an unknown key or a missing signature all fail.
 */
export interface S3RequestHead {
  method: string;
  /** Path and query exactly as sent (still percent-encoded). */
  url: string;
  headers: Record<string, string | string[] | undefined>;
}

export type PayloadCheck =
  | { kind: 'unsigned' }
  | { kind: 'sha256'; hex: string }
  /** aws-chunked bodies: the seed signature was checked; chunk signatures are not. */
  | { kind: 'streaming' };

export type Verification = { ok: true; payload: PayloadCheck } | { ok: false; error: S3Error };

export interface VerifyOptions {
  /** Secret keys by access key id. */
  credentials: Record<string, string>;
  region: string;
  now?: Date;
}

const MAX_SKEW_MS = 15 * 60 * 1000;
const MAX_PRESIGNED_SECONDS = 7 * 24 * 3600;
const UNSIGNED = 'UNSIGNED-PAYLOAD';

/** The hash the signer needs, from node:crypto (what @smithy/hash-node does). */
type SourceData = string | ArrayBuffer | ArrayBufferView;
const bytes = (data: SourceData) =>
  typeof data === 'string'
    ? data
    : ArrayBuffer.isView(data)
      ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
      : new Uint8Array(data);

class Sha256 {
  readonly #hash: ReturnType<typeof createHash> | ReturnType<typeof createHmac>;
  constructor(secret?: SourceData) {
    this.#hash = secret === undefined ? createHash('sha256') : createHmac('sha256', bytes(secret));
  }
  update(data: Uint8Array) {
    this.#hash.update(data);
  }
  digest(): Promise<Uint8Array> {
    return Promise.resolve(this.#hash.digest());
  }
}

function header(headers: S3RequestHead['headers'], name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value.join(',') : value;
}

/** Decodes a raw query without turning '+' into a space (SigV4 encodes spaces as %20). */
export function parseQuery(raw: string): Record<string, string | string[]> {
  const query: Record<string, string | string[]> = {};
  if (!raw) return query;
  for (const part of raw.split('&')) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    const decode = (s: string) => {
      try {
        return decodeURIComponent(s);
      } catch {
        return s;
      }
    };
    const key = decode(eq < 0 ? part : part.slice(0, eq));
    const value = eq < 0 ? '' : decode(part.slice(eq + 1));
    const previous = query[key];
    query[key] =
      previous === undefined ? value : [...(Array.isArray(previous) ? previous : [previous]), value];
  }
  return query;
}

/** `20240102T030405Z` → Date, or undefined. */
export function parseAmzDate(text: string | undefined): Date | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(text ?? '');
  if (!m) return undefined;
  return new Date(Date.UTC(+m[1]!, +m[2]! - 1, +m[3]!, +m[4]!, +m[5]!, +m[6]!));
}

const isoSeconds = (date: Date) => date.toISOString().replace(/\.\d{3}Z$/, 'Z');

interface Credential {
  accessKeyId: string;
  date: string;
  region: string;
  service: string;
  terminator: string;
}

function parseCredential(text: string): Credential | undefined {
  const parts = text.split('/');
  if (parts.length !== 5) return undefined;
  const [accessKeyId, date, region, service, terminator] = parts as [string, string, string, string, string];
  return { accessKeyId, date, region, service, terminator };
}

function checkScope(credential: Credential, amzDate: string, options: VerifyOptions, where: string) {
  const malformed = where === 'header' ? 'AuthorizationHeaderMalformed' : 'AuthorizationQueryParametersError';
  if (credential.service !== 's3' || credential.terminator !== 'aws4_request') {
    return s3Error(
      400,
      malformed,
      `Error parsing the X-Amz-Credential parameter; incorrect service or terminator.`,
    );
  }
  if (credential.region !== options.region) {
    return s3Error(
      400,
      malformed,
      `The authorization ${where} is malformed; the region '${credential.region}' is wrong; expecting '${options.region}'`,
    );
  }
  if (credential.date !== amzDate.slice(0, 8)) {
    return s3Error(400, malformed, 'Invalid credential date. Date is not the same as X-Amz-Date.');
  }
  if (!(credential.accessKeyId in options.credentials)) {
    return s3Error(
      403,
      'InvalidAccessKeyId',
      'The AWS Access Key Id you provided does not exist in our records.',
      {
        AWSAccessKeyId: credential.accessKeyId,
      },
    );
  }
  return undefined;
}

function signerFor(credential: Credential, options: VerifyOptions) {
  return new SignatureV4({
    credentials: {
      accessKeyId: credential.accessKeyId,
      secretAccessKey: options.credentials[credential.accessKeyId]!,
    },
    region: credential.region,
    service: 's3',
    sha256: Sha256,
    // S3 signs the path as sent, without the second encoding other services use.
    uriEscapePath: false,
    applyChecksum: false,
  });
}

function sameSignature(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

function requestToSign(
  head: S3RequestHead,
  signedHeaders: string[],
  query: Record<string, string | string[]>,
) {
  const [path = '/'] = head.url.split('?');
  const headers: Record<string, string> = {};
  for (const name of signedHeaders) {
    const value = header(head.headers, name);
    // A signed header that did not arrive cannot match: leave it out and let the signature differ.
    if (value !== undefined) headers[name] = value;
  }
  const host = header(head.headers, 'host') ?? '';
  const colon = host.lastIndexOf(':');
  return {
    method: head.method,
    protocol: 'http:',
    hostname: colon > 0 ? host.slice(0, colon) : host,
    ...(colon > 0 ? { port: Number(host.slice(colon + 1)) } : {}),
    path,
    query,
    headers,
  };
}

async function verifyHeaderAuth(
  head: S3RequestHead,
  authorization: string,
  options: VerifyOptions,
  now: Date,
) {
  if (!authorization.startsWith('AWS4-HMAC-SHA256 ')) {
    return {
      ok: false as const,
      error: s3Error(
        400,
        'InvalidRequest',
        'The authorization mechanism you have provided is not supported. Please use AWS4-HMAC-SHA256.',
      ),
    };
  }
  const fields = new Map(
    authorization
      .slice('AWS4-HMAC-SHA256 '.length)
      .split(',')
      .map((part) => {
        const [key = '', ...rest] = part.trim().split('=');
        return [key, rest.join('=')] as const;
      }),
  );
  const credential = parseCredential(fields.get('Credential') ?? '');
  const signedHeaders = (fields.get('SignedHeaders') ?? '').split(';').filter(Boolean);
  const signature = fields.get('Signature') ?? '';
  if (!credential || signedHeaders.length === 0 || !signature) {
    return {
      ok: false as const,
      error: s3Error(
        400,
        'AuthorizationHeaderMalformed',
        'The authorization header is malformed; the authorization header requires three components: Credential, SignedHeaders, and Signature.',
      ),
    };
  }
  const amzDate = header(head.headers, 'x-amz-date');
  const signingDate = parseAmzDate(amzDate);
  if (!amzDate || !signingDate) {
    return {
      ok: false as const,
      error: s3Error(403, 'AccessDenied', 'AWS authentication requires a valid Date or x-amz-date header'),
    };
  }
  const contentSha = header(head.headers, 'x-amz-content-sha256');
  if (!contentSha) {
    return {
      ok: false as const,
      error: s3Error(400, 'InvalidRequest', 'Missing required header for this request: x-amz-content-sha256'),
    };
  }
  const scopeError = checkScope(credential, amzDate, options, 'header');
  if (scopeError) return { ok: false as const, error: scopeError };
  if (Math.abs(now.getTime() - signingDate.getTime()) > MAX_SKEW_MS) {
    return {
      ok: false as const,
      error: s3Error(
        403,
        'RequestTimeTooSkewed',
        'The difference between the request time and the current time is too large.',
        {
          RequestTime: amzDate,
          ServerTime: isoSeconds(now),
          MaxAllowedSkewMilliseconds: String(MAX_SKEW_MS),
        },
      ),
    };
  }
  const query = parseQuery(head.url.split('?')[1] ?? '');
  const signed = await signerFor(credential, options).sign(
    requestToSign(head, signedHeaders, query) as never,
    {
      signingDate,
      signableHeaders: new Set(signedHeaders),
      signingRegion: credential.region,
      signingService: 's3',
    },
  );
  const expected = /Signature=([0-9a-f]+)/.exec(String(signed.headers.authorization))?.[1] ?? '';
  if (!sameSignature(expected, signature)) return { ok: false as const, error: SIGNATURE_MISMATCH };
  const payload: PayloadCheck =
    contentSha === UNSIGNED
      ? { kind: 'unsigned' }
      : contentSha.startsWith('STREAMING-')
        ? { kind: 'streaming' }
        : { kind: 'sha256', hex: contentSha.toLowerCase() };
  return { ok: true as const, payload };
}

async function verifyPresigned(
  head: S3RequestHead,
  options: VerifyOptions,
  now: Date,
): Promise<Verification> {
  const query = parseQuery(head.url.split('?')[1] ?? '');
  const one = (name: string) => {
    const value = query[name];
    return Array.isArray(value) ? value[0] : value;
  };
  const algorithm = one('X-Amz-Algorithm');
  const credentialText = one('X-Amz-Credential');
  const amzDate = one('X-Amz-Date');
  const expiresText = one('X-Amz-Expires');
  const signedHeadersText = one('X-Amz-SignedHeaders');
  const signature = one('X-Amz-Signature');
  if (algorithm !== 'AWS4-HMAC-SHA256') {
    return {
      ok: false,
      error: s3Error(
        400,
        'AuthorizationQueryParametersError',
        'X-Amz-Algorithm only supports "AWS4-HMAC-SHA256"',
      ),
    };
  }
  if (!credentialText || !amzDate || !expiresText || !signedHeadersText || !signature) {
    return {
      ok: false,
      error: s3Error(
        400,
        'AuthorizationQueryParametersError',
        'Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters.',
      ),
    };
  }
  const signingDate = parseAmzDate(amzDate);
  if (!signingDate) {
    return {
      ok: false,
      error: s3Error(
        400,
        'AuthorizationQueryParametersError',
        "X-Amz-Date must be in the ISO8601 Long Format \"yyyyMMdd'T'HHmmss'Z'\"",
      ),
    };
  }
  const expiresIn = Number(expiresText);
  if (!Number.isInteger(expiresIn) || expiresIn < 0) {
    return {
      ok: false,
      error: s3Error(400, 'AuthorizationQueryParametersError', 'X-Amz-Expires should be a number'),
    };
  }
  if (expiresIn > MAX_PRESIGNED_SECONDS) {
    return {
      ok: false,
      error: s3Error(
        400,
        'AuthorizationQueryParametersError',
        'X-Amz-Expires must be less than a week (in seconds) that is 604800',
      ),
    };
  }
  const credential = parseCredential(credentialText);
  if (!credential) {
    return {
      ok: false,
      error: s3Error(
        400,
        'AuthorizationQueryParametersError',
        'Error parsing the X-Amz-Credential parameter',
      ),
    };
  }
  const scopeError = checkScope(credential, amzDate, options, 'query');
  if (scopeError) return { ok: false, error: scopeError };
  const expiresAt = new Date(signingDate.getTime() + expiresIn * 1000);
  if (now > expiresAt) {
    return {
      ok: false,
      error: s3Error(403, 'AccessDenied', 'Request has expired', {
        'X-Amz-Expires': expiresText,
        Expires: isoSeconds(expiresAt),
        ServerTime: isoSeconds(now),
      }),
    };
  }
  const signedHeaders = signedHeadersText.split(';').filter(Boolean);
  const request = requestToSign(head, signedHeaders, query);
  // A presigned request's payload is always UNSIGNED-PAYLOAD. The SDK's presigner hoists that into
  // the query as X-Amz-Content-Sha256; other clients leave it out, and then it must stay out.
  // The signer reads the payload hash from this header and hoists x-amz-* headers into the query
  // under the name they have, so it carries the query parameter's exact spelling.
  const shaInQuery = query['X-Amz-Content-Sha256'] !== undefined;
  const keepAsHeaders = new Set(signedHeaders.filter((h) => h.startsWith('x-amz-')));
  const unsignable = new Set<string>();
  if (shaInQuery) {
    delete request.query['X-Amz-Content-Sha256'];
    request.headers['X-Amz-Content-Sha256'] = UNSIGNED;
  } else {
    request.headers['x-amz-content-sha256'] = UNSIGNED;
    keepAsHeaders.add('x-amz-content-sha256');
    unsignable.add('x-amz-content-sha256');
  }
  const presigned = await signerFor(credential, options).presign(request as never, {
    signingDate,
    expiresIn,
    signingRegion: credential.region,
    signingService: 's3',
    signableHeaders: new Set(signedHeaders),
    unsignableHeaders: unsignable,
    unhoistableHeaders: keepAsHeaders,
  });
  const expected = String(presigned.query?.['X-Amz-Signature'] ?? '');
  if (!sameSignature(expected, signature)) return { ok: false, error: SIGNATURE_MISMATCH };
  return { ok: true, payload: { kind: 'unsigned' } };
}

export async function verifyS3Request(head: S3RequestHead, options: VerifyOptions): Promise<Verification> {
  const now = options.now ?? new Date();
  const authorization = header(head.headers, 'authorization');
  const presigned = /[?&]X-Amz-Algorithm=/.test(head.url);
  if (authorization && presigned) {
    return {
      ok: false,
      error: s3Error(
        400,
        'InvalidArgument',
        'Only one auth mechanism allowed; only the X-Amz-Algorithm query parameter, Signature query string parameter or the Authorization header should be specified',
      ),
    };
  }
  if (authorization) return verifyHeaderAuth(head, authorization, options, now);
  if (presigned) return verifyPresigned(head, options, now);
  // Every bucket here is private: an anonymous request is refused, as S3 refuses it.
  return { ok: false, error: ACCESS_DENIED };
}
