import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';

/**
 * The schedules of the local EventBridge Scheduler, as CreateSchedule stored them. Only one-time
 * `at()` schedules are emulated (the ones this app makes); anything else is refused at creation.
 * Kept in a JSON file when given one, so schedules survive a restart as they would on AWS.
 */
export interface StoredSchedule {
  Name: string;
  GroupName: string;
  Arn: string;
  ScheduleExpression: string;
  ScheduleExpressionTimezone: string;
  State: 'ENABLED' | 'DISABLED';
  ActionAfterCompletion: 'NONE' | 'DELETE';
  FlexibleTimeWindow: { Mode: string; MaximumWindowInMinutes?: number };
  Target: { Arn: string; RoleArn: string; Input?: string; RetryPolicy?: Record<string, number> };
  CreationDate: number;
  LastModificationDate: number;
  /** Bumped by every write, so a run can tell whether its schedule changed meanwhile. */
  revision: number;
  /** Epoch ms when it fires; null once a one-time schedule has run (kept only with NONE). */
  dueAt: number | null;
}

export class SchedulerError extends Error {
  constructor(
    readonly type: 'ValidationException' | 'ResourceNotFoundException' | 'ConflictException',
    message: string,
  ) {
    super(message);
  }
}

const AT = /^at\((\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})\)$/;

/** When an `at()` expression fires, in epoch ms (UTC is the only time zone emulated). */
export function atTime(expression: string, timezone = 'UTC'): number {
  const match = AT.exec(expression);
  if (!match) {
    throw new SchedulerError(
      'ValidationException',
      `Only at(yyyy-mm-ddThh:mm:ss) is emulated: ${expression}`,
    );
  }
  if (timezone !== 'UTC') {
    throw new SchedulerError('ValidationException', `Only the UTC time zone is emulated, not ${timezone}`);
  }
  const ms = Date.parse(`${match[1]}Z`);
  if (Number.isNaN(ms)) throw new SchedulerError('ValidationException', `Invalid date in ${expression}`);
  return ms;
}

const key = (group: string, name: string) => `${group}/${name}`;

export class ScheduleStore {
  readonly #schedules = new Map<string, StoredSchedule>();

  constructor(readonly file?: string) {
    if (file && existsSync(file)) {
      for (const s of JSON.parse(readFileSync(file, 'utf8')) as StoredSchedule[]) {
        this.#schedules.set(key(s.GroupName, s.Name), s);
      }
    }
  }

  #save(): void {
    if (!this.file) return;
    writeFileSync(`${this.file}.tmp`, JSON.stringify([...this.#schedules.values()], null, 1));
    renameSync(`${this.file}.tmp`, this.file);
  }

  get(group: string, name: string): StoredSchedule | undefined {
    return this.#schedules.get(key(group, name));
  }

  all(): StoredSchedule[] {
    return [...this.#schedules.values()];
  }

  put(schedule: StoredSchedule, mode: 'create' | 'update'): void {
    const existing = this.get(schedule.GroupName, schedule.Name);
    if (mode === 'create' && existing) {
      throw new SchedulerError('ConflictException', `Schedule ${schedule.Name} already exists.`);
    }
    if (mode === 'update' && !existing) {
      throw new SchedulerError('ResourceNotFoundException', `Schedule ${schedule.Name} does not exist.`);
    }
    this.#schedules.set(key(schedule.GroupName, schedule.Name), {
      ...schedule,
      CreationDate: existing?.CreationDate ?? schedule.CreationDate,
      revision: (existing?.revision ?? 0) + 1,
    });
    this.#save();
  }

  delete(group: string, name: string): void {
    if (!this.#schedules.delete(key(group, name))) {
      throw new SchedulerError('ResourceNotFoundException', `Schedule ${name} does not exist.`);
    }
    this.#save();
  }

  /** Enabled schedules whose time has come, oldest first. */
  due(now: number): StoredSchedule[] {
    return this.all()
      .filter((s) => s.State === 'ENABLED' && s.dueAt !== null && s.dueAt <= now)
      .sort((a, b) => (a.dueAt ?? 0) - (b.dueAt ?? 0));
  }

  /** After a one-time schedule ran: gone with DELETE, kept (never to fire again) with NONE. */
  completed(schedule: StoredSchedule): void {
    const current = this.get(schedule.GroupName, schedule.Name);
    // Moved or replaced while it was running: the new version stands.
    if (!current || current.revision !== schedule.revision) return;
    if (schedule.ActionAfterCompletion === 'DELETE') this.delete(schedule.GroupName, schedule.Name);
    else {
      this.#schedules.set(key(schedule.GroupName, schedule.Name), { ...current, dueAt: null });
      this.#save();
    }
  }
}
