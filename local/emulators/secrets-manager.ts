import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { type ListenHosts, listen } from '../ports';

/**
 * The local runtime's secret store: a Secrets Manager endpoint answering `GetSecretValue` (the
 * AWS JSON 1.1 protocol the SDK speaks) for the template's secrets, so handlers read secrets
 * through the same SDK call as on AWS, pointed here by AWS_ENDPOINT_URL_SECRETS_MANAGER.
 * Anything else gets the error Secrets Manager would give, never a crash.
 */
export interface LocalSecret {
  arn: string;
  name: string;
  value: string;
}

export interface SecretsManagerServer {
  endpoint: string;
  port: number;
  stop(): Promise<void>;
}

const MAX_BODY = 64 * 1024;

function reply(res: ServerResponse, status: number, body: unknown, errorType?: string): void {
  res.writeHead(status, {
    'content-type': 'application/x-amz-json-1.1',
    ...(errorType ? { 'x-amzn-errortype': errorType } : {}),
  });
  res.end(JSON.stringify(body));
}

const fail = (res: ServerResponse, status: number, type: string, message: string) =>
  reply(res, status, { __type: type, message }, type);

function readBody(req: IncomingMessage): Promise<string | null> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY) {
        resolve(null);
        req.destroy();
      } else chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', () => resolve(null));
  });
}

export function handleSecretsRequest(secrets: LocalSecret[]) {
  return async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const target = String(req.headers['x-amz-target'] ?? '');
    const body = await readBody(req);
    if (body === null) return fail(res, 413, 'SerializationException', 'Request body too large');
    if (req.method !== 'POST' || target !== 'secretsmanager.GetSecretValue') {
      return fail(
        res,
        400,
        'UnknownOperationException',
        `The local secret store answers only GetSecretValue`,
      );
    }
    let secretId: unknown;
    try {
      secretId = (JSON.parse(body) as { SecretId?: unknown }).SecretId;
    } catch {
      return fail(res, 400, 'SerializationException', 'The request body is not JSON');
    }
    const secret = secrets.find((s) => s.arn === secretId || s.name === secretId);
    if (!secret) {
      return fail(res, 400, 'ResourceNotFoundException', "Secrets Manager can't find the specified secret.");
    }
    reply(res, 200, {
      ARN: secret.arn,
      Name: secret.name,
      SecretString: secret.value,
      VersionId: '00000000-0000-4000-8000-000000000000',
      VersionStages: ['AWSCURRENT'],
      CreatedDate: 0,
    });
  };
}

export function startSecretsManager(options: {
  secrets: LocalSecret[];
  host: ListenHosts;
  publicHost: string;
  port?: number;
}): Promise<SecretsManagerServer> {
  const handle = handleSecretsRequest(options.secrets);
  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) fail(res, 500, 'InternalServiceError', 'Internal error');
      else res.destroy();
    });
  });
  server.on('clientError', (_error, socket) => socket.destroy());
  return listen(server, options.port ?? 0, options.host, 'Secrets Manager').then((port) => ({
    endpoint: `http://${options.publicHost}:${port}`,
    port,
    // Functions' SDK clients keep connections alive: close them too, or stop would wait on them.
    stop: () =>
      new Promise<void>((done) => {
        server.close(() => done());
        server.closeAllConnections();
      }),
  }));
}
