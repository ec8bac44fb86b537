import type { Logger } from '../log';

/**
 * What startLocalStack started, to be stopped in reverse order, whether the start completed or
 * failed half-way. A failing step is reported and the others still run.
 */
export class Cleanup {
  readonly #steps: { name: string; run: () => Promise<void> | void }[] = [];

  add(name: string, run: () => Promise<void> | void): void {
    this.#steps.push({ name, run });
  }

  async run(log: Logger): Promise<void> {
    for (const step of this.#steps.splice(0).reverse()) {
      try {
        await step.run();
      } catch (error) {
        log.warn('stop', `${step.name}: ${(error as Error).message}`);
      }
    }
  }
}

/**
 * Like Promise.all, but waits for every promise to settle before rejecting: parts of the stack
 * that start in parallel must all have registered their cleanup before cleanup runs.
 */
export async function allOrFirstError<T extends readonly unknown[]>(
  promises: T,
): Promise<{ -readonly [K in keyof T]: Awaited<T[K]> }> {
  const results = await Promise.allSettled(promises);
  const failed = results.find((r) => r.status === 'rejected');
  if (failed) throw (failed as PromiseRejectedResult).reason;
  return results.map((r) => (r as PromiseFulfilledResult<unknown>).value) as never;
}
