import { networkInterfaces } from 'node:os';

/**
 * Where the local stack listens. `npm start` serves this machine only: loopback. `npm run
 * emulators` serves `sam local`'s containers too, which reach the host (as host.docker.internal,
 * mapped to `host-gateway`) through Docker's bridge on Linux — so there the emulators also listen
 * on the bridge's address, and nowhere else. Docker Desktop forwards host.docker.internal to the
 * host's loopback, so loopback alone serves it. DynamoDB Local is the exception: it has no option
 * to choose an address and always listens on every interface (see docs/local-runtime.md).
 */
export const LOOPBACK = '127.0.0.1';

type Interfaces = ReturnType<typeof networkInterfaces>;

/** The IPv4 address of Docker's default bridge (`docker0`), if this machine has one. */
export function dockerBridgeAddress(interfaces: Interfaces = networkInterfaces()): string | undefined {
  return interfaces.docker0?.find((entry) => entry.family === 'IPv4')?.address;
}

export function listenHosts(emulatorsOnly: boolean, interfaces: Interfaces = networkInterfaces()): string[] {
  const bridge = emulatorsOnly ? dockerBridgeAddress(interfaces) : undefined;
  return bridge ? [LOOPBACK, bridge] : [LOOPBACK];
}
