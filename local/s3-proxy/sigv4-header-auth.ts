import { SIGNATURE_MISMATCH, s3Error } from './s3-errors';
import { parseQuery } from './s3-query';
import { checkScope, isoSeconds, parseAmzDate, parseCredential } from './sigv4-scope';
import { requestToSign, sameSignature, signerFor } from './sigv4-signer';
import {
  header,
  type PayloadCheck,
  type S3RequestHead,
  UNSIGNED,
  type Verification,
  type VerifyOptions,
} from './sigv4-types';

/** How far a header-signed request's x-amz-date may be from the server's clock, as S3 allows. */
const MAX_SKEW_MS = 15 * 60 * 1000;

/** Checks a request signed in its `Authorization: AWS4-HMAC-SHA256 …` header. */
export async function verifyHeaderAuth(
  head: S3RequestHead,
  authorization: string,
  options: VerifyOptions,
  now: Date,
): Promise<Verification> {
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
