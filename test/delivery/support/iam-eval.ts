/**
 * A small IAM policy evaluator for the repo's own policies: Allow/Deny statements with Action and
 * Resource (strings or lists, `*` and `?` globs) and the condition operators those files use.
 * An explicit Deny wins over any Allow; nothing allowed is an implicit deny.
 */
export interface Statement {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Action?: string | string[];
  NotAction?: unknown;
  Resource?: string | string[];
  NotResource?: unknown;
  Principal?: unknown;
  Condition?: Record<string, Record<string, string | string[]>>;
}
export interface PolicyDocument {
  Version: string;
  Statement: Statement[];
}
export type Decision = 'Allow' | 'Deny' | 'ImplicitDeny';

export const list = <T>(value: T | T[] | undefined): T[] =>
  value === undefined ? [] : Array.isArray(value) ? value : [value];

function glob(pattern: string, value: string, caseInsensitive = false): boolean {
  const source = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${source}$`, caseInsensitive ? 'i' : '').test(value);
}

function conditionHolds(condition: Statement['Condition'], context: Record<string, string>): boolean {
  for (const [operator, entries] of Object.entries(condition ?? {})) {
    for (const [key, expected] of Object.entries(entries)) {
      const actual = context[key];
      const wanted = list(expected);
      switch (operator) {
        case 'StringEquals':
        case 'ArnEquals':
          if (actual === undefined || !wanted.includes(actual)) return false;
          break;
        case 'StringLike':
        case 'ArnLike':
          if (actual === undefined || !wanted.some((w) => glob(w, actual))) return false;
          break;
        case 'ArnNotEquals':
        case 'StringNotEquals':
          // Negated operators hold when the key is absent.
          if (actual !== undefined && wanted.includes(actual)) return false;
          break;
        default:
          throw new Error(`The evaluator does not know condition operator ${operator}`);
      }
    }
  }
  return true;
}

function matches(statement: Statement, action: string, resource: string, context: Record<string, string>) {
  return (
    list(statement.Action).some((a) => glob(a, action, true)) &&
    list(statement.Resource).some((r) => glob(r, resource)) &&
    conditionHolds(statement.Condition, context)
  );
}

export function decide(
  policy: PolicyDocument,
  action: string,
  resource: string,
  context: Record<string, string> = {},
): Decision {
  const hits = policy.Statement.filter((s) => matches(s, action, resource, context));
  if (hits.some((s) => s.Effect === 'Deny')) return 'Deny';
  return hits.some((s) => s.Effect === 'Allow') ? 'Allow' : 'ImplicitDeny';
}
