/** How long after the last keystroke typed text is sent. */
export const AUTOSAVE_DELAY_MS = 700;

/** What a part of a form says about its text: nothing yet, on its way, saved, or not saved (why). */
export type SaveStatus =
  | { state: 'idle' }
  | { state: 'saving' }
  | { state: 'saved' }
  | { state: 'invalid'; reason: string }
  | { state: 'failed'; reason: string; error: unknown };

/** One form that saves through the autosave: the edit form, the notes. */
export interface AutosavePart<C> {
  /**
   * What differs from the server's version now: the changed fields that can be sent (null when
   * none), and why something typed cannot be sent (null when everything can).
   */
  read(): { changes: C | null; invalid: string | null };
  /** The server took `changes` (every part's, merged): the part takes its own fields as saved. */
  saved(changes: C): void;
  show(status: SaveStatus): void;
  /**
   * The server refused `changes` (every part's, merged) with `error`. When it is a refusal of the
   * values themselves (a 400), the part holds back the fields it names, as sent, reading them as
   * invalid until they are edited; true when it now holds one back.
   */
  refused?(changes: C, error: unknown): boolean;
}

export interface AutosaveDeps<C> {
  /** One ordinary request; rejects with the reason it failed. */
  send(changes: C): Promise<unknown>;
  /** A request that outlives the page (keepalive); rejects when it failed and the page is still here. */
  sendOnExit(changes: C): Promise<unknown>;
  describe(error: unknown): string;
  delayMs?: number;
}

/**
 * Saves what is typed while it is typed. Changes are sent a pause after the last keystroke (or
 * at once, for a date or a select), only the changed fields, merged across the parts of one todo:
 * one request in flight at a time (a keepalive one included); what is typed meanwhile follows
 * it, never lost or reordered. A failure waits for Retry (or the next edit), except a refusal of
 * the values sent, which is held back as invalid input (see AutosavePart.refused); leaving sends at once
 * (`flush`), and a closing page sends a keepalive request (`flushOnExit`).
 */
export class Autosave<C extends object> {
  readonly #d: AutosaveDeps<C>;
  readonly #parts: AutosavePart<C>[] = [];
  readonly #status = new Map<AutosavePart<C>, SaveStatus>();
  #timer: ReturnType<typeof setTimeout> | undefined;
  /** The requests not answered yet (the ordinary one, keepalive ones), with their changes. */
  readonly #out = new Map<Promise<void>, C>();
  /** Something was edited and due to go while a request was in flight: it goes after it. */
  #again = false;
  #lastFailed = false;
  /** The changes of the keepalive request not answered yet (to send the same ones once). */
  #exitSent: string | null = null;

  constructor(deps: AutosaveDeps<C>) {
    this.#d = deps;
  }

  add(part: AutosavePart<C>) {
    this.#parts.push(part);
    this.#status.set(part, { state: 'idle' });
  }

  /** `part` was edited: save after a pause in typing, or `now` (a date, a select). */
  edited(part: AutosavePart<C>, options: { now?: boolean } = {}) {
    // What it said about the earlier text no longer holds; "Saving…" stays while a request is out.
    if (this.#status.get(part)?.state !== 'saving') this.#show(part, { state: 'idle' });
    this.#clearTimer();
    if (options.now) this.#run();
    else this.#timer = setTimeout(() => this.#run(), this.#d.delayMs ?? AUTOSAVE_DELAY_MS);
  }

  retry() {
    this.#clearTimer();
    this.#run();
  }

  /**
   * Sends what waits, now (the user is leaving). Resolves once everything typed so far has been
   * answered: false when the last request failed (what cannot be sent is not counted: leaving
   * with it was the user's choice).
   */
  async flush(): Promise<boolean> {
    this.#clearTimer();
    this.#run();
    for (let waiting = this.#waiting(); waiting; waiting = this.#waiting()) await waiting;
    return !this.#lastFailed;
  }

  /** A request still to be answered, if any. */
  #waiting(): Promise<void> | undefined {
    return this.#out.keys().next().value;
  }

  /**
   * The page is going away: everything not yet confirmed (what waits, and what is in flight, in
   * case the browser drops that request) goes in one keepalive request, without waiting.
   */
  flushOnExit() {
    this.#clearTimer();
    const { changes, included } = this.#collect();
    // Closing a tab hides it, then fires pagehide: the same changes go once.
    const key = JSON.stringify(changes);
    if (!changes || key === this.#exitSent) return;
    this.#exitSent = key;
    // Sent beside requests not answered yet, it may reach the server first and be overwritten by
    // theirs: once answered, their fields count as holding their (older) values, so whatever
    // differs is sent again while the page is still here.
    const beside = this.#unanswered();
    const sent = this.#d.sendOnExit(changes).then(
      () => {
        this.#exitSent = null;
        this.#lastFailed = false;
        // The page stayed (the tab was only hidden): the change is saved.
        for (const part of this.#parts) {
          part.saved(changes);
          if (beside) part.saved(beside);
        }
        for (const part of included) this.#showSettled(part);
      },
      () => {
        // Not taken: the ordinary way, with its status and Retry, takes over (below), even after
        // an earlier failure (what waits would otherwise sit there with no status).
        this.#exitSent = null;
        this.#again = true;
      },
    );
    this.#track(sent, changes);
  }

  /** Keeps `request` among those not answered until it settles, then sends what follows it. */
  #track(request: Promise<void>, changes: C) {
    const settled = request.finally(() => {
      this.#out.delete(settled);
      this.#afterRequest();
    });
    this.#out.set(settled, changes);
  }

  /** The changes of every request in flight, merged; null when none is. */
  #unanswered(): C | null {
    let merged: C | null = null;
    for (const changes of this.#out.values()) merged = { ...merged, ...changes } as C;
    return merged;
  }

  /** Whether something typed cannot be sent (an empty title): leaving would lose it. */
  invalid(): boolean {
    return this.#parts.some((part) => part.read().invalid !== null);
  }

  #clearTimer() {
    clearTimeout(this.#timer);
    this.#timer = undefined;
  }

  #show(part: AutosavePart<C>, status: SaveStatus) {
    this.#status.set(part, status);
    part.show(status);
  }

  /** Merges every part's changes; a part with none says why it holds something back, or that it is saved. */
  #collect(): { changes: C | null; included: AutosavePart<C>[] } {
    let changes: C | null = null;
    const included: AutosavePart<C>[] = [];
    for (const part of this.#parts) {
      const read = part.read();
      if (read.changes) {
        changes = { ...changes, ...read.changes } as C;
        included.push(part);
      }
    }
    return { changes, included };
  }

  /** After its changes were saved: invalid, still typed into (its own save follows), or saved. */
  #showSettled(part: AutosavePart<C>) {
    const { changes, invalid } = part.read();
    if (invalid) this.#show(part, { state: 'invalid', reason: invalid });
    else if (!changes) this.#show(part, { state: 'saved' });
  }

  #run() {
    // One request at a time, keepalive ones included: a save never overtakes an earlier one.
    if (this.#out.size > 0) {
      this.#again = true;
      return;
    }
    const { changes, included } = this.#collect();
    for (const part of this.#parts) {
      if (included.includes(part)) continue;
      const { invalid } = part.read();
      const state = this.#status.get(part)?.state;
      if (invalid) this.#show(part, { state: 'invalid', reason: invalid });
      // Back to what the server has (or the server has it now): nothing is unsaved.
      else if (state === 'failed' || state === 'invalid' || state === 'saving') {
        this.#show(part, { state: 'saved' });
      }
    }
    if (!changes) return;
    for (const part of included) this.#show(part, { state: 'saving' });
    const sent = this.#d.send(changes).then(
      () => {
        this.#lastFailed = false;
        for (const part of this.#parts) part.saved(changes);
        for (const part of included) this.#showSettled(part);
      },
      (error: unknown) => {
        let held = false;
        for (const part of this.#parts) held = (part.refused?.(changes, error) ?? false) || held;
        if (held) {
          // Sending it again would be refused again, and with it every later edit: what was
          // refused waits for the user as invalid input (not counted as a failure), and the
          // rest of the request goes on its own, at once.
          this.#lastFailed = false;
          this.#again = true;
          return;
        }
        this.#lastFailed = true;
        const reason = this.#d.describe(error);
        for (const part of included) this.#show(part, { state: 'failed', reason, error });
      },
    );
    this.#track(sent, changes);
  }

  /**
   * Once no request is out: sends what was typed meanwhile (its pause over), or what the server
   * may not have (an answer that arrived after a newer request's, see flushOnExit).
   */
  #afterRequest() {
    if (this.#out.size > 0) return;
    const behind = !this.#lastFailed && this.#timer === undefined && this.#collect().changes !== null;
    if (this.#again || behind) {
      this.#again = false;
      this.#run();
    }
  }
}
