/**
 * Which emulators are down right now (crashed, being restarted by their supervisor). While one
 * is, the HTTP APIs answer `503` at once instead of letting handlers wait on a dead endpoint.
 */
export class EmulatorHealth {
  readonly #down = new Set<string>();

  markDown(name: string): void {
    this.#down.add(name);
  }

  markUp(name: string): void {
    this.#down.delete(name);
  }

  /** The first emulator that is down, if any. */
  unavailable(): string | undefined {
    return this.#down.values().next().value;
  }
}
