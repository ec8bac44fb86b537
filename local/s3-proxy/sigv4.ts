import { ACCESS_DENIED, s3Error } from './s3-errors';
import { verifyHeaderAuth } from './sigv4-header-auth';
import { verifyPresigned } from './sigv4-presigned';
import { header, type S3RequestHead, type Verification, type VerifyOptions } from './sigv4-types';

export type { PayloadCheck, S3RequestHead, Verification, VerifyOptions } from './sigv4-types';

/**
 * Verifies an S3 request's Signature Version 4 the way S3 does, by recomputing it with the SDK's
 * own signer from the request as it arrived: the method, the path, the query, and the value of
 * every header the client said it signed. A header whose value changed (a longer body has another
 * `content-length`), an expired presigned URL, an unknown key or a missing signature all fail.
 */
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
