import type { IncomingMessage, ServerResponse } from 'node:http';
import { CognitoError, UnsupportedError } from 'cognito-local/lib/errors';
import type { RequestHandler } from '../request-guard';

/**
 * The Cognito endpoint in front of cognito-local, as the S3 proxy is in front of s3rver: it parses
 * each API call the way Cognito does (JSON 1.1, `x-amz-target`), answers malformed ones with
 * Cognito's own errors instead of letting them reach cognito-local, serves the actions the local
 * runtime adds or changes (`targets`), and hands every other request (keys, OpenID configuration,
 * CORS preflights) to cognito-local's own application.
 */
export type CognitoAction = (input: Record<string, unknown>) => Promise<Record<string, unknown>>;

export interface CognitoApiOptions {
  /** cognito-local's action router. */
  route(action: string): CognitoAction;
  /** Actions served here instead of by cognito-local. */
  targets: Record<string, CognitoAction>;
  /** cognito-local's HTTP application, for everything that is not an API call. */
  passThrough: RequestHandler;
  onLog(level: 'warn' | 'debug', message: string): void;
}

const TARGET_PREFIX = 'AWSCognitoIdentityProviderService.';
/** Cognito's requests are small; anything near this is junk. */
const MAX_BODY_BYTES = 1024 * 1024;

export function cognitoError(res: ServerResponse, status: number, type: string, message: string) {
  const body = JSON.stringify({ __type: type, message });
  res.writeHead(status, {
    'content-type': 'application/x-amz-json-1.1',
    'content-length': Buffer.byteLength(body),
    // Browsers call Cognito from the app's origin; Cognito answers them all.
    'access-control-allow-origin': '*',
  });
  res.end(body);
}

function readBody(req: IncomingMessage): Promise<Buffer | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('end', () => resolve(size > MAX_BODY_BYTES ? null : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** Dates go out as epoch seconds, as Cognito sends them (and as cognito-local does). */
function toJson(output: unknown): string {
  return JSON.stringify(output, function (this: Record<string, unknown>, key, value) {
    const raw = this[key];
    return raw instanceof Date ? Math.floor(raw.getTime() / 1000) : value;
  });
}

export function cognitoApi(options: CognitoApiOptions): RequestHandler {
  return async (req, res) => {
    const target = req.headers['x-amz-target'];
    if (req.method !== 'POST' || (req.url ?? '/').split('?')[0] !== '/') {
      return options.passThrough(req, res);
    }
    const action =
      typeof target === 'string' && target.startsWith(TARGET_PREFIX)
        ? target.slice(TARGET_PREFIX.length)
        : '';
    const body = await readBody(req);
    if (body === null) return cognitoError(res, 413, 'SerializationException', 'Request entity too large');
    if (!/^[A-Z][A-Za-z]+$/.test(action)) {
      return cognitoError(res, 400, 'UnknownOperationException', 'Unknown operation');
    }
    let input: unknown;
    try {
      input = JSON.parse(body.toString('utf8') || '{}');
    } catch {
      return cognitoError(res, 400, 'SerializationException', 'Request body is not valid JSON');
    }
    if (typeof input !== 'object' || input === null || Array.isArray(input)) {
      return cognitoError(res, 400, 'SerializationException', 'Request body is not a JSON object');
    }
    const run = Object.hasOwn(options.targets, action) ? options.targets[action]! : options.route(action);
    let output: Record<string, unknown>;
    try {
      output = await run(input as Record<string, unknown>);
    } catch (error) {
      if (error instanceof CognitoError) return cognitoError(res, 400, error.code, error.message);
      if (error instanceof UnsupportedError) {
        options.onLog('warn', `cognito-local does not support ${action}: ${error.message}`);
        return cognitoError(res, 400, 'UnsupportedOperationException', error.message);
      }
      // cognito-local trusts its input: a missing or mistyped field surfaces as a TypeError.
      options.onLog('debug', `${action} refused: ${(error as Error).message}`);
      return cognitoError(res, 400, 'InvalidParameterException', `Invalid ${action} request`);
    }
    const json = toJson(output);
    res.writeHead(200, {
      'content-type': 'application/x-amz-json-1.1',
      'content-length': Buffer.byteLength(json),
      'access-control-allow-origin': '*',
    });
    res.end(json);
  };
}
