import { describe, expect, it } from 'vitest';
import { freePort, isPortFree } from '../../ports';

describe('freePort', () => {
  it('never hands out the same port twice in one process, even while the ports stay unbound', async () => {
    // Picked ports are not bound until later (DynamoDB Local's JVM takes seconds), and the OS
    // offers recently closed ports again: a repeat here once made two services clash.
    const ports: number[] = [];
    for (let i = 0; i < 300; i++) ports.push(await freePort());
    expect(new Set(ports).size).toBe(ports.length);
    expect(await isPortFree(ports.at(-1)!)).toBe(true);
  });
});
