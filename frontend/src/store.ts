/** Freezes a state tree so accidental mutation throws (development and tests only). */
function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const child of Object.values(value)) deepFreeze(child);
  }
  return value;
}

const freeze: <T>(value: T) => T = import.meta.env?.DEV ? deepFreeze : (value) => value;

export interface ChangeDetail<S> {
  previous: S;
  state: S;
}

/**
 * Holds one immutable state object. update() replaces it (never mutates) and dispatches a
 * `change` CustomEvent carrying the previous and the new state. No DOM code lives here.
 *
 * It also carries the events features use to talk to each other (`E` maps each event name to its
 * detail): a feature emits what happened, others listen, and none calls another directly.
 */
export class Store<S extends object, E extends object = Record<never, never>> extends EventTarget {
  #state: S;

  constructor(initial: S) {
    super();
    this.#state = freeze(initial);
  }

  get state(): S {
    return this.#state;
  }

  update(next: (state: S) => S): void {
    const previous = this.#state;
    const state = next(previous);
    if (state === previous) return;
    this.#state = freeze(state);
    this.dispatchEvent(new CustomEvent<ChangeDetail<S>>('change', { detail: { previous, state } }));
  }

  /** Tells every listener of `type`, synchronously, in the order they subscribed. */
  emit<K extends keyof E & string>(type: K, detail: E[K]): void {
    this.dispatchEvent(new CustomEvent(type, { detail }));
  }

  /** Listens to `type`; returns the function that stops listening. */
  on<K extends keyof E & string>(type: K, listener: (detail: E[K]) => void): () => void {
    const handler = (event: Event) => listener((event as CustomEvent<E[K]>).detail);
    this.addEventListener(type, handler);
    return () => this.removeEventListener(type, handler);
  }
}
