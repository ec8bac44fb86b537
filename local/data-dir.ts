import { spawnSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { UserFacingError } from './errors';

/**
 * Everything the local stack keeps between runs lives under one directory (`.local/` by default):
 * the emulators' data, the stack's identity (its uuid decides the bucket name, so it must not
 * change between runs) and the stream reader's positions.
 */
export interface DataDir {
  root: string;
  dynamodb: string;
  s3: string;
  cognito: string;
  /** Stream positions of the event source mappings. */
  checkpoints: string;
  /** Events that exhausted their retries (what AWS would send to the on-failure destination). */
  deadLetters: string;
  state: StackState;
}

export interface StackState {
  stackUuid: string;
  /** Value of `{{resolve:secretsmanager:...}}` references; kept so cursors survive restarts. */
  secret: string;
  createdAt: string;
}

const OWNED = [
  'dynamodb',
  's3',
  'cognito',
  'state.json',
  'checkpoints.json',
  'dead-letters',
  'schedules.json',
];

/** Remove what the runtime owns under `root`, and nothing else that may share the directory. */
export function resetDataDir(root: string): void {
  for (const entry of OWNED) rmSync(join(root, entry), { recursive: true, force: true });
}

export function openDataDir(rootPath: string, options: { reset?: boolean } = {}): DataDir {
  const root = resolve(rootPath);
  if (options.reset) resetDataDir(root);
  mkdirSync(root, { recursive: true });
  const statePath = join(root, 'state.json');
  let state: StackState;
  if (existsSync(statePath)) {
    state = JSON.parse(readFileSync(statePath, 'utf8')) as StackState;
  } else {
    state = {
      stackUuid: randomUUID(),
      secret: randomBytes(32).toString('base64url'),
      createdAt: new Date().toISOString(),
    };
    writeFileSync(statePath, `${JSON.stringify(state, null, 2)}\n`);
  }
  const dir: DataDir = {
    root,
    dynamodb: join(root, 'dynamodb'),
    s3: join(root, 's3'),
    cognito: join(root, 'cognito'),
    checkpoints: join(root, 'checkpoints.json'),
    deadLetters: join(root, 'dead-letters'),
    state,
  };
  for (const path of [dir.dynamodb, dir.s3, dir.cognito]) mkdirSync(path, { recursive: true });
  return dir;
}

// ---------------------------------------------------------------- one runtime per data dir

interface RuntimeRecord {
  pid: number;
  javaPid?: number;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function commandLine(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').replace(/\0/g, ' ');
  } catch {
    const ps = spawnSync('ps', ['-o', 'command=', '-p', String(pid)], { encoding: 'utf8' });
    return ps.stdout ?? '';
  }
}

/**
 * Claims the data directory for this process, before anything in it is read or wiped. Another live runtime on it is refused (two
 * DynamoDB Locals on one database file corrupt it); a DynamoDB Local orphaned by a runtime that
 * was killed with SIGKILL is stopped, since nothing else would ever stop it.
 */
/** Data directories claimed by stacks running in this process (runtime.json names only the pid). */
const claimedHere = new Set<string>();

export function claimDataDir(rootPath: string, log: (message: string) => void): void {
  const root = resolve(rootPath);
  if (claimedHere.has(root)) {
    throw new UserFacingError(`A local stack in this process is already using ${root}; stop it first.`);
  }
  mkdirSync(root, { recursive: true });
  const path = join(root, 'runtime.json');
  if (existsSync(path)) {
    let previous: RuntimeRecord | undefined;
    try {
      previous = JSON.parse(readFileSync(path, 'utf8')) as RuntimeRecord;
    } catch {
      previous = undefined;
    }
    if (previous && previous.pid !== process.pid && isAlive(previous.pid)) {
      throw new UserFacingError(
        `Another local runtime (pid ${previous.pid}) is using ${root}: stop it first, or start with --data-dir <another dir>.`,
      );
    }
    const orphan = previous?.javaPid;
    if (orphan && isAlive(orphan)) {
      const cmd = commandLine(orphan);
      if (cmd.includes('DynamoDBLocal.jar') && cmd.includes(join(root, 'dynamodb'))) {
        process.kill(orphan, 'SIGKILL');
        log(`stopped DynamoDB Local (pid ${orphan}) left running by a previous run that was killed`);
      }
    }
  }
  recordRuntime(root, { pid: process.pid });
  claimedHere.add(root);
}

export function recordRuntime(root: string, record: RuntimeRecord): void {
  writeFileSync(join(root, 'runtime.json'), `${JSON.stringify(record)}\n`);
}

export function releaseDataDir(root: string): void {
  claimedHere.delete(root);
  const path = join(root, 'runtime.json');
  try {
    const record = JSON.parse(readFileSync(path, 'utf8')) as RuntimeRecord;
    if (record.pid === process.pid) rmSync(path, { force: true });
  } catch {
    // already gone
  }
}
