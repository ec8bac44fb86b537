import { mkdtempSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { networkInterfaces, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CliProcess, spawnCli } from '../cli-process';
import type { ReadyInfo } from '../stack/start-local-stack';
import { isAlive } from './support/processes';
import { type RawResponse, rawHttp, rawRequest } from './support/raw-http';

/**
 * Junk at every port of `npm start` (the real CLI): undecodable and oversized paths, null bytes,
 * broken framing and headers, bad JSON and oversized bodies. Each answer is the error the real
 * service gives, and the process keeps serving every port afterwards.
 */
const temp = mkdtempSync(join(tmpdir(), 'local-junk-'));
let cli: CliProcess;
let info: ReadyInfo;

beforeAll(async () => {
  cli = spawnCli(['--free-ports', '--port', '0', '--data-dir', join(temp, 'data'), '--quiet']);
  info = await cli.ready;
}, 90_000);

afterAll(async () => {
  cli.child.kill('SIGTERM');
  await cli.exited;
  rmSync(temp, { recursive: true, force: true });
});

const portOf = (url: string | null) => Number(new URL(url!).port);

/** Requests no client library would send, the same for every port. */
const PATHS = ['/%ff', '/%', '/%zz/x', '/a%00b', `/${'%ff'.repeat(2000)}`, '*', 'http://elsewhere/%ff'];
const FRAMING: Record<string, Buffer> = {
  'a null byte in the request line': Buffer.from('GET /a\0b HTTP/1.1\r\nHost: x\r\n\r\n', 'latin1'),
  'a header line without a colon': Buffer.from('GET / HTTP/1.1\r\nHost: x\r\nno colon\r\n\r\n'),
  'a control character in a header': Buffer.from(
    'GET / HTTP/1.1\r\nHost: x\r\nX-A: a\x01b\r\n\r\n',
    'latin1',
  ),
  'two content lengths': Buffer.from(
    'POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nxx',
  ),
  'a content length that is not a number': Buffer.from(
    'POST / HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\nx',
  ),
  'a broken chunk': Buffer.from(
    'POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nabc\r\n0\r\n\r\n',
  ),
  'a 20 kB path': rawHttp('GET', `/${'a'.repeat(20_000)}`),
};

async function junkAt(port: number): Promise<RawResponse[]> {
  const answers: RawResponse[] = [];
  for (const path of PATHS) answers.push(await rawRequest(port, rawHttp('GET', path)));
  for (const bytes of Object.values(FRAMING)) answers.push(await rawRequest(port, bytes));
  return answers;
}

const xmlCode = (response: RawResponse) => /<Code>([^<]+)<\/Code>/.exec(response.body)?.[1];
const jsonOf = (response: RawResponse) => JSON.parse(response.body) as Record<string, unknown>;

describe('junk at every local port', () => {
  it('S3 answers undecodable paths with 400 InvalidURI and other junk with S3 XML errors', async () => {
    const port = portOf(info.s3Endpoint);
    for (const path of ['/%ff', '/%', `/${Object.values(info.buckets)[0]}/%ff`, '*']) {
      const response = await rawRequest(port, rawHttp('GET', path));
      expect([path, response.status, xmlCode(response)]).toEqual([path, 400, 'InvalidURI']);
      expect(response.headers['content-type']).toBe('application/xml');
    }
    const preflight = await rawRequest(
      port,
      rawHttp('OPTIONS', '/%ff', { origin: 'http://x', 'access-control-request-method': 'PUT' }),
    );
    expect(xmlCode(preflight)).toBe('InvalidURI');
    const badAuth = await rawRequest(
      port,
      rawHttp('GET', '/x', {
        authorization: 'AWS4-HMAC-SHA256 Credential=%ff, Signature=zz',
        'x-amz-date': 'junk',
      }),
    );
    expect([badAuth.status, xmlCode(badAuth)]).toEqual([400, 'AuthorizationHeaderMalformed']);
    const unsigned = await rawRequest(port, rawHttp('PUT', '/a%00b', { 'content-length': '3' }, 'abc'));
    expect([unsigned.status, xmlCode(unsigned)]).toEqual([403, 'AccessDenied']);
    for (const response of await junkAt(port)) expect(response.status).toBeGreaterThanOrEqual(400);
  });

  it('each HTTP API answers junk paths with 404 JSON, junk tokens with 401, huge bodies with 413', async () => {
    for (const [name, url] of Object.entries(info.apis)) {
      const port = portOf(url);
      const guardedRoute = name === 'FilesApi' ? '/todos/t/files' : '/todos';
      for (const path of ['/%ff', '/%', '/todos/%ff/x/%', '/a%00b']) {
        const response = await rawRequest(port, rawHttp('GET', path));
        expect([path, response.status, jsonOf(response)]).toEqual([path, 404, { message: 'Not Found' }]);
      }
      const junkToken = await rawRequest(
        port,
        rawHttp('GET', guardedRoute, { authorization: 'Bearer %%%.\u00ff.%%%' }),
      );
      expect(junkToken.status).toBe(401);
      const huge = Buffer.alloc(11 * 1024 * 1024, '{');
      const tooBig = await rawRequest(
        port,
        rawHttp(
          'POST',
          '/todos',
          { 'content-type': 'application/json', 'content-length': String(huge.length) },
          huge,
        ),
      );
      expect([tooBig.status, jsonOf(tooBig)]).toEqual([413, { message: 'Request Entity Too Large' }]);
      for (const response of await junkAt(port)) {
        expect(response.status).toBeGreaterThanOrEqual(400);
        expect(response.status).toBeLessThan(500);
      }
    }
  });

  it('Cognito answers bad JSON, unknown operations and missing fields with its JSON errors', async () => {
    const port = portOf(info.cognitoEndpoint);
    const api = (target: string | undefined, body: string | Buffer) =>
      rawRequest(
        port,
        rawHttp(
          'POST',
          '/',
          {
            'content-type': 'application/x-amz-json-1.1',
            'content-length': String(Buffer.byteLength(body)),
            ...(target ? { 'x-amz-target': target } : {}),
          },
          body,
        ),
      );
    const signUp = 'AWSCognitoIdentityProviderService.SignUp';
    const cases: [string | undefined, string | Buffer, string][] = [
      [signUp, '{"ClientId":', 'SerializationException'],
      [signUp, 'null', 'SerializationException'],
      [signUp, '[1]', 'SerializationException'],
      [signUp, Buffer.alloc(2 * 1024 * 1024, ' '), 'SerializationException'],
      ['AWSCognitoIdentityProviderService.constructor', '{}', 'UnknownOperationException'],
      ['%ff.__proto__', '{}', 'UnknownOperationException'],
      [undefined, '{}', 'UnknownOperationException'],
      [signUp, '{}', 'ResourceNotFoundException'],
      [
        signUp,
        JSON.stringify({ ClientId: info.userPoolClientId, Username: 5, Password: ['x'] }),
        'InvalidParameterException',
      ],
    ];
    for (const [target, body, type] of cases) {
      const response = await api(target, body);
      expect(response.status).toBeGreaterThanOrEqual(400);
      expect(response.status).toBeLessThan(500);
      expect(jsonOf(response).__type).toBe(type);
    }
    for (const response of await junkAt(port)) {
      expect(response.status).toBeGreaterThanOrEqual(400);
      expect(response.status).toBeLessThan(500);
    }
  });

  it('the web server answers undecodable paths with 400 and never fails on junk', async () => {
    const port = portOf(info.webUrl);
    for (const path of ['/%ff', '/%'])
      expect((await rawRequest(port, rawHttp('GET', path))).status).toBe(400);
    for (const response of await junkAt(port)) expect(response.status).toBeLessThan(500);
  });

  it('listens on loopback only, and DynamoDB Local lets no other origin’s page in', async () => {
    const external = Object.values(networkInterfaces())
      .flat()
      .find((entry) => entry?.family === 'IPv4' && !entry.internal)?.address;
    const reachable = (host: string, port: number) =>
      new Promise<boolean>((resolve) => {
        const socket = connect(port, host);
        socket.once('connect', () => resolve(socket.destroy() && true));
        socket.once('error', () => resolve(false));
      });
    const ports = [info.s3Endpoint, info.cognitoEndpoint, info.webUrl, ...Object.values(info.apis)].map(
      portOf,
    );
    for (const port of ports) {
      expect(await reachable('127.0.0.1', port)).toBe(true);
      if (external)
        expect([external, port, await reachable(external, port)]).toEqual([external, port, false]);
    }
    const preflight = await fetch(info.dynamodbEndpoint, {
      method: 'OPTIONS',
      headers: {
        origin: 'http://evil.example',
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type,x-amz-target',
      },
    });
    expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    expect(cli.lines.join('\n')).toMatch(/Listening\s+this machine only \(127\.0\.0\.1\)/);
  });

  it('leaves the process running and every port serving', async () => {
    expect(isAlive(info.pids.runtime)).toBe(true);
    expect(cli.child.exitCode).toBeNull();
    expect((await fetch(`${info.webUrl}/config.json`)).status).toBe(200);
    expect((await fetch(`${info.todosApiUrl}/todos`)).status).toBe(401);
    const s3 = await fetch(`${info.s3Endpoint}/${Object.values(info.buckets)[0]}/x`);
    expect(s3.status).toBe(403);
    const cognito = await fetch(info.cognitoEndpoint, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': 'AWSCognitoIdentityProviderService.InitiateAuth',
      },
      body: JSON.stringify({
        ClientId: info.userPoolClientId,
        AuthFlow: 'USER_PASSWORD_AUTH',
        AuthParameters: { USERNAME: 'nobody@example.com', PASSWORD: 'Wrong-pass-1' },
      }),
    });
    expect(cognito.status).toBe(400);
    expect(((await cognito.json()) as { __type: string }).__type).toBe('NotAuthorizedException');
    expect(cli.lines.join('\n')).not.toMatch(/unexpected error|URIError/);
  });
});
