import { RUN, type Runnable } from "./runnable.js";

/** A callback with its arguments. @internal */
type Callback = (...args: never[]) => unknown;

/**
 * A callback scheduled with `loop.callSoon`: cancel it before it runs and it never runs.
 * @example
 * const h = loop.callSoon(() => console.log("never"));
 * h.cancel();
 */
export class Handle implements Runnable {
  #callback: Callback | null;
  #args: readonly unknown[];
  #cancelled = false;

  /** @internal */
  constructor(callback: Callback, args: readonly unknown[]) {
    this.#callback = callback;
    this.#args = args;
  }

  /** Stops the callback from running; O(1), and harmless once it ran. */
  cancel(): void {
    if (this.#cancelled) return;
    this.#cancelled = true;
    this.#callback = null; // drop references early: a cancelled handle may wait long in a queue
    this.#args = [];
  }

  /** Whether `cancel()` was called. */
  cancelled(): boolean {
    return this.#cancelled;
  }

  /** The callback's name, for reports and slow-callback warnings. */
  describe(): string {
    return this.#callback?.name || "<anonymous callback>";
  }

  /** Runs the callback unless cancelled (the loop calls it, and catches what it throws). */
  [RUN](): void {
    const callback = this.#callback;
    if (callback === null) return;
    (callback as (...args: unknown[]) => unknown)(...this.#args);
  }
}

/** Told when one of its timers is cancelled, for lazy deletion. @internal */
export interface TimerOwner {
  timerCancelled(): void;
}

/**
 * A callback scheduled for a time (`loop.callLater`, `loop.callAt`); `when()` is in loop seconds.
 * @example
 * const t = loop.callLater(1.5, () => console.log("later"));
 * t.when(); // loop.time() + 1.5
 * t.cancel();
 */
export class TimerHandle extends Handle {
  readonly #when: number;
  /** Insertion order: timers with equal deadlines run in the order they were scheduled. @internal */
  readonly seq: number;
  #owner: TimerOwner | null;

  /** @internal */
  constructor(
    when: number,
    seq: number,
    callback: Callback,
    args: readonly unknown[],
    owner: TimerOwner,
  ) {
    super(callback, args);
    this.#when = when;
    this.seq = seq;
    this.#owner = owner;
  }

  /** The deadline, in loop time (seconds). */
  when(): number {
    return this.#when;
  }

  override cancel(): void {
    if (this.cancelled()) return;
    super.cancel();
    this.#owner?.timerCancelled();
    this.#owner = null;
  }

  /** @internal The heap no longer holds this timer: a later cancel must not count against it. */
  detach(): void {
    this.#owner = null;
  }
}
