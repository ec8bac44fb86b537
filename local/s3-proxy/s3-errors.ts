import { randomBytes } from 'node:crypto';

/** An S3 error response, as S3 shapes it: a status and an `<Error>` XML document. */
export interface S3Error {
  status: number;
  code: string;
  message: string;
  /** Extra elements S3 adds for some errors (e.g. `Expires`, `ServerTime`). */
  detail?: Record<string, string>;
}

export function s3Error(
  status: number,
  code: string,
  message: string,
  detail?: Record<string, string>,
): S3Error {
  return { status, code, message, ...(detail ? { detail } : {}) };
}

const escapeXml = (text: string) =>
  text.replace(
    /[<>&'"]/g,
    (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]!,
  );

export function requestIds() {
  return {
    requestId: randomBytes(8).toString('hex').toUpperCase(),
    hostId: randomBytes(48).toString('base64'),
  };
}

export function s3ErrorXml(error: S3Error, ids = requestIds()): string {
  const detail = Object.entries(error.detail ?? {})
    .map(([name, value]) => `<${name}>${escapeXml(value)}</${name}>`)
    .join('');
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<Error><Code>${error.code}</Code><Message>${escapeXml(error.message)}</Message>${detail}` +
    `<RequestId>${ids.requestId}</RequestId><HostId>${escapeXml(ids.hostId)}</HostId></Error>`
  );
}

export const SIGNATURE_MISMATCH = s3Error(
  403,
  'SignatureDoesNotMatch',
  'The request signature we calculated does not match the signature you provided. Check your key and signing method.',
);

export const ACCESS_DENIED = s3Error(403, 'AccessDenied', 'Access Denied');
