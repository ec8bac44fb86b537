import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { closeServer, type ListenHosts, listen } from '../ports';
import { atTime, SchedulerError, type ScheduleStore, type StoredSchedule } from './schedule-store';

/**
 * A local EventBridge Scheduler endpoint (its REST-JSON API, the subset this app calls:
 * Create/Get/Update/DeleteSchedule), for `AWS_ENDPOINT_URL_SCHEDULER`. With `rules`, it refuses
 * what AWS would refuse for this stack: a group the template does not declare, a role it does not
 * declare, or a target that role may not invoke.
 */
export interface SchedulerRules {
  /** Schedule group names the stack declares. */
  groups: Set<string>;
  /** Scheduler role ARN → the target ARNs its policy lets it invoke. */
  roles: Map<string, Set<string>>;
}

export interface RunningScheduler {
  endpoint: string;
  port: number;
  stop(): Promise<void>;
}

interface ScheduleBody {
  GroupName?: string;
  ScheduleExpression?: string;
  ScheduleExpressionTimezone?: string;
  State?: 'ENABLED' | 'DISABLED';
  ActionAfterCompletion?: 'NONE' | 'DELETE';
  FlexibleTimeWindow?: StoredSchedule['FlexibleTimeWindow'];
  Target?: StoredSchedule['Target'];
}

const STATUS = { ValidationException: 400, ResourceNotFoundException: 404, ConflictException: 409 } as const;

function send(res: ServerResponse, status: number, body: unknown, errorType?: string): void {
  res.writeHead(status, {
    'content-type': 'application/json',
    ...(errorType ? { 'x-amzn-errortype': errorType } : {}),
  });
  res.end(JSON.stringify(body));
}

async function readJson(req: IncomingMessage): Promise<ScheduleBody> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  try {
    return text ? (JSON.parse(text) as ScheduleBody) : {};
  } catch {
    throw new SchedulerError('ValidationException', 'Request body is not JSON.');
  }
}

function checkRules(
  rules: SchedulerRules | undefined,
  group: string,
  target: StoredSchedule['Target'],
): void {
  if (!rules) return;
  if (!rules.groups.has(group)) {
    throw new SchedulerError('ResourceNotFoundException', `Schedule group ${group} does not exist.`);
  }
  const targets = rules.roles.get(target.RoleArn);
  if (!targets) {
    throw new SchedulerError(
      'ValidationException',
      `The template declares no scheduler role ${target.RoleArn}.`,
    );
  }
  if (!targets.has(target.Arn)) {
    throw new SchedulerError('ValidationException', `Role ${target.RoleArn} may not invoke ${target.Arn}.`);
  }
}

export function scheduleFromBody(
  name: string,
  body: ScheduleBody,
  arnPrefix: string,
  now = Date.now(),
): StoredSchedule {
  if (!/^[0-9a-zA-Z-_.]{1,64}$/.test(name))
    throw new SchedulerError('ValidationException', `Bad name ${name}`);
  const target = body.Target;
  if (!body.ScheduleExpression || !target?.Arn || !target.RoleArn || !body.FlexibleTimeWindow?.Mode) {
    throw new SchedulerError(
      'ValidationException',
      'ScheduleExpression, FlexibleTimeWindow and Target (Arn, RoleArn) are required.',
    );
  }
  const group = body.GroupName ?? 'default';
  const timezone = body.ScheduleExpressionTimezone ?? 'UTC';
  return {
    Name: name,
    GroupName: group,
    Arn: `${arnPrefix}:schedule/${group}/${name}`,
    ScheduleExpression: body.ScheduleExpression,
    ScheduleExpressionTimezone: timezone,
    State: body.State ?? 'ENABLED',
    ActionAfterCompletion: body.ActionAfterCompletion ?? 'NONE',
    FlexibleTimeWindow: body.FlexibleTimeWindow,
    Target: target,
    CreationDate: now / 1000,
    LastModificationDate: now / 1000,
    revision: 0,
    dueAt: atTime(body.ScheduleExpression, timezone),
  };
}

export async function startSchedulerServer(options: {
  store: ScheduleStore;
  port: number;
  host: ListenHosts;
  publicHost: string;
  region: string;
  accountId: string;
  rules?: SchedulerRules;
  onChange?(action: 'created' | 'updated' | 'deleted', group: string, name: string): void;
}): Promise<RunningScheduler> {
  const { store } = options;
  const arnPrefix = `arn:aws:scheduler:${options.region}:${options.accountId}`;

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://scheduler');
    const match = /^\/schedules\/([^/]+)$/.exec(url.pathname);
    if (!match)
      throw new SchedulerError('ValidationException', `Not emulated: ${req.method} ${url.pathname}`);
    const name = decodeURIComponent(match[1]!);
    if (req.method === 'POST' || req.method === 'PUT') {
      const schedule = scheduleFromBody(name, await readJson(req), arnPrefix);
      checkRules(options.rules, schedule.GroupName, schedule.Target);
      store.put(schedule, req.method === 'POST' ? 'create' : 'update');
      options.onChange?.(req.method === 'POST' ? 'created' : 'updated', schedule.GroupName, name);
      return send(res, 200, { ScheduleArn: schedule.Arn });
    }
    const group = url.searchParams.get('groupName') ?? 'default';
    if (req.method === 'GET') {
      const found = store.get(group, name);
      if (!found) throw new SchedulerError('ResourceNotFoundException', `Schedule ${name} does not exist.`);
      const { dueAt: _dueAt, revision: _revision, ...shape } = found;
      return send(res, 200, shape);
    }
    if (req.method === 'DELETE') {
      store.delete(group, name);
      options.onChange?.('deleted', group, name);
      return send(res, 200, {});
    }
    throw new SchedulerError('ValidationException', `Not emulated: ${req.method} ${url.pathname}`);
  }

  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (error instanceof SchedulerError)
        send(res, STATUS[error.type], { Message: error.message }, error.type);
      else send(res, 500, { Message: String(error) }, 'InternalServerException');
    });
  });
  const port = await listen(server, options.port, options.host, 'EventBridge Scheduler');
  return {
    endpoint: `http://${options.publicHost}:${port}`,
    port,
    stop: () => closeServer(server),
  };
}
