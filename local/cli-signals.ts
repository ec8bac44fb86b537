/**
 * What a stop signal means to `npm start`. The first one starts the graceful stop. A signal to
 * the whole process group (a terminal's Ctrl-C, `kill -TERM -<pgid>`, a supervisor) reaches npm,
 * tsx and the runtime at once, and npm/tsx forward theirs: the runtime then sees the same stop
 * twice within milliseconds. Only a signal that comes later, once the stop has had time to be
 * seen (someone pressing Ctrl-C again because it is slow), means "exit now".
 */
export type SignalVerdict = 'stop' | 'duplicate' | 'exit-now';

/** A repeat within this time of the first signal is the same stop, forwarded. */
export const REPEAT_AFTER_MS = 1000;

export function signalGate(now: () => number = Date.now, repeatAfterMs = REPEAT_AFTER_MS) {
  let stoppingSince: number | undefined;
  return (): SignalVerdict => {
    const at = now();
    if (stoppingSince === undefined) {
      stoppingSince = at;
      return 'stop';
    }
    return at - stoppingSince > repeatAfterMs ? 'exit-now' : 'duplicate';
  };
}
