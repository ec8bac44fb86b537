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

  #stopping = false;

  /**
   * The stack is going away: an emulator that exits now is not restarted. A signal to the whole
   * process group (Ctrl-C in a terminal) reaches the emulators' own processes too, often before
   * the runtime has begun stopping them.
   */
  markStopping(): void {
    this.#stopping = true;
  }

  get stopping(): boolean {
    return this.#stopping;
  }

  /** The first emulator that is down, if any. */
  unavailable(): string | undefined {
    return this.#down.values().next().value;
  }
}
