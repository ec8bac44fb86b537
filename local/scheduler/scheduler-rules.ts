import { type IntrinsicContext, resolveValue } from '../intrinsics';
import { type CfnTemplate, resourcesOfType } from '../template';
import type { SchedulerRules } from './scheduler-server';

type Statement = { Effect?: string; Action?: unknown; Resource?: unknown; Principal?: { Service?: unknown } };
const list = (v: unknown): unknown[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/**
 * What the template lets EventBridge Scheduler do: its schedule groups, and each role Scheduler
 * may assume with the functions that role may invoke. The local Scheduler refuses anything else.
 */
export function schedulerRules(template: CfnTemplate, ctx: IntrinsicContext): SchedulerRules {
  const groups = new Set(
    resourcesOfType(template, 'AWS::Scheduler::ScheduleGroup').map(([id]) => ctx.ref(id)),
  );
  const roles = new Map<string, Set<string>>();
  for (const [id, role] of resourcesOfType(template, 'AWS::IAM::Role')) {
    const props = resolveValue(role.Properties ?? {}, ctx) as {
      AssumeRolePolicyDocument?: { Statement?: Statement[] };
      Policies?: { PolicyDocument?: { Statement?: Statement[] } }[];
    };
    const trustsScheduler = list(props.AssumeRolePolicyDocument?.Statement).some(
      (s) =>
        (s as Statement).Effect === 'Allow' &&
        list((s as Statement).Principal?.Service).includes('scheduler.amazonaws.com'),
    );
    if (!trustsScheduler) continue;
    const targets = new Set<string>();
    for (const policy of props.Policies ?? []) {
      for (const s of list(policy.PolicyDocument?.Statement) as Statement[]) {
        if (s.Effect !== 'Allow' || !list(s.Action).includes('lambda:InvokeFunction')) continue;
        for (const resource of list(s.Resource)) targets.add(String(resource));
      }
    }
    roles.set(ctx.getAtt(id, 'Arn'), targets);
  }
  return { groups, roles };
}
