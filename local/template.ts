import { readFileSync } from 'node:fs';
import { parse, type Tags } from 'yaml';

/**
 * Reads template.yaml with CloudFormation's short-form tags turned into their long form
 * (`!Ref X` → `{ Ref: 'X' }`, `!GetAtt A.B` → `{ 'Fn::GetAtt': ['A', 'B'] }`, ...), so the
 * local runtime, the build and the tests all read the one template the same way.
 */
export type CfnValue = unknown;

export interface CfnResource {
  Type: string;
  Properties?: Record<string, CfnValue>;
  Metadata?: Record<string, CfnValue>;
  Condition?: string;
  DependsOn?: string | string[];
  DeletionPolicy?: CfnValue;
  UpdateReplacePolicy?: CfnValue;
}

export interface CfnTemplate {
  Parameters?: Record<string, { Type: string; Default?: string | number; [k: string]: unknown }>;
  Conditions?: Record<string, CfnValue>;
  Globals?: { Function?: Record<string, CfnValue>; [k: string]: unknown };
  Resources: Record<string, CfnResource>;
  Outputs?: Record<string, { Value: CfnValue; Description?: string }>;
}

const FUNCTIONS = [
  'Base64',
  'Cidr',
  'FindInMap',
  'GetAZs',
  'ImportValue',
  'Join',
  'Select',
  'Split',
  'Sub',
  'Transform',
  'And',
  'Equals',
  'If',
  'Not',
  'Or',
  'ToJsonString',
  'Length',
] as const;

function cfnTags(): Tags {
  const tags: Tags = [];
  const add = (tag: string, toValue: (v: unknown) => unknown) => {
    tags.push({ tag, resolve: (v: unknown) => toValue(v) } as never);
    tags.push({
      tag,
      collection: 'seq',
      resolve: (v: { toJSON(): unknown }) => toValue(v.toJSON()),
    } as never);
    tags.push({
      tag,
      collection: 'map',
      resolve: (v: { toJSON(): unknown }) => toValue(v.toJSON()),
    } as never);
  };
  add('!Ref', (v) => ({ Ref: v }));
  add('!Condition', (v) => ({ Condition: v }));
  add('!GetAtt', (v) => {
    if (typeof v === 'string') {
      const dot = v.indexOf('.');
      return { 'Fn::GetAtt': [v.slice(0, dot), v.slice(dot + 1)] };
    }
    return { 'Fn::GetAtt': v };
  });
  for (const name of FUNCTIONS) add(`!${name}`, (v) => ({ [`Fn::${name}`]: v }));
  return tags;
}

export function parseTemplate(text: string): CfnTemplate {
  return parse(text, { customTags: cfnTags(), uniqueKeys: true }) as CfnTemplate;
}

export function loadTemplate(path: string): CfnTemplate {
  return parseTemplate(readFileSync(path, 'utf8'));
}

/** Resources of one type, as [logicalId, resource] pairs in template order. */
export function resourcesOfType(template: CfnTemplate, type: string): [string, CfnResource][] {
  return Object.entries(template.Resources).filter(([, r]) => r.Type === type);
}
