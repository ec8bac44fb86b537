import type { ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { describe, expect, it } from 'vitest';
import { createMemoryLogger } from '../../log';
import { EmulatorHealth } from '../../stack/emulator-health';
import { supervise } from '../../stack/supervise';

/**
 * The supervisor of an emulator process, with stand-in processes: it restarts one that dies on its
 * own, and leaves nothing running when the stack stops, even when the stop's signal reached the
 * emulator first (Ctrl-C in a terminal signals the whole process group).
 */
interface FakeEmulator {
  process: ChildProcess;
  stopped: boolean;
  stop(): Promise<void>;
  die(signal: NodeJS.Signals): void;
}

function fakeEmulators() {
  const started: FakeEmulator[] = [];
  let release: (() => void) | undefined;
  let slow = false;
  const start = async (): Promise<FakeEmulator> => {
    if (slow) await new Promise<void>((resolve) => (release = resolve));
    const process = new EventEmitter() as unknown as ChildProcess;
    const emulator: FakeEmulator = {
      process,
      stopped: false,
      async stop() {
        emulator.stopped = true;
      },
      die: (signal) => process.emit('exit', null, signal),
    };
    started.push(emulator);
    return emulator;
  };
  return {
    started,
    start,
    slowStarts() {
      slow = true;
    },
    finishStart: () => release?.(),
  };
}

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const running = (emulators: FakeEmulator[]) => emulators.filter((e) => !e.stopped);

describe('supervise', () => {
  it('restarts an emulator that dies on its own, and says so', async () => {
    // Arrange
    const log = createMemoryLogger('debug');
    const health = new EmulatorHealth();
    const fakes = fakeEmulators();
    const supervised = await supervise('DynamoDB Local', fakes.start, { log, health, graceMs: 10 });
    // Act
    fakes.started[0]!.die('SIGKILL');
    const downAtOnce = health.unavailable();
    await wait(50);
    // Assert
    expect(downAtOnce).toBe('DynamoDB Local');
    expect(fakes.started).toHaveLength(2);
    expect(supervised.current()).toBe(fakes.started[1]);
    expect(health.unavailable()).toBeUndefined();
    expect(log.lines.join('\n')).toMatch(/DynamoDB Local exited \(SIGKILL\); restarting it/);
    await supervised.stop();
  });

  it('does not restart an emulator that dies as the stack begins to stop (one signal to the whole group)', async () => {
    // Arrange
    const log = createMemoryLogger('debug');
    const health = new EmulatorHealth();
    const fakes = fakeEmulators();
    const supervised = await supervise('DynamoDB Local', fakes.start, { log, health, graceMs: 20 });
    // Act: the emulator's exit is seen first, the stack's stop just after
    fakes.started[0]!.die('SIGTERM');
    health.markStopping();
    await supervised.stop();
    await wait(60);
    // Assert
    expect(fakes.started).toHaveLength(1);
    expect(log.lines.join('\n')).not.toMatch(/restarting/);
  });

  it('stops what a restart under way starts, so no process is left behind', async () => {
    // Arrange: the emulator died, its restart is slow to come up
    const log = createMemoryLogger('debug');
    const health = new EmulatorHealth();
    const fakes = fakeEmulators();
    const supervised = await supervise('DynamoDB Local', fakes.start, { log, health, graceMs: 1 });
    fakes.slowStarts();
    fakes.started[0]!.die('SIGKILL');
    await wait(20);
    // Act
    const stopped = supervised.stop();
    fakes.finishStart();
    await stopped;
    // Assert
    expect(fakes.started).toHaveLength(2);
    expect(running(fakes.started)).toEqual([]);
  });
});
