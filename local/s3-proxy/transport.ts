import {
  request as httpRequest,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import { pathForLog } from '../request-guard';
import { corsResponseHeaders, matchCorsRule } from './bucket-cors';
import { requestIds, type S3Error, s3Error, s3ErrorXml } from './s3-errors';
import type { S3ProxyOptions } from './server';

/** Moving requests and answers between the browser or SDK, the proxy and s3rver. */
const bucketOf = (url: string) => {
  try {
    return decodeURIComponent(url.split('?')[0]!.split('/')[1] ?? '');
  } catch {
    return '';
  }
};

/** S3's CORS headers for this request's origin, as the bucket's rules give them. */
export function corsFor(req: IncomingMessage, options: S3ProxyOptions) {
  const origin = req.headers.origin;
  const rule = matchCorsRule(options.cors[bucketOf(req.url ?? '')], origin, req.method ?? 'GET');
  return corsResponseHeaders(rule, origin);
}

/** Answers as S3 answers itself: request ids, CORS headers, and the body (none for HEAD). */
export function reply(
  req: IncomingMessage,
  res: ServerResponse,
  options: S3ProxyOptions,
  status: number,
  body = '',
  headers: Record<string, string> = {},
) {
  const ids = requestIds();
  res.writeHead(status, {
    'x-amz-request-id': ids.requestId,
    'x-amz-id-2': ids.hostId,
    ...(body ? { 'content-type': 'application/xml' } : {}),
    ...corsFor(req, options),
    ...headers,
    ...(req.method === 'HEAD' ? {} : { 'content-length': String(Buffer.byteLength(body)) }),
  });
  // Whatever of the request body is left is not wanted; drain it so the connection can be reused.
  req.resume();
  res.end(req.method === 'HEAD' ? undefined : body);
}

export function refuse(req: IncomingMessage, res: ServerResponse, error: S3Error, options: S3ProxyOptions) {
  options.onRefused?.(req.method ?? '', pathForLog((req.url ?? '').split('?')[0]!), error);
  const ids = requestIds();
  reply(req, res, options, error.status, s3ErrorXml(error, ids));
}

export function forward(
  req: IncomingMessage,
  res: ServerResponse,
  options: S3ProxyOptions,
  body: Buffer | undefined,
  fixHeaders?: (headers: IncomingHttpHeaders) => IncomingHttpHeaders,
) {
  const { expect: _expect, ...headers } = req.headers;
  const upstream = httpRequest(
    { host: '127.0.0.1', port: options.upstreamPort, method: req.method, path: req.url, headers },
    (response) => {
      const out = fixHeaders ? fixHeaders(response.headers) : response.headers;
      res.writeHead(response.statusCode ?? 502, out);
      response.pipe(res);
    },
  );
  upstream.on('error', (error) => {
    if (!res.headersSent) refuse(req, res, s3Error(500, 'InternalError', error.message), options);
    else res.destroy(error);
  });
  if (body) upstream.end(body);
  else req.pipe(upstream);
}

export interface UpstreamAnswer {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
}

/** Sends the request on to s3rver and reads its whole (small) answer, to act before replying. */
export function exchange(
  req: IncomingMessage,
  options: S3ProxyOptions,
  body: Buffer | undefined,
): Promise<UpstreamAnswer> {
  const { expect: _expect, ...headers } = req.headers;
  return new Promise((resolve, reject) => {
    const upstream = httpRequest(
      { host: '127.0.0.1', port: options.upstreamPort, method: req.method, path: req.url, headers },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (c: Buffer) => chunks.push(c));
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 502,
            headers: response.headers,
            body: Buffer.concat(chunks),
          }),
        );
        response.on('error', reject);
      },
    );
    upstream.on('error', reject);
    if (body) upstream.end(body);
    else req.pipe(upstream);
  });
}

/** Relays an answer read with `exchange`. */
export function relay(res: ServerResponse, answer: UpstreamAnswer) {
  const { 'transfer-encoding': _chunked, ...headers } = answer.headers;
  res.writeHead(answer.status, { ...headers, 'content-length': String(answer.body.length) });
  res.end(answer.body);
}

export function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}
