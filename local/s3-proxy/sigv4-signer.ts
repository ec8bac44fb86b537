import { createHash, createHmac, timingSafeEqual } from 'node:crypto';
import { SignatureV4 } from '@smithy/signature-v4';
import type { Credential } from './sigv4-scope';
import { header, type S3RequestHead, type VerifyOptions } from './sigv4-types';

/**
 * The SDK's own signer, set up to sign a request the way S3 does, so a received request's
 * signature is checked by recomputing it rather than by a second implementation of SigV4.
 */

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

export function signerFor(credential: Credential, options: VerifyOptions) {
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

export function sameSignature(a: string, b: string): boolean {
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

/** The request to re-sign: as it arrived, with only the headers the client said it signed. */
export function requestToSign(
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
