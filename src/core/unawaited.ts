import type { Awaitable, Yieldable } from "./future.js";

/** The folder of spindle's own modules: frames inside it are not where the user made the call. */
const OWN_DIR = new URL("../", import.meta.url).href;

/** A made awaitable not waited on yet: what it is and where it was made. */
interface Made {
  readonly what: string;
  /** Captured at creation; formatted only if it must be reported. */
  readonly where: Error;
}

/**
 * Debug mode's check for a forgotten `yield*` (Python's "coroutine ... was never awaited"):
 * awaitables made while it is on are wrapped, and one that is never waited on is reported with
 * where it was made — when the collector finds it, or at the latest when the loop closes.
 *
 * Invariant: an awaitable is in `#pending` from its creation until it is waited on (iterated or
 * `then`-ed) or reported, whichever comes first; it is reported at most once.
 * @internal
 */
export class UnawaitedAwaitables {
  readonly #pending = new Map<WeakRef<object>, Made>();
  readonly #byObject = new WeakMap<object, WeakRef<object>>();
  readonly #collected = new FinalizationRegistry<WeakRef<object>>((ref) => this.#report(ref));

  /** Wraps `awaitable` so that waiting on it is noticed; `what` names it ("sleep(0.2)"). */
  track<T>(awaitable: Awaitable<T>, what: string): Awaitable<T> {
    const tracked = new Tracked(awaitable, this);
    const ref = new WeakRef(tracked);
    const where = new Error(what);
    this.#pending.set(ref, { what, where });
    this.#byObject.set(tracked, ref);
    this.#collected.register(tracked, ref, tracked);
    return tracked;
  }

  /** @internal It was waited on: nothing to report. */
  awaited(tracked: object): void {
    const ref = this.#byObject.get(tracked);
    if (ref === undefined) return;
    this.#byObject.delete(tracked);
    this.#pending.delete(ref);
    this.#collected.unregister(tracked);
  }

  /** Reports every awaitable still not waited on (the loop is closing). */
  flush(): void {
    for (const ref of [...this.#pending.keys()]) {
      const tracked = ref.deref();
      if (tracked !== undefined) this.#collected.unregister(tracked);
      this.#report(ref);
    }
  }

  #report(ref: WeakRef<object>): void {
    const made = this.#pending.get(ref);
    if (made === undefined) return;
    this.#pending.delete(ref);
    console.warn(
      `spindle debug: ${made.what} created at ${siteOf(made.where)} was never awaited — missing \`yield*\`? (a spindle awaitable does nothing until a task waits on it with \`yield*\`, or async code with \`await\`)`,
    );
  }
}

/** Waiting on it waits on the wrapped awaitable; making it noticed is all it adds. */
class Tracked<T> implements Awaitable<T> {
  readonly #inner: Awaitable<T>;
  readonly #tracker: UnawaitedAwaitables;

  constructor(inner: Awaitable<T>, tracker: UnawaitedAwaitables) {
    this.#inner = inner;
    this.#tracker = tracker;
  }

  [Symbol.iterator](): Iterator<Yieldable, T, unknown> {
    this.#tracker.awaited(this);
    return this.#inner[Symbol.iterator]();
  }

  // biome-ignore lint/suspicious/noThenProperty: awaitables are deliberately thenable (DESIGN §2).
  then<R1 = T, R2 = never>(
    onFulfilled?: ((value: T) => R1 | PromiseLike<R1>) | null,
    onRejected?: ((reason: unknown) => R2 | PromiseLike<R2>) | null,
  ): PromiseLike<R1 | R2> {
    this.#tracker.awaited(this);
    return this.#inner.then(onFulfilled, onRejected);
  }
}

/** "app.ts:12:5": the first frame of the stack outside spindle's own modules. */
function siteOf(error: Error): string {
  const frames = (error.stack ?? "").split("\n").slice(1);
  for (const frame of frames) {
    const location = /\(?((?:file|node):[^)\s]+|\/[^)\s]+):(\d+):(\d+)\)?$/.exec(frame.trim());
    if (location === null) continue;
    const [, file, line, column] = location;
    const url = file!.startsWith("/") ? `file://${file}` : file!;
    if (url.startsWith(OWN_DIR) || url.startsWith("node:")) continue;
    return `${file!.replace(/^file:\/\//, "")}:${line}:${column}`;
  }
  return "an unknown place";
}
