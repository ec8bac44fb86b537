import type { ChildProcess } from 'node:child_process';
import type { Logger } from '../log';
import type { EmulatorHealth } from './emulator-health';

/**
 * Keeps an emulator process running: when it exits on its own (killed, crashed), says so in one
 * line, marks it down (the APIs answer 503 meanwhile) and starts it again with the same options —
 * same port, same data directory, so the data is kept — retrying with a growing pause if the
 * restart fails. `stop()` ends the supervision first, so a deliberate stop is never "restarted";
 * an exit by a stop signal is acted on only after a short pause, so that one sent to the whole
 * process group (which also stops the stack: `health.stopping`) is not restarted either, and
 * `stop()` waits for a restart under way and stops what it started: no process is left behind.
 */
export interface ProcessEmulator {
  process: ChildProcess;
  stop(): Promise<void>;
}

export interface Supervised<T extends ProcessEmulator> {
  current(): T;
  stop(): Promise<void>;
}

export async function supervise<T extends ProcessEmulator>(
  name: string,
  start: () => Promise<T>,
  options: {
    log: Logger;
    health: EmulatorHealth;
    /** Told about every new process (to record its pid). */
    onStarted?(running: T): void;
    retryDelayMs?(attempt: number): number;
    /** How long after an exit by SIGTERM or SIGINT the restart begins (500 ms); a crash: at once. */
    graceMs?: number;
  },
): Promise<Supervised<T>> {
  const { log, health } = options;
  const delay = options.retryDelayMs ?? ((attempt: number) => Math.min(1000 * attempt, 5000));
  let stopping = false;
  let restarting: Promise<void> | undefined;
  let running = await start();
  const over = () => stopping || health.stopping;

  const restart = async (code: number | null, signal: NodeJS.Signals | null) => {
    // Ended by a stop signal (Java exits 143 on SIGTERM, 130 on SIGINT): most likely one sent to
    // the whole process group, whose stop of the stack follows at once. A crash restarts at once.
    const stopSignal = signal === 'SIGTERM' || signal === 'SIGINT' || code === 143 || code === 130;
    if (stopSignal) await new Promise((resolve) => setTimeout(resolve, options.graceMs ?? 500));
    if (over()) return;
    log.warn(
      'emulators',
      `${name} exited (${signal ?? `code ${code}`}); restarting it on the same port with the same data`,
    );
    const since = Date.now();
    for (let attempt = 1; !over(); attempt++) {
      try {
        const next = await start();
        if (over()) return void (await next.stop());
        running = next;
        watch(next);
        options.onStarted?.(next);
        health.markUp(name);
        log.info('emulators', `${name} is back (${((Date.now() - since) / 1000).toFixed(1)} s), data kept`);
        return;
      } catch (error) {
        log.warn(
          'emulators',
          `${name} did not restart (${(error as Error).message.split('\n')[0]}); retrying`,
        );
        await new Promise((resolve) => setTimeout(resolve, delay(attempt)));
      }
    }
  };

  const watch = (emulator: T) => {
    emulator.process.once('exit', (code, signal) => {
      if (over() || emulator !== running) return;
      health.markDown(name);
      restarting = restart(code, signal).finally(() => {
        restarting = undefined;
      });
    });
  };

  watch(running);
  options.onStarted?.(running);
  return {
    current: () => running,
    async stop() {
      stopping = true;
      await restarting;
      await running.stop();
    },
  };
}
