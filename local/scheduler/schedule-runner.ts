import type { InvokeResult } from '../lambda/local-function';
import type { ScheduleStore, StoredSchedule } from './schedule-store';

/**
 * Fires due schedules, as EventBridge Scheduler does: once a second it looks for schedules whose
 * time has come and invokes their target asynchronously with the schedule's `Input` as the event
 * (what a Lambda target receives on AWS), retrying a failed invocation, then completes the
 * schedule (deleted with ActionAfterCompletion DELETE).
 */
export interface ScheduleTarget {
  logicalId: string;
  maxRetries: number;
  invoke(event: unknown): Promise<InvokeResult>;
}

export interface ScheduleRunnerOptions {
  store: ScheduleStore;
  /** Function ARN → the local function. */
  targets: Map<string, ScheduleTarget>;
  log(level: 'info' | 'warn', message: string): void;
  intervalMs?: number;
  retryDelayMs?: number;
  now?: () => number;
}

function payloadOf(schedule: StoredSchedule): unknown {
  const input = schedule.Target.Input;
  if (input === undefined) return {};
  try {
    return JSON.parse(input);
  } catch {
    return input;
  }
}

export class ScheduleRunner {
  readonly #o: ScheduleRunnerOptions;
  readonly #running = new Map<string, Promise<void>>();
  #timer: NodeJS.Timeout | undefined;

  constructor(options: ScheduleRunnerOptions) {
    this.#o = options;
  }

  start(): void {
    this.#timer = setInterval(() => this.tick(), this.#o.intervalMs ?? 1000);
    this.#timer.unref();
  }

  /** Starts every due schedule not already running; resolves when those runs end. */
  async tick(): Promise<void> {
    const now = (this.#o.now ?? Date.now)();
    const started: Promise<void>[] = [];
    for (const schedule of this.#o.store.due(now)) {
      const key = `${schedule.GroupName}/${schedule.Name}#${schedule.revision}`;
      if (this.#running.has(key)) continue;
      const run = this.#run(schedule).finally(() => this.#running.delete(key));
      this.#running.set(key, run);
      started.push(run);
    }
    await Promise.all(started);
  }

  async #run(schedule: StoredSchedule): Promise<void> {
    const o = this.#o;
    const target = o.targets.get(schedule.Target.Arn);
    if (!target) {
      o.log('warn', `schedule ${schedule.Name}: no local function ${schedule.Target.Arn}; dropped`);
      o.store.completed(schedule);
      return;
    }
    o.log('info', `schedule ${schedule.Name} fired → ${target.logicalId}`);
    for (let attempt = 0; ; attempt++) {
      const outcome = await target.invoke(payloadOf(schedule));
      if (outcome.ok) break;
      const reason = `${outcome.error.errorType}: ${outcome.error.errorMessage}`;
      if (attempt >= target.maxRetries) {
        o.log('warn', `schedule ${schedule.Name} → ${target.logicalId} failed (${reason}); given up`);
        break;
      }
      o.log('warn', `schedule ${schedule.Name} → ${target.logicalId} failed (${reason}); retrying`);
      await new Promise((r) => setTimeout(r, o.retryDelayMs ?? 1000));
    }
    o.store.completed(schedule);
  }

  async stop(): Promise<void> {
    clearInterval(this.#timer);
    await Promise.all(this.#running.values());
  }
}
