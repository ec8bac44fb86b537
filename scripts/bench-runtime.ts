import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { Agent, request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnCli } from '../local/cli-process';
import { signUpAndSignIn } from '../local/test/support/cognito';
import { formatThumbnailFigures, measureThumbnails } from './bench-thumbnails';
import { benchTodos } from './bench-todos';
import { benchUploads } from './bench-uploads';

/**
 * `npm run bench`: starts the local runtime as `npm start` does (fresh data directory, free ports,
 * throttling off so the APIs' 50 req/s limit does not hide the runtime's own speed) and prints
 * time to ready, first-request latency, and p50/p99 latency and throughput of `GET /todos`
 * (50 todos, all in one page) and `POST /todos` with 10 concurrent clients for 10 s each, then
 * `GET /todos` from a single client for 3 s, and the CPU each request cost the runtime and Java;
 * then a 200 MiB multipart attachment upload next to one PUT of the same bytes (bench-uploads.ts).
 * Loopback only, bounded in time; the runtime is stopped at the end whatever happens.
 * `--only runtime,uploads,thumbnails,todos` (any of them) runs just those parts.
 */
const CLIENTS = Number(process.env.BENCH_CLIENTS ?? 10);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 10);
const TODOS = 50;
const PARTS = ['runtime', 'uploads', 'thumbnails', 'todos'] as const;
const onlyArg = process.argv.indexOf('--only');
const only = onlyArg > 0 ? (process.argv[onlyArg + 1] ?? '').split(',') : [...PARTS];
for (const part of only)
  if (!(PARTS as readonly string[]).includes(part)) throw new Error(`--only takes ${PARTS.join(',')}`);
const want = (part: (typeof PARTS)[number]) => only.includes(part);

interface Figures {
  requests: number;
  errors: number;
  p50: number;
  p99: number;
  rps: number;
  /** CPU per request of the runtime process (all its threads) and of DynamoDB Local. */
  cpu?: { runtime: number; dynamodb: number };
}

const agent = new Agent({ keepAlive: true, maxSockets: CLIENTS * 2 });

/** A GET that keeps the body, for figures that check what they measured. */
function timedGet(url: string, token: string) {
  const started = performance.now();
  return new Promise<{ ms: number; status: number; body: string }>((resolve, reject) => {
    const req = request(
      url,
      { method: 'GET', agent, headers: { authorization: `Bearer ${token}` } },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          body += chunk;
        });
        res.on('end', () => resolve({ ms: performance.now() - started, status: res.statusCode ?? 0, body }));
      },
    );
    req.on('error', reject);
    req.end();
  });
}

const subOf = (jwt: string) =>
  (JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString('utf8')) as { sub: string }).sub;

function timed(method: 'GET' | 'POST', url: string, token: string, body?: string) {
  const started = performance.now();
  return new Promise<{ ms: number; status: number }>((resolve, reject) => {
    const req = request(
      url,
      {
        method,
        agent,
        headers: {
          authorization: `Bearer ${token}`,
          ...(body ? { 'content-type': 'application/json' } : {}),
        },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve({ ms: performance.now() - started, status: res.statusCode ?? 0 }));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** CPU time (ms) a process used so far, from /proc; null where there is no /proc. */
function cpuMs(pid: number | null): number | null {
  if (!pid) return null;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return null;
  }
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

async function load(
  run: () => Promise<{ ms: number; status: number }>,
  okStatus: number,
  pids: { runtime: number; dynamodb: number | null },
  clients = CLIENTS,
  seconds = SECONDS,
): Promise<Figures> {
  const cpuBefore = { runtime: cpuMs(pids.runtime), dynamodb: cpuMs(pids.dynamodb) };
  const latencies: number[] = [];
  let errors = 0;
  const deadline = performance.now() + seconds * 1000;
  const started = performance.now();
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (performance.now() < deadline) {
        const { ms, status } = await run();
        latencies.push(ms);
        if (status !== okStatus) errors += 1;
      }
    }),
  );
  const elapsed = (performance.now() - started) / 1000;
  const runtimeCpu = cpuMs(pids.runtime);
  const dynamodbCpu = cpuMs(pids.dynamodb);
  latencies.sort((a, b) => a - b);
  return {
    requests: latencies.length,
    errors,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    rps: latencies.length / elapsed,
    ...(runtimeCpu !== null &&
    dynamodbCpu !== null &&
    cpuBefore.runtime !== null &&
    cpuBefore.dynamodb !== null
      ? {
          cpu: {
            runtime: (runtimeCpu - cpuBefore.runtime) / latencies.length,
            dynamodb: (dynamodbCpu - cpuBefore.dynamodb) / latencies.length,
          },
        }
      : {}),
  };
}

const fmt = (ms: number) => `${ms.toFixed(1)} ms`;
const row = (name: string, f: Figures) =>
  `${name.padEnd(26)} p50 ${fmt(f.p50).padStart(9)}   p99 ${fmt(f.p99).padStart(9)}   ${f.rps.toFixed(0).padStart(5)} req/s   (${f.requests} requests, ${f.errors} errors)` +
  (f.cpu
    ? `\n${''.padEnd(26)} CPU per request: runtime ${fmt(f.cpu.runtime)}, DynamoDB Local ${fmt(f.cpu.dynamodb)}`
    : '');

type Pids = Parameters<typeof load>[2];

/** The runtime's own figures: start, first request, and GET/POST /todos under load and alone. */
async function benchRuntime(
  todosApiUrl: string,
  token: string,
  pids: Pids,
  readyWall: number,
  readyMs: number,
) {
  const list = `${todosApiUrl}/todos?limit=${TODOS}`;
  const first = await timed('GET', list, token);
  for (let i = 0; i < TODOS; i++) {
    const created = await timed(
      'POST',
      `${todosApiUrl}/todos`,
      token,
      JSON.stringify({ title: `todo ${i}` }),
    );
    if (created.status !== 201) throw new Error(`POST /todos answered ${created.status}`);
  }
  // Warm every execution environment the load will use, as a running app would have.
  await load(() => timed('GET', list, token), 200, pids).catch(() => undefined);
  const get = await load(() => timed('GET', list, token), 200, pids);
  // One client at a time: the latency of a request when nothing else competes for the CPU.
  const single = await load(() => timed('GET', list, token), 200, pids, 1, 3);
  let n = 0;
  const post = await load(
    () => timed('POST', `${todosApiUrl}/todos`, token, JSON.stringify({ title: `load ${n++}` })),
    201,
    pids,
  );
  console.log(`\nLocal runtime figures (${CLIENTS} concurrent clients, ${SECONDS} s per route, loopback)\n`);
  console.log(
    `${'start to ready'.padEnd(26)} ${(readyWall / 1000).toFixed(2)} s   (runtime's own count: ${(readyMs / 1000).toFixed(2)} s)`,
  );
  console.log(`${'first request (GET /todos)'.padEnd(26)} ${fmt(first.ms)}   (cold start included)`);
  console.log(row(`GET /todos (${TODOS} todos)`, get));
  console.log(row('POST /todos', post));
  console.log(row(`GET /todos, 1 client`, single));
}

async function main() {
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-runtime-'));
  const spawned = performance.now();
  const cli = spawnCli(['--free-ports', '--port', '0', '--data-dir', dataDir, '--no-throttle', '--quiet']);
  try {
    const info = await cli.ready;
    const readyWall = performance.now() - spawned;
    const codes = async (email: string) =>
      (await cli.waitForLine(new RegExp(`^Confirmation code for ${email}: (\\d+)$`)))[1]!;
    const tokens = await signUpAndSignIn(
      {
        cognitoEndpoint: info.cognitoEndpoint,
        userPoolClientId: info.userPoolClientId,
        region: info.region,
        waitForCode: codes,
      },
      'bench@example.com',
      'Bench-password-1',
    );
    const token = tokens.accessToken;
    if (want('runtime')) await benchRuntime(info.todosApiUrl!, token, info.pids, readyWall, info.readyMs);
    if (want('uploads')) for (const line of await benchUploads(info, token)) console.log(line);
    if (want('thumbnails'))
      console.log(
        formatThumbnailFigures(
          await measureThumbnails({ todos: info.todosApiUrl!, files: info.filesApiUrl! }, token),
        ),
      );
    console.log('');
    if (!want('todos')) return;

    // Wave 2: a second user holding 10,000 todos.
    const heavy = await signUpAndSignIn(
      {
        cognitoEndpoint: info.cognitoEndpoint,
        userPoolClientId: info.userPoolClientId,
        region: info.region,
        waitForCode: codes,
      },
      'bench-10k@example.com',
      'Bench-password-1',
    );
    const lines = await benchTodos({
      todosApiUrl: info.todosApiUrl!,
      dynamodbEndpoint: info.dynamodbEndpoint,
      todosTable: info.tables.TodosTable!,
      userId: subOf(heavy.accessToken),
      get: (url) => timedGet(url, heavy.accessToken),
    });
    console.log(lines.join('\n'));
  } finally {
    cli.child.kill('SIGTERM');
    await cli.exited;
    agent.destroy();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
