import type { CfnTemplate, CfnValue } from './template';

/**
 * Evaluates CloudFormation intrinsic functions against local values, so that the environment,
 * names and CORS rules the template gives resources on AWS get their local equivalents.
 */
export interface IntrinsicContext {
  template: CfnTemplate;
  /** Parameter values (template defaults already applied by the caller, or overrides). */
  parameters: Record<string, string>;
  /** AWS::Region, AWS::AccountId, AWS::StackName, AWS::StackId, AWS::Partition, AWS::URLSuffix. */
  pseudo: Record<string, string>;
  /** What `Ref` of a resource means locally (table name, bucket name, user pool id, ...). */
  ref(logicalId: string): string;
  /** What `Fn::GetAtt` of a resource attribute means locally. */
  getAtt(logicalId: string, attribute: string): string;
  /** `{{resolve:...}}` dynamic references (e.g. secretsmanager) inside strings. */
  dynamicReference?(reference: string): string;
}

export class UnsupportedIntrinsicError extends Error {}

const DYNAMIC_REFERENCE = /\{\{resolve:([^}]+)\}\}/g;

export function defaultParameters(template: CfnTemplate, overrides: Record<string, string> = {}) {
  const values: Record<string, string> = {};
  for (const [name, p] of Object.entries(template.Parameters ?? {})) {
    if (p.Default !== undefined) values[name] = String(p.Default);
  }
  return { ...values, ...overrides };
}

function refValue(name: string, ctx: IntrinsicContext): string {
  if (name.startsWith('AWS::')) {
    const value = ctx.pseudo[name.slice(5)];
    if (value === undefined) throw new UnsupportedIntrinsicError(`No local value for ${name}`);
    return value;
  }
  if (name in ctx.parameters) return ctx.parameters[name]!;
  return ctx.ref(name);
}

function substitute(text: string, vars: Record<string, unknown>, ctx: IntrinsicContext): string {
  const replaced = text.replace(/\$\{([^}!][^}]*)\}/g, (_, name: string) => {
    if (name in vars) return String(vars[name]);
    const dot = name.indexOf('.');
    if (dot > 0 && !name.startsWith('AWS::')) return ctx.getAtt(name.slice(0, dot), name.slice(dot + 1));
    return refValue(name, ctx);
  });
  return replaced.replace(/\$\{!/g, '${');
}

export function evaluateCondition(name: string, ctx: IntrinsicContext): boolean {
  const condition = ctx.template.Conditions?.[name];
  if (condition === undefined) throw new UnsupportedIntrinsicError(`Unknown condition ${name}`);
  return Boolean(resolveValue(condition, ctx));
}

/** Resolve every intrinsic function in `value`, recursively. */
export function resolveValue(value: CfnValue, ctx: IntrinsicContext): unknown {
  if (typeof value === 'string') {
    return ctx.dynamicReference
      ? value.replace(DYNAMIC_REFERENCE, (_, ref: string) => ctx.dynamicReference!(ref))
      : value;
  }
  if (Array.isArray(value)) return value.map((v) => resolveValue(v, ctx)).filter((v) => v !== undefined);
  if (value === null || typeof value !== 'object') return value;
  const entries = Object.entries(value as Record<string, unknown>);
  if (entries.length === 1) {
    const [key, arg] = entries[0]!;
    switch (key) {
      case 'Ref':
        return arg === 'AWS::NoValue' ? undefined : refValue(String(arg), ctx);
      case 'Condition':
        return evaluateCondition(String(arg), ctx);
      case 'Fn::GetAtt': {
        const [id, attribute] = (typeof arg === 'string' ? arg.split('.') : arg) as [string, string];
        return ctx.getAtt(id, attribute);
      }
      case 'Fn::Sub': {
        const [text, vars] = (Array.isArray(arg) ? arg : [arg, {}]) as [string, Record<string, unknown>];
        const resolvedVars = Object.fromEntries(
          Object.entries(vars).map(([k, v]) => [k, resolveValue(v, ctx)]),
        );
        return resolveValue(substitute(text, resolvedVars, ctx), ctx);
      }
      case 'Fn::Join': {
        const [sep, parts] = arg as [string, unknown[]];
        return (resolveValue(parts, ctx) as unknown[]).map(String).join(sep);
      }
      case 'Fn::Select': {
        const [index, list] = arg as [unknown, unknown];
        const items = resolveValue(list, ctx) as unknown[];
        return items[Number(resolveValue(index, ctx))];
      }
      case 'Fn::Split': {
        const [sep, source] = arg as [string, unknown];
        return String(resolveValue(source, ctx)).split(sep);
      }
      case 'Fn::If': {
        const [condition, whenTrue, whenFalse] = arg as [string, unknown, unknown];
        const chosen = evaluateCondition(condition, ctx) ? whenTrue : whenFalse;
        return isNoValue(chosen) ? undefined : resolveValue(chosen, ctx);
      }
      case 'Fn::Equals': {
        const [a, b] = resolveValue(arg, ctx) as [unknown, unknown];
        return String(a) === String(b);
      }
      case 'Fn::Not':
        return !(resolveValue((arg as unknown[])[0], ctx) as boolean);
      case 'Fn::And':
        return (arg as unknown[]).every((c) => Boolean(resolveValue(c, ctx)));
      case 'Fn::Or':
        return (arg as unknown[]).some((c) => Boolean(resolveValue(c, ctx)));
      case 'Fn::Base64':
        return Buffer.from(String(resolveValue(arg, ctx))).toString('base64');
      default:
        if (key.startsWith('Fn::')) throw new UnsupportedIntrinsicError(`${key} is not supported locally`);
    }
  }
  const out: Record<string, unknown> = {};
  for (const [k, v] of entries) {
    const resolved = resolveValue(v, ctx);
    if (resolved !== undefined) out[k] = resolved;
  }
  return out;
}

function isNoValue(value: unknown): boolean {
  return (
    typeof value === 'object' && value !== null && (value as Record<string, unknown>).Ref === 'AWS::NoValue'
  );
}
