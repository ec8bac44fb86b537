/**
 * `npm run diagram`: the architecture diagram in docs/architecture.md, generated from
 * template.yaml so it cannot drift from it (a test compares the two). Mermaid flowchart: the web
 * app behind CloudFront, the user pool, both HTTP APIs with their functions, the tables, buckets,
 * queues, alarms and secrets, and every trigger (S3 events, streams, schedules).
 *
 *   npx tsx scripts/diagram.ts          rewrite the block between the markers
 *   npx tsx scripts/diagram.ts --check  exit 1 if the committed block is stale
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { type CfnResource, type CfnTemplate, loadTemplate } from '../local/template';

export const DOC = 'docs/architecture.md';
export const START =
  '<!-- diagram:start — generated from template.yaml by `npm run diagram`; do not edit -->';
export const END = '<!-- diagram:end -->';

type Props = Record<string, unknown>;
const props = (r: CfnResource) => (r.Properties ?? {}) as Props;

/** Resources shown, by type: their shape and a short kind label. */
const SHAPES: Record<string, { open: string; close: string; kind: string }> = {
  'AWS::CloudFront::Distribution': { open: '[', close: ']', kind: 'CloudFront' },
  'AWS::Cognito::UserPool': { open: '[', close: ']', kind: 'Cognito user pool' },
  'AWS::Serverless::HttpApi': { open: '{{', close: '}}', kind: 'HTTP API' },
  'AWS::Serverless::Function': { open: '(', close: ')', kind: 'λ' },
  'AWS::DynamoDB::Table': { open: '[(', close: ')]', kind: 'DynamoDB' },
  'AWS::S3::Bucket': { open: '[(', close: ')]', kind: 'S3' },
  'AWS::SQS::Queue': { open: '>', close: ']', kind: 'SQS' },
  'AWS::CloudWatch::Alarm': { open: '>', close: ']', kind: 'alarm' },
  'AWS::SecretsManager::Secret': { open: '[/', close: '/]', kind: 'secret' },
  'AWS::Scheduler::ScheduleGroup': { open: '[', close: ']', kind: 'Scheduler' },
  'AWS::SNS::Topic': { open: '>', close: ']', kind: 'SNS' },
};

/** Every resource a value refers to (Ref, GetAtt, ${X} / ${X.Attr} inside Sub). */
export function referencedResources(value: unknown, template: CfnTemplate): Set<string> {
  const found = new Set<string>();
  const visit = (v: unknown): void => {
    if (Array.isArray(v)) {
      v.forEach(visit);
      return;
    }
    if (!v || typeof v !== 'object') return;
    for (const [key, inner] of Object.entries(v)) {
      if (key === 'Ref' && typeof inner === 'string' && inner in template.Resources) found.add(inner);
      else if (key === 'Fn::GetAtt') {
        const id = Array.isArray(inner) ? String(inner[0]) : String(inner).split('.')[0]!;
        if (id in template.Resources) found.add(id);
      } else if (key === 'Fn::Sub') {
        const text = Array.isArray(inner) ? String(inner[0]) : String(inner);
        for (const [, name] of text.matchAll(/\$\{([A-Za-z0-9]+)(?:\.[A-Za-z]+)?\}/g)) {
          if (name! in template.Resources) found.add(name!);
        }
        if (Array.isArray(inner)) visit(inner[1]);
      } else visit(inner);
    }
  };
  visit(value);
  return found;
}

/** A bucket named by a `!Sub` the functions repeat (no Ref, to avoid a cycle): match by its name. */
function bucketsNamedIn(value: unknown, template: CfnTemplate): Set<string> {
  const found = new Set<string>();
  const names = Object.entries(template.Resources)
    .filter(([, r]) => r.Type === 'AWS::S3::Bucket' && props(r).BucketName !== undefined)
    .map(([id, r]) => [id, JSON.stringify(props(r).BucketName)] as const);
  const visit = (v: unknown): void => {
    if (!v || typeof v !== 'object') return;
    const json = JSON.stringify(v);
    for (const [id, name] of names) if (json === name) found.add(id);
    Object.values(v).forEach(visit);
  };
  visit(value);
  return found;
}

const label = (id: string, r: CfnResource) => {
  const shape = SHAPES[r.Type]!;
  const route = (() => {
    const events = Object.values(
      (props(r).Events ?? {}) as Record<string, { Type: string; Properties: Props }>,
    );
    const api = events.find((e) => e.Type === 'HttpApi');
    return api ? `<br/>${String(api.Properties.Method)} ${String(api.Properties.Path)}` : '';
  })();
  const text =
    r.Type === 'AWS::Serverless::Function'
      ? `λ ${id.replace(/Function$/, '')}${route}`
      : `${shape.kind}<br/>${id}`;
  return `${id}${shape.open}"${text}"${shape.close}`;
};

export function diagram(template: CfnTemplate): string {
  const shown = Object.entries(template.Resources).filter(([, r]) => r.Type in SHAPES);
  const ids = new Set(shown.map(([id]) => id));
  const of = (type: string) => shown.filter(([, r]) => r.Type === type);
  const lines = ['flowchart LR', '  browser(["Browser: the web app"])'];
  const edges = new Set<string>();
  const edge = (from: string, arrow: string, to: string) => {
    if (from !== to && (from === 'browser' || ids.has(from)) && ids.has(to))
      edges.add(`  ${from} ${arrow} ${to}`);
  };

  // Group functions by the API that serves them; the rest are triggered by events.
  const apiOf = (r: CfnResource) => {
    const events = Object.values(
      (props(r).Events ?? {}) as Record<string, { Type: string; Properties: Props }>,
    );
    const api = events.find((e) => e.Type === 'HttpApi')?.Properties.ApiId;
    return referencedResources(api, template).values().next().value as string | undefined;
  };
  const section = (title: string, members: [string, CfnResource][]) => {
    if (members.length === 0) return;
    lines.push(`  subgraph ${title.replace(/\W+/g, '_')}["${title}"]`);
    for (const [id, r] of members) lines.push(`    ${label(id, r)}`);
    lines.push('  end');
  };
  const fns = of('AWS::Serverless::Function');
  section('Web hosting', [...of('AWS::CloudFront::Distribution')]);
  section('Identity', of('AWS::Cognito::UserPool'));
  for (const [apiId, api] of of('AWS::Serverless::HttpApi')) {
    section(String(props(api).Description ?? apiId), [
      [apiId, api],
      ...fns.filter(([, f]) => apiOf(f) === apiId),
    ]);
  }
  section(
    'Event handlers',
    fns.filter(([, f]) => apiOf(f) === undefined),
  );
  section('Data', [...of('AWS::DynamoDB::Table'), ...of('AWS::S3::Bucket')]);
  section('Operations', [
    ...of('AWS::SQS::Queue'),
    ...of('AWS::CloudWatch::Alarm'),
    ...of('AWS::SecretsManager::Secret'),
    ...of('AWS::Scheduler::ScheduleGroup'),
    ...of('AWS::SNS::Topic'),
  ]);

  // The browser: the app from CloudFront, sign-in at Cognito, both APIs, bytes straight to S3.
  for (const [id, r] of of('AWS::CloudFront::Distribution')) {
    edge('browser', '-->', id);
    for (const origin of referencedResources(props(r).DistributionConfig, template)) {
      if (template.Resources[origin]?.Type === 'AWS::S3::Bucket') edge(id, '-->', origin);
    }
  }
  for (const [id] of of('AWS::Cognito::UserPool')) edge('browser', '-- sign-in -->', id);
  for (const [id, api] of of('AWS::Serverless::HttpApi')) {
    edge('browser', '-->', id);
    for (const pool of referencedResources((props(api).Auth as Props | undefined)?.Authorizers, template)) {
      if (template.Resources[pool]?.Type === 'AWS::Cognito::UserPool') edge(id, '-. JWT .->', pool);
    }
  }
  for (const [id, r] of of('AWS::S3::Bucket')) {
    if (props(r).CorsConfiguration) edge('browser', '-- presigned URLs -->', id);
  }
  for (const [id, fn] of fns) {
    const api = apiOf(fn);
    if (api) edge(api, '-->', id);
    const p = props(fn);
    const failures = new Set<string>();
    for (const event of Object.values(
      (p.Events ?? {}) as Record<string, { Type: string; Properties: Props }>,
    )) {
      if (event.Type === 'HttpApi') continue;
      const sources = [...referencedResources(event.Properties, template)].filter(
        (s) => template.Resources[s]?.Type !== 'AWS::SQS::Queue' || event.Type === 'SQS',
      );
      const trigger = event.Type === 'DynamoDB' ? 'stream' : event.Type;
      for (const source of sources) edge(source, `-- ${trigger} -->`, id);
      for (const target of referencedResources((event.Properties as Props).DestinationConfig, template)) {
        failures.add(target);
      }
    }
    for (const target of referencedResources([p.EventInvokeConfig, p.DeadLetterQueue], template))
      failures.add(target);
    for (const target of failures) edge(id, '-. on failure .->', target);
    const uses = new Set([
      ...referencedResources([p.Environment, p.Policies], template),
      ...bucketsNamedIn(p.Environment, template),
    ]);
    for (const target of uses) {
      if (!failures.has(target) && template.Resources[target]?.Type !== 'AWS::Serverless::Function')
        edge(id, '-->', target);
    }
  }
  for (const [id, r] of of('AWS::CloudWatch::Alarm')) {
    for (const watched of referencedResources(props(r).Dimensions, template))
      edge(watched, '-. alarm .->', id);
  }
  return [...lines, ...[...edges]].join('\n');
}

/** docs/architecture.md with the generated block in place. */
export function withDiagram(doc: string, chart: string): string {
  const start = doc.indexOf(START);
  const end = doc.indexOf(END);
  if (start < 0 || end < start) throw new Error(`${DOC} has no ${START} … ${END} block`);
  return `${doc.slice(0, start)}${START}\n\n\`\`\`mermaid\n${chart}\n\`\`\`\n\n${doc.slice(end)}`;
}

function main(argv: string[]): void {
  const doc = readFileSync(DOC, 'utf8');
  const next = withDiagram(doc, diagram(loadTemplate('template.yaml')));
  if (argv.includes('--check')) {
    if (next !== doc) {
      console.error(`${DOC} is stale: run npm run diagram`);
      process.exit(1);
    }
    return;
  }
  writeFileSync(DOC, next);
  console.log(`Wrote the diagram to ${DOC}`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2));
}
