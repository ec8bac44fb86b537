import { SIGNATURE_MISMATCH, s3Error } from './s3-errors';
import { parseQuery } from './s3-query';
import { checkScope, isoSeconds, parseAmzDate, parseCredential } from './sigv4-scope';
import { requestToSign, sameSignature, signerFor } from './sigv4-signer';
import { type S3RequestHead, UNSIGNED, type Verification, type VerifyOptions } from './sigv4-types';

/** The longest validity S3 accepts for a presigned URL. */
const MAX_PRESIGNED_SECONDS = 7 * 24 * 3600;

/** Checks a presigned request: the X-Amz-* query parameters, its expiry and its signature. */
export async function verifyPresigned(
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
