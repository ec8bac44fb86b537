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
 */
export class Store<S extends object> extends EventTarget {
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
}
