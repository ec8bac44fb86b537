import { join } from 'node:path';
import { emailLines, type LocalEmail, startSesV2Local } from '../emulators/ses-v2-local';
import type { FunctionConfig } from '../lambda/catalog';
import type { LocalFunction } from '../lambda/local-function';
import { LOCAL_ACCOUNT, LOCAL_REGION } from '../local-context';
import { ScheduleRunner, type ScheduleTarget } from '../scheduler/schedule-runner';
import { ScheduleStore } from '../scheduler/schedule-store';
import { schedulerRules } from '../scheduler/scheduler-rules';
import { startSchedulerServer } from '../scheduler/scheduler-server';
import type { EmulatorContext } from './start-services';

/**
 * What reminders need locally: EventBridge Scheduler (the template's groups and roles, schedules
 * kept in the data directory) and SES v2 (aws-ses-v2-local, each email also printed). The schedules
 * fire once the functions exist (`startScheduleRunner`).
 */
export async function startLocalMail(e: EmulatorContext, port: number, onEmail: (email: LocalEmail) => void) {
  const ses = await startSesV2Local({
    port,
    host: e.host,
    publicHost: e.publicHost,
    onEmail: (email) => {
      e.log.print(emailLines(email));
      onEmail(email);
    },
  });
  e.cleanup.add('SES (aws-ses-v2-local)', () => ses.stop());
  e.took('SES ready');
  return ses;
}

export async function startLocalScheduler(e: EmulatorContext, port: number) {
  const store = new ScheduleStore(join(e.data.root, 'schedules.json'));
  const server = await startSchedulerServer({
    store,
    port,
    host: e.host,
    publicHost: e.publicHost,
    region: LOCAL_REGION,
    accountId: LOCAL_ACCOUNT,
    rules: schedulerRules(e.template, e.ctx),
    onChange: (action, group, name) => e.log.debug('scheduler', `${action} ${group}/${name}`),
  });
  e.cleanup.add('EventBridge Scheduler', () => server.stop());
  return { endpoint: server.endpoint, store };
}

export function startScheduleRunner(
  e: EmulatorContext,
  store: ScheduleStore,
  configs: FunctionConfig[],
  functions: Map<string, LocalFunction>,
): ScheduleRunner {
  const targets = new Map<string, ScheduleTarget>();
  for (const fn of configs) {
    const local = functions.get(fn.logicalId);
    if (!local) continue;
    targets.set(`arn:aws:lambda:${LOCAL_REGION}:${LOCAL_ACCOUNT}:function:${fn.functionName}`, {
      logicalId: fn.logicalId,
      maxRetries: fn.asyncInvoke.maxRetries,
      invoke: (event) => local.invoke(event),
    });
  }
  const runner = new ScheduleRunner({ store, targets, log: (level, m) => e.log[level]('scheduler', m) });
  runner.start();
  e.cleanup.add('schedules', () => runner.stop());
  return runner;
}
