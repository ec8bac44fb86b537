/**
 * API Gateway's route throttling: a token bucket per route holding up to `burstLimit` requests,
 * refilled at `rateLimit` per second; a request finding it empty gets 429 without reaching the function.
 */
export class TokenBucket {
  readonly #capacity: number;
  readonly #ratePerMs: number;
  readonly #now: () => number;
  #tokens: number;
  #last: number;

  constructor(burstLimit: number, rateLimit: number, now: () => number = Date.now) {
    this.#capacity = burstLimit;
    this.#ratePerMs = rateLimit / 1000;
    this.#now = now;
    this.#tokens = burstLimit;
    this.#last = now();
  }

  take(): boolean {
    const now = this.#now();
    this.#tokens = Math.min(this.#capacity, this.#tokens + (now - this.#last) * this.#ratePerMs);
    this.#last = now;
    if (this.#tokens < 1) return false;
    this.#tokens -= 1;
    return true;
  }
}
