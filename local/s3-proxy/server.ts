import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { closeServer, type ListenHosts, listen } from '../ports';
import { guardRequests } from '../request-guard';
import { type BucketCorsRule, corsResponseHeaders, matchCorsRule } from './bucket-cors';
import { emulate, type ProxyContext } from './emulated';
import { createEventGate, createKeyLocks, INVALID_URI, parseTarget } from './object-ops';
import { type S3Error, s3Error } from './s3-errors';
import { s3rverStore } from './s3rver-store';
import { verifyS3Request } from './sigv4';
import { forward, readBody, refuse } from './transport';

/**
 * The local S3 endpoint: checks every request's SigV4 signature (see sigv4.ts) and forwards only
 * good ones to s3rver, which listens on an internal port and checks nothing itself. What S3 does
 * and s3rver does not (conditional writes, tags on write, ListParts, aborts, multipart checks) is
 * emulated here (emulated.ts). CORS preflights go straight through to s3rver's CORS handling, as
 * S3 answers them without a signature.
 */
export interface S3ProxyOptions {
  port: number;
  host: ListenHosts;
  upstreamPort: number;
  /** s3rver's data directory, read for the multipart features s3rver lacks. */
  storeDirectory: string;
  credentials: Record<string, string>;
  region: string;
  /** CORS rules by bucket name, to put S3's CORS headers on refusals too. */
  cors: Record<string, BucketCorsRule[]>;
  onRefused?(method: string, path: string, error: S3Error): void;
  /**
   * An object the proxy wrote itself (a completed multipart upload) is whole, tags included;
   * s3rver announces the objects it writes on its own `event`.
   */
  onObjectCreated?(event: ProxyObjectEvent): void;
}

export interface ProxyObjectEvent {
  eventName: string;
  bucket: string;
  key: string;
  size: number;
  eTag: string;
}

export interface RunningS3Proxy {
  port: number;
  /** Resolves once the proxy has finished writing the object (e.g. its tags): deliver its events then. */
  settled(bucket: string, key: string): Promise<void>;
  stop(): Promise<void>;
}

async function handle(req: IncomingMessage, res: ServerResponse, ctx: ProxyContext) {
  const url = req.url ?? '/';
  const target = parseTarget(url);
  if (!target) return refuse(req, res, INVALID_URI, ctx.options);
  if (req.method === 'OPTIONS') {
    const origin = req.headers.origin;
    const method = String(req.headers['access-control-request-method'] ?? '');
    const rule = matchCorsRule(ctx.options.cors[target.bucket], origin, method);
    // s3rver answers an allowed preflight with `*`; S3 names the origin unless the rule says `*`.
    return forward(req, res, ctx.options, undefined, (headers) =>
      rule && headers['access-control-allow-origin']
        ? { ...headers, ...corsResponseHeaders(rule, origin) }
        : headers,
    );
  }
  const verdict = await verifyS3Request(
    { method: req.method ?? 'GET', url, headers: req.headers },
    { credentials: ctx.options.credentials, region: ctx.options.region },
  );
  if (!verdict.ok) return refuse(req, res, verdict.error, ctx.options);
  let body: Buffer | undefined;
  if (verdict.payload.kind === 'sha256') {
    // A signed payload hash must match the bytes that arrived, so the body is read before it is sent on.
    body = await readBody(req);
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
        ctx.options,
      );
    }
  }
  if (await emulate(req, res, target, body, ctx)) return;
  forward(req, res, ctx.options, body);
}

export async function startS3Proxy(options: S3ProxyOptions): Promise<RunningS3Proxy> {
  const store = s3rverStore(options.storeDirectory);
  // A stop during a completion's background removal leaves its part files behind.
  await store.removeLeftovers();
  const ctx: ProxyContext = {
    options,
    store,
    locks: createKeyLocks(),
    gate: createEventGate(),
  };
  const server = createServer(
    guardRequests(
      (req, res) => handle(req, res, ctx),
      (error, req, res) => refuse(req, res, s3Error(500, 'InternalError', error.message), options),
    ),
  );
  const port = await listen(server, options.port, options.host, 'S3 (s3rver)');
  return {
    port,
    settled: (bucket, key) => ctx.gate.settled(`${bucket}/${key}`),
    stop: () => closeServer(server),
  };
}
