import { type ChildProcess, spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import type { ReadyInfo } from './stack/start-local-stack';

/**
 * `npm start` as a child process, for whoever needs the real CLI rather than the in-process
 * `startLocalStack` (the SIGTERM and orphan tests, the benchmark, end-to-end tests): it runs
 * `tsx local/cli.ts` as `npm start` does, collects the output and parses the `READY {json}` line.
 */
export interface CliProcess {
  child: ChildProcess;
  /** Every stdout and stderr line so far. */
  lines: string[];
  /** Resolves with the READY line's facts; rejects if the process exits first. */
  ready: Promise<ReadyInfo>;
  /** Resolves with the first line (already seen or to come) matching `pattern`. */
  waitForLine(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>;
  /** Resolves with the exit code once the process has exited. */
  exited: Promise<number | null>;
}

const ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '..');

export function spawnCli(
  args: string[],
  /** `detached`: in a process group of its own, so a test can signal the group as a terminal does. */
  options: { env?: NodeJS.ProcessEnv; cwd?: string; detached?: boolean } = {},
): CliProcess {
  // As `npm start` runs it: one Node process with tsx's loader. (The `tsx` command would put a
  // relay process in front that SIGKILLs the runtime when it is slow to acknowledge a signal.)
  // RUNTIME_NODE_ARGS: Node options for the runtime alone, e.g. `--cpu-prof --cpu-prof-dir=prof`
  // to profile it under `npm run bench` (Node refuses --cpu-prof in NODE_OPTIONS).
  const nodeArgs = (process.env.RUNTIME_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(
    process.execPath,
    [...nodeArgs, '--import', 'tsx', join(ROOT, 'local', 'cli.ts'), ...args],
    {
      cwd: options.cwd ?? ROOT,
      detached: options.detached ?? false,
      env: { ...process.env, NO_COLOR: '1', ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  const lines: string[] = [];
  const listeners = new Set<(line: string) => void>();
  for (const stream of [child.stdout!, child.stderr!]) {
    createInterface({ input: stream }).on('line', (line) => {
      lines.push(line);
      for (const listener of listeners) listener(line);
    });
  }
  const exited = new Promise<number | null>((resolveExit) => child.once('exit', (code) => resolveExit(code)));

  const waitForLine = (pattern: RegExp, timeoutMs = 60_000) =>
    new Promise<RegExpMatchArray>((resolveLine, reject) => {
      for (const line of lines) {
        const match = line.match(pattern);
        if (match) return resolveLine(match);
      }
      const timer = setTimeout(() => {
        listeners.delete(listener);
        reject(
          new Error(`no line matching ${pattern} within ${timeoutMs} ms:\n${lines.slice(-20).join('\n')}`),
        );
      }, timeoutMs);
      const listener = (line: string) => {
        const match = line.match(pattern);
        if (!match) return;
        clearTimeout(timer);
        listeners.delete(listener);
        resolveLine(match);
      };
      listeners.add(listener);
      void exited.then(() => {
        if (!listeners.has(listener)) return;
        clearTimeout(timer);
        listeners.delete(listener);
        reject(new Error(`the CLI exited before printing ${pattern}:\n${lines.slice(-20).join('\n')}`));
      });
    });

  const ready = waitForLine(/^READY (\{.*\})$/, 120_000).then((m) => JSON.parse(m[1]!) as ReadyInfo);
  // Callers that expect the CLI to fail never await `ready`; that is not an unhandled rejection.
  ready.catch(() => {});
  return { child, lines, ready, waitForLine, exited };
}
