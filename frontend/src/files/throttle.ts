/**
 * Calls `fn` at most once per `ms`, always with the latest value: a call inside the window is
 * delivered when the window ends. `flush()` drops what is waiting (the caller sets the final
 * figure itself).
 */
export function throttle<T>(ms: number, fn: (value: T) => void): { (value: T): void; flush(): void } {
  let last = Number.NEGATIVE_INFINITY;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const call = (value: T) => {
    clearTimeout(timer);
    const now = performance.now();
    if (now - last < ms) {
      timer = setTimeout(() => call(value), ms - (now - last));
      return;
    }
    last = now;
    fn(value);
  };
  return Object.assign(call, { flush: () => clearTimeout(timer) });
}
