import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parseCliArgs } from '../../cli-args';
import { appConfigFromOutputs } from '../../config-json';
import { openDataDir } from '../../data-dir';
import { formatHandlerLine } from '../../handler-output';
import { localContext } from '../../local-context';
import { localOutputs } from '../../outputs';
import { localIssuer, localParameters } from '../../stack/start-local-stack';
import { loadTemplate } from '../../template';

const temp = mkdtempSync(join(tmpdir(), 'local-unit-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

describe('command line', () => {
  it('reads the agreed flags', () => {
    expect(
      parseCliArgs(['--port', '0', '--reset', '--data-dir', 'x', '--free-ports', '--emulators-only']),
    ).toMatchObject({
      port: 0,
      reset: true,
      dataDir: 'x',
      freePorts: true,
      emulatorsOnly: true,
    });
    expect(parseCliArgs(['--port=4000']).port).toBe(4000);
  });

  it('refuses an unknown flag, a missing value and a bad port', () => {
    expect(() => parseCliArgs(['--nope'])).toThrow('Unknown option --nope');
    expect(() => parseCliArgs(['--data-dir'])).toThrow('--data-dir needs a value');
    expect(() => parseCliArgs(['--port', '70000'])).toThrow('--port needs a port number');
  });
});

describe('data directory', () => {
  it('keeps the stack uuid and secret across opens, and --reset wipes only what the runtime owns', () => {
    const root = join(temp, 'data');
    const first = openDataDir(root);
    expect(openDataDir(root).state).toEqual(first.state);
    writeFileSync(join(first.dynamodb, 'shared-local-instance.db'), 'x');
    mkdirSync(join(root, 'someone-elses'));
    const reset = openDataDir(root, { reset: true });
    expect(reset.state.stackUuid).not.toBe(first.state.stackUuid);
    expect(existsSync(join(reset.dynamodb, 'shared-local-instance.db'))).toBe(false);
    expect(existsSync(join(root, 'someone-elses'))).toBe(true);
  });
});

describe('template-derived local values', () => {
  const template = loadTemplate('template.yaml');

  it('lets the local web origin into the CORS rules and names a local stage', () => {
    const params = localParameters(template, 'http://localhost:5174');
    expect(params.Stage).toBe('local');
    expect(Object.values(params)).toContain('http://localhost:5174');
  });

  it('maps the template issuer to cognito-local and leaves other issuers alone', () => {
    expect(
      localIssuer('https://cognito-idp.us-east-1.amazonaws.com/local_abc', 'http://localhost:9229'),
    ).toBe('http://localhost:9229/local_abc');
    expect(localIssuer('https://auth.example.com/', 'http://localhost:9229')).toBe(
      'https://auth.example.com/',
    );
  });

  it('builds config.json from the outputs, with each API URL made local', () => {
    const ctx = localContext(template, {
      stackName: 'todo-local',
      refs: { TodosApi: 'todosid', FilesApi: 'filesid', UserPool: 'local_pool', UserPoolClient: 'client' },
    });
    const outputs = localOutputs(template, ctx, {
      TodosApi: { apiId: 'todosid', url: 'http://localhost:3001' },
      FilesApi: { apiId: 'filesid', url: 'http://localhost:3002' },
    });
    expect(
      appConfigFromOutputs(outputs, { kind: 'local', cognitoEndpoint: 'http://localhost:9229' }),
    ).toEqual({
      region: 'us-east-1',
      userPoolId: 'local_pool',
      userPoolClientId: 'client',
      todosApiUrl: 'http://localhost:3001',
      filesApiUrl: 'http://localhost:3002',
      maxUploadBytes: 5368709120,
      authFlow: 'USER_PASSWORD_AUTH',
      cognitoEndpoint: 'http://localhost:9229',
    });
  });
});

describe('handler output', () => {
  it('shows JSON log lines as message and fields, at their level', () => {
    expect(
      formatHandlerLine('{"timestamp":"t","level":"warn","message":"slow","function":"f","durationMs":12}'),
    ).toEqual({ level: 'warn', text: 'slow {"durationMs":12}' });
  });

  it('shows Lambda console lines without their time and request id', () => {
    expect(formatHandlerLine('2024-01-01T00:00:00.000Z\tabc\tERROR\tInvoke Error')).toEqual({
      level: 'error',
      text: 'Invoke Error',
    });
    expect(formatHandlerLine('plain')).toEqual({ level: 'info', text: 'plain' });
  });
});
