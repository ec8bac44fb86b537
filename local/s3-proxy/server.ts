import { createHash } from 'node:crypto';
import {
  createServer,
  request as httpRequest,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type ServerResponse,
} from 'node:http';
import { closeServer, type ListenHosts, listen } from '../ports';
import { guardRequests, pathForLog, tryDecode } from '../request-guard';
import { type BucketCorsRule, corsResponseHeaders, matchCorsRule } from './bucket-cors';
import { requestIds, type S3Error, s3Error, s3ErrorXml } from './s3-errors';
import { verifyS3Request } from './sigv4';

/**
 * The local S3 endpoint: checks every request's SigV4 signature (see sigv4.ts) and forwards only
 * good ones to s3rver, which listens on an internal port and checks nothing itself. CORS
 * preflights go straight through to s3rver's CORS handling, as S3 answers them without a signature.
 */
export interface S3ProxyOptions {
  port: number;
  host: ListenHosts;
  upstreamPort: number;
  credentials: Record<string, string>;
  region: string;
  /** CORS rules by bucket name, to put S3's CORS headers on refusals too. */
  cors: Record<string, BucketCorsRule[]>;
  onRefused?(method: string, path: string, error: S3Error): void;
}

export interface RunningS3Proxy {
  port: number;
  stop(): Promise<void>;
}

const bucketOf = (url: string) => tryDecode(url.split('?')[0]!.split('/')[1] ?? '') ?? '';

/** S3's answer to a path that does not decode (`GET /%ff`). */
const INVALID_URI = s3Error(400, 'InvalidURI', "Couldn't parse the specified URI.");

function refuse(req: IncomingMessage, res: ServerResponse, error: S3Error, options: S3ProxyOptions) {
  options.onRefused?.(req.method ?? '', pathForLog((req.url ?? '').split('?')[0]!), error);
  const origin = req.headers.origin;
  const rule = matchCorsRule(options.cors[bucketOf(req.url ?? '')], origin, req.method ?? 'GET');
  const ids = requestIds();
  const body = s3ErrorXml(error, ids);
  res.writeHead(error.status, {
    'content-type': 'application/xml',
    'x-amz-request-id': ids.requestId,
    'x-amz-id-2': ids.hostId,
    ...corsResponseHeaders(rule, origin),
    ...(req.method === 'HEAD' ? {} : { 'content-length': Buffer.byteLength(body) }),
  });
  // The request body is not wanted; drain it so the connection can be reused.
  req.resume();
  res.end(req.method === 'HEAD' ? undefined : body);
}

function forward(
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

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

async function handle(req: IncomingMessage, res: ServerResponse, options: S3ProxyOptions) {
  const url = req.url ?? '/';
  if (!url.startsWith('/') || tryDecode(url.split('?')[0]!) === undefined) {
    return refuse(req, res, INVALID_URI, options);
  }
  if (req.method === 'OPTIONS') {
    const origin = req.headers.origin;
    const method = String(req.headers['access-control-request-method'] ?? '');
    const rule = matchCorsRule(options.cors[bucketOf(url)], origin, method);
    // s3rver answers an allowed preflight with `*`; S3 names the origin unless the rule says `*`.
    return forward(req, res, options, undefined, (headers) =>
      rule && headers['access-control-allow-origin']
        ? { ...headers, ...corsResponseHeaders(rule, origin) }
        : headers,
    );
  }
  const verdict = await verifyS3Request(
    { method: req.method ?? 'GET', url, headers: req.headers },
    { credentials: options.credentials, region: options.region },
  );
  if (!verdict.ok) return refuse(req, res, verdict.error, options);
  if (verdict.payload.kind !== 'sha256') return forward(req, res, options, undefined);
  // A signed payload hash must match the bytes that arrived, so the body is read before it is sent on.
  const body = await readBody(req);
  const actual = createHash('sha256').update(body).digest('hex');
  if (actual !== verdict.payload.hex) {
    return refuse(
      req,
      res,
      s3Error(
        400,
        'XAmzContentSHA256Mismatch',
        "The provided 'x-amz-content-sha256' header does not match what was computed.",
        {
          ClientComputedContentSHA256: verdict.payload.hex,
          S3ComputedContentSHA256: actual,
        },
      ),
      options,
    );
  }
  forward(req, res, options, body);
}

export async function startS3Proxy(options: S3ProxyOptions): Promise<RunningS3Proxy> {
  const server = createServer(
    guardRequests(
      (req, res) => handle(req, res, options),
      (error, req, res) => refuse(req, res, s3Error(500, 'InternalError', error.message), options),
    ),
  );
  const port = await listen(server, options.port, options.host, 'S3 (s3rver)');
  return { port, stop: () => closeServer(server) };
}
