import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { loadTemplate, resourcesOfType } from '../../local/template';
import { DOC, diagram, END, START, withDiagram } from '../../scripts/diagram';

const template = loadTemplate('template.yaml');
const chart = diagram(template);

describe('architecture diagram (docs/architecture.md)', () => {
  it('is exactly what scripts/diagram.ts generates from template.yaml (run npm run diagram)', () => {
    const doc = readFileSync(DOC, 'utf8');
    expect(doc).toContain(START);
    expect(doc).toContain(END);
    expect(withDiagram(doc, chart)).toBe(doc);
  });

  it('shows both services, every function, table and bucket, the user pool and CloudFront', () => {
    for (const type of [
      'AWS::Serverless::HttpApi',
      'AWS::Serverless::Function',
      'AWS::DynamoDB::Table',
      'AWS::S3::Bucket',
      'AWS::Cognito::UserPool',
      'AWS::CloudFront::Distribution',
      'AWS::SQS::Queue',
      'AWS::CloudWatch::Alarm',
    ]) {
      const ids = resourcesOfType(template, type).map(([id]) => id);
      expect(ids.length, type).toBeGreaterThan(0);
      for (const id of ids) expect(chart).toMatch(new RegExp(`^    ${id}[[({>]`, 'm'));
    }
    expect(chart).toContain('subgraph Todos_service');
    expect(chart).toContain('subgraph Files_service');
  });

  it('draws the triggers and the paths the browser takes', () => {
    expect(chart).toContain('AttachmentsBucket -- S3 --> FileUploadedFunction');
    expect(chart).toContain('TodosTable -- stream --> TodoDeletedFunction');
    expect(chart).toContain('TodosApi --> ListTodosFunction');
    expect(chart).toContain('browser --> FrontendDistribution');
    expect(chart).toContain('FrontendDistribution --> FrontendBucket');
    expect(chart).toContain('FileUploadedFunction -. on failure .-> FileUploadedDeadLetterQueue');
    expect(chart).toContain('FileUploadedDeadLetterQueue -. alarm .-> FileUploadedDeadLetterAlarm');
  });

  it('changes when the template does (so a stale diagram fails the first test)', () => {
    const changed = structuredClone(template);
    delete changed.Resources.FileUploadedFunction;
    expect(diagram(changed)).not.toBe(chart);
    expect(diagram(changed)).not.toContain('FileUploadedFunction');
  });
});
