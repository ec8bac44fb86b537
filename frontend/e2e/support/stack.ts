/**
 * Runs the local stack exactly as a developer does (`npx tsx local/cli.ts`), on free ports with
 * a throw-away data directory, and reads what it prints: the READY line with every URL, and the
 * confirmation and password-reset codes that cognito-local "emails".
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));

export interface StackInfo {
  webUrl: string;
  todosApiUrl: string;
  filesApiUrl: string;
  cognitoEndpoint: string;
  userPoolId: string;
  userPoolClientId: string;
}

export interface LocalStack {
  info: StackInfo;
  /** The latest code printed for `email` (waits until one arrives after `since`). */
  code(kind: 'confirmation' | 'reset', email: string, since?: number): Promise<string>;
  /** How many lines have been printed so far (a marker for code()). */
  mark(): number;
  /** The last `n` lines the stack printed (for diagnosing a failure). */
  tail(n: number): string;
  stop(): Promise<void>;
}

const CODE_LINE = /^(Confirmation|Password reset) code for (\S+): (\S+)/;

export async function startLocalStack(timeoutMs = 150_000): Promise<LocalStack> {
  const dataDir = mkdtempSync(join(tmpdir(), 'todo-e2e-'));
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', 'local/cli.ts', '--data-dir', dataDir, '--free-ports', '--port', '0'],
    { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, FORCE_COLOR: '0' } },
  );
  const lines: string[] = [];
  const codes: { kind: string; email: string; code: string; line: number }[] = [];
  const waiters = new Set<() => void>();
  const onLine = (raw: string) => {
    // Strip colours and log prefixes, then look for the agreed lines anywhere in the text.
    const line = raw.replace(/\u001b\[[0-9;]*m/g, '');
    lines.push(line);
    const at = line.search(/(Confirmation|Password reset) code for /);
    const match = at >= 0 ? CODE_LINE.exec(line.slice(at)) : null;
    if (match?.[1] && match[2] && match[3]) {
      codes.push({
        kind: match[1] === 'Confirmation' ? 'confirmation' : 'reset',
        email: match[2].toLowerCase(),
        code: match[3].replace(/[.,;]$/, ''),
        line: lines.length,
      });
    }
    for (const wake of waiters) wake();
  };
  if (child.stdout) createInterface({ input: child.stdout }).on('line', onLine);
  if (child.stderr) createInterface({ input: child.stderr }).on('line', onLine);

  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const waitFor = <T>(find: () => T | undefined, ms: number, what: string) =>
    new Promise<T>((resolve, reject) => {
      const check = () => {
        const found = find();
        if (found !== undefined) {
          cleanup();
          resolve(found);
        }
      };
      const timer = setTimeout(() => {
        cleanup();
        reject(new Error(`Timed out waiting for ${what}. Output so far:\n${lines.slice(-40).join('\n')}`));
      }, ms);
      const onExit = () => {
        cleanup();
        reject(new Error(`local/cli.ts exited while waiting for ${what}:\n${lines.slice(-40).join('\n')}`));
      };
      const cleanup = () => {
        clearTimeout(timer);
        waiters.delete(check);
        child.off('exit', onExit);
      };
      waiters.add(check);
      child.once('exit', onExit);
      check();
    });

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(dataDir, { recursive: true, force: true });
  };

  try {
    const info = await waitFor(
      () => {
        const ready = lines.find((l) => l.includes('READY {'));
        return ready ? (JSON.parse(ready.slice(ready.indexOf('{'))) as StackInfo) : undefined;
      },
      timeoutMs,
      'the READY line',
    );
    return {
      info,
      mark: () => lines.length,
      tail: (n) => lines.slice(-n).join('\n'),
      code: (kind, email, since = 0) =>
        waitFor(
          () =>
            codes.findLast((c) => c.kind === kind && c.email === email.toLowerCase() && c.line > since)?.code,
          20_000,
          `the ${kind} code for ${email}`,
        ),
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
