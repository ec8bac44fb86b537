import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ForgotPasswordCommand, SignUpCommand } from '@aws-sdk/client-cognito-identity-provider';
import { afterAll, describe, expect, it } from 'vitest';
import { spawnCli } from '../cli-process';
import { cognitoClient } from './support/cognito';
import { descendants, isAlive, processesMentioning, waitUntilGone } from './support/processes';

/**
 * The CLI as `npm start` runs it (tsx → node → java): what it prints, and that a signal stops every
 * process it started. Processes are checked by pid in /proc, before and after.
 */
const temp = mkdtempSync(join(tmpdir(), 'local-cli-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

async function startCli(dataDir: string) {
  const cli = spawnCli(['--free-ports', '--port', '0', '--data-dir', dataDir]);
  const info = await cli.ready;
  // The CLI's own process is the runtime (`node --import tsx`), DynamoDB Local's java its child.
  const tree = [cli.child.pid!, ...descendants(cli.child.pid!)];
  expect(info.pids.dynamodb).toBeTypeOf('number');
  expect(tree).toContain(info.pids.runtime);
  expect(tree).toContain(info.pids.dynamodb);
  expect(tree.every(isAlive)).toBe(true);
  return { cli, info, tree };
}

// Each test starts the real CLI, which takes well over the default timeout on a loaded machine.
describe('npm start', { timeout: 150_000 }, () => {
  it('prints the banner, a READY line, and each sign-up and password-reset code', async () => {
    const dataDir = join(temp, 'codes');
    const { cli, info } = await startCli(dataDir);
    try {
      expect(cli.lines.join('\n')).toMatch(/Local stack ready in/);
      expect(Object.keys(info)).toEqual(
        expect.arrayContaining([
          'webUrl',
          'todosApiUrl',
          'filesApiUrl',
          'cognitoEndpoint',
          'userPoolId',
          'userPoolClientId',
        ]),
      );
      const client = cognitoClient(info);
      await client.send(
        new SignUpCommand({
          ClientId: info.userPoolClientId!,
          Username: 'carol@example.com',
          Password: 'Carol-pass-1',
        }),
      );
      const [, code] = await cli.waitForLine(/^Confirmation code for carol@example\.com: (\d{6})$/, 10_000);
      expect(code).toMatch(/^\d{6}$/);
      await client.send(
        new ForgotPasswordCommand({ ClientId: info.userPoolClientId!, Username: 'carol@example.com' }),
      );
      await cli.waitForLine(/^Password reset code for carol@example\.com: \d{6}$/, 10_000);
      client.destroy();
    } finally {
      cli.child.kill('SIGTERM');
      await cli.exited;
    }
  });

  it('stops DynamoDB Local and the runtime on SIGTERM and exits 0, leaving no process behind', async () => {
    const { cli, info, tree } = await startCli(join(temp, 'sigterm'));
    cli.child.kill('SIGTERM');
    expect(await cli.exited).toBe(0);
    expect(await waitUntilGone([cli.child.pid!, ...tree])).toEqual([]);
    expect(isAlive(info.pids.dynamodb!)).toBe(false);
    expect(cli.lines).toContain('Stopped.');
  });

  it('takes one SIGTERM to the process group (as a terminal or supervisor sends it) as one graceful stop', async () => {
    const cli = spawnCli(['--free-ports', '--port', '0', '--data-dir', join(temp, 'group')], {
      detached: true,
    });
    const info = await cli.ready;
    const tree = descendants(cli.child.pid!);
    process.kill(-cli.child.pid!, 'SIGTERM');
    expect(await cli.exited).toBe(0);
    expect(cli.lines).toContain('Stopped.');
    expect(cli.lines.join('\n')).not.toMatch(/again: exiting now/);
    expect(await waitUntilGone([cli.child.pid!, ...tree])).toEqual([]);
    expect(isAlive(info.pids.dynamodb!)).toBe(false);
    // The signal reached DynamoDB Local's java too: it must not have been started again.
    await new Promise((r) => setTimeout(r, 1500));
    expect(processesMentioning(join(temp, 'group'))).toEqual([]);
  });

  it('stops everything on Ctrl-C in a terminal (SIGINT to the whole process group)', async () => {
    const cli = spawnCli(['--free-ports', '--port', '0', '--data-dir', join(temp, 'sigint')], {
      detached: true,
    });
    await cli.ready;
    const tree = descendants(cli.child.pid!);
    process.kill(-cli.child.pid!, 'SIGINT');
    expect(await cli.exited).toBe(0);
    expect(await waitUntilGone([cli.child.pid!, ...tree])).toEqual([]);
    await new Promise((r) => setTimeout(r, 1500));
    expect(processesMentioning(join(temp, 'sigint'))).toEqual([]);
  });

  it('says in one line that a port is in use, exits 1 and starts nothing', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const port = (blocker.address() as { port: number }).port;
    try {
      const cli = spawnCli(['--free-ports', '--port', String(port), '--data-dir', join(temp, 'busy')]);
      expect(await cli.exited).toBe(1);
      expect(cli.lines).toEqual([
        `Port ${port} (web app) is already in use: stop whatever is using it, or start with --free-ports.`,
      ]);
    } finally {
      blocker.close();
    }
  });

  describe('without a usable Java', () => {
    // A PATH with node (tsx needs it) and, in the second case, a `java` that is too old.
    const bin = join(temp, 'bin');
    mkdirSync(bin, { recursive: true });
    symlinkSync(process.execPath, join(bin, 'node'));

    it('says in one line that Java 17+ is needed when java is missing, and exits 1', async () => {
      const cli = spawnCli(['--free-ports', '--port', '0', '--data-dir', join(temp, 'nojava')], {
        env: { PATH: bin },
      });
      expect(await cli.exited).toBe(1);
      expect(cli.lines).toHaveLength(1);
      expect(cli.lines[0]).toMatch(
        /^Java 17 or newer is required for DynamoDB Local, and `java` was not found\. Install it/,
      );
    });

    it('says which Java it found when it is too old', async () => {
      const oldBin = join(temp, 'old-bin');
      mkdirSync(oldBin, { recursive: true });
      symlinkSync(process.execPath, join(oldBin, 'node'));
      writeFileSync(join(oldBin, 'java'), '#!/bin/sh\necho \'openjdk version "11.0.21" 2023-10-17\' >&2\n');
      chmodSync(join(oldBin, 'java'), 0o755);
      const cli = spawnCli(['--free-ports', '--port', '0', '--data-dir', join(temp, 'oldjava')], {
        env: { PATH: oldBin },
      });
      expect(await cli.exited).toBe(1);
      expect(cli.lines).toEqual([
        'Java 17 or newer is required for DynamoDB Local; found Java 11. Install a newer JDK/JRE.',
      ]);
    });
  });

  it('refuses an unknown option in one line', async () => {
    const cli = spawnCli(['--frobnicate']);
    expect(await cli.exited).toBe(1);
    expect(cli.lines).toEqual(['Unknown option --frobnicate. Run with --help for usage.']);
  });
});
