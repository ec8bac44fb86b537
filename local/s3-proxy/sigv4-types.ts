import type { S3Error } from './s3-errors';

/** An S3 request as the proxy sees it before reading the body: all the signature check needs. */
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

export const UNSIGNED = 'UNSIGNED-PAYLOAD';

export function header(headers: S3RequestHead['headers'], name: string): string | undefined {
  const value = headers[name];
  return Array.isArray(value) ? value.join(',') : value;
}
