import { createServer } from 'node:http';
import type { NetworkInterfaceInfo } from 'node:os';
import { describe, expect, it } from 'vitest';
import { exposure } from '../../banner';
import { dockerBridgeAddress, listenHosts } from '../../listen-hosts';
import { closeServer, listen } from '../../ports';

const iface = (address: string, family: 'IPv4' | 'IPv6' = 'IPv4') =>
  ({ address, family, netmask: '', mac: '', internal: false, cidr: null }) as NetworkInterfaceInfo;
const withDocker = {
  lo: [iface('127.0.0.1')],
  eth0: [iface('10.0.0.5')],
  docker0: [iface('fe80::1', 'IPv6'), iface('172.17.0.1')],
};
const withoutDocker = { lo: [iface('127.0.0.1')], eth0: [iface('10.0.0.5')] };

describe('where the local stack listens', () => {
  it('serves npm start on loopback only, even with Docker present', () => {
    expect(listenHosts(false, withDocker)).toEqual(['127.0.0.1']);
  });

  it('serves npm run emulators on loopback and Docker’s bridge, never on other interfaces', () => {
    expect(dockerBridgeAddress(withDocker)).toBe('172.17.0.1');
    expect(listenHosts(true, withDocker)).toEqual(['127.0.0.1', '172.17.0.1']);
    expect(listenHosts(true, withoutDocker)).toEqual(['127.0.0.1']);
  });

  it('says in the banner what is exposed', () => {
    expect(exposure(['127.0.0.1'], false)).toBe('this machine only (127.0.0.1)');
    expect(exposure(['127.0.0.1', '172.17.0.1'], true)).toMatch(/172\.17\.0\.1 \(Docker bridge/);
    expect(exposure(['127.0.0.1'], true)).toMatch(/no Docker bridge/);
  });

  it('listens on every address given, on one port, and closes them together', async () => {
    const server = createServer((_req, res) => res.end('ok'));
    const port = await listen(server, 0, ['127.0.0.1', '127.0.0.2'], 'test');
    expect(await (await fetch(`http://127.0.0.1:${port}/`)).text()).toBe('ok');
    expect(await (await fetch(`http://127.0.0.2:${port}/`)).text()).toBe('ok');
    await closeServer(server);
    await new Promise((resolve) => setTimeout(resolve, 50));
    await expect(fetch(`http://127.0.0.2:${port}/`)).rejects.toThrow();
  });
});
