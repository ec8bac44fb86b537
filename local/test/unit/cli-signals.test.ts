import { describe, expect, it } from 'vitest';
import { signalGate } from '../../cli-signals';

describe('stop signals', () => {
  it('stops gracefully on the first signal', () => {
    expect(signalGate(() => 0)()).toBe('stop');
  });

  it('takes a signal forwarded within a second (npm, tsx and the runtime all got it) as the same stop', () => {
    let now = 5_000;
    const verdict = signalGate(() => now);
    expect(verdict()).toBe('stop');
    now += 5;
    expect(verdict()).toBe('duplicate');
    now += 900;
    expect(verdict()).toBe('duplicate');
  });

  it('exits at once on a signal that comes more than a second into the stop', () => {
    let now = 0;
    const verdict = signalGate(() => now);
    verdict();
    now = 1_001;
    expect(verdict()).toBe('exit-now');
    expect(verdict()).toBe('exit-now');
  });
});
