/**
 * The switch request: what `yield* g.switch(x)` iterates inside a greenlet body.
 *
 * ```
 * body: yield* g.switch(x)
 *   switch() ──fills──▶ the caller's request (target g, values x)        state CREATED
 *   yield*   ──next()──▶ request yields `yielded` ──▶ trampoline          state ISSUED
 *   trampoline resumes g ... later someone switches back to the caller:  state DELIVERING
 *   yield*   ──next(v)─▶ request returns { done: true, value: v } ──▶ yield* evaluates to v
 * ```
 * Rule: a request moves IDLE → CREATED → ISSUED → DELIVERING → IDLE, one step at a time. Any
 * other step (a second switch() before the `yield*`, a bare `yield`, a for...of, another
 * greenlet iterating it) is a misuse and gets a clear error.
 *
 * Each greenlet has one request, reused for every switch it makes (a greenlet makes at most one
 * switch at a time), so the hot path allocates nothing.
 * @module
 */

import { type SwitchVerb, strayIteration } from "./messages.js";
import { running, type Switcher } from "./running.js";

// What travels with control from one greenlet to the next: values, or an error to raise.
export const SWITCH = 0;
export const THROW = 1;
export type Verb = typeof SWITCH | typeof THROW;
export const VERB_NAME: readonly SwitchVerb[] = ["switch", "throw"];

// A request's states (see the diagram above).
export const IDLE = 0;
export const CREATED = 1;
export const ISSUED = 2;
export const DELIVERING = 3;

/**
 * @internal One greenlet's reusable request. The trampoline reads and writes its fields
 * directly; the body only ever iterates it, with `yield*`.
 */
export class SwitchRequest<G extends Switcher> {
  state = IDLE;
  verb: Verb = SWITCH;
  target: G | null = null;
  argc = 0;
  a0: unknown;
  rest: unknown[] | null = null;
  readonly owner: G;
  /** V8 hands this very object to the trampoline through `yield*`: identity is the check. */
  readonly yielded: IteratorYieldResult<SwitchRequest<G>>;
  /** Reused too; it keeps the last value delivered until the next switch. */
  readonly resumed: IteratorReturnResult<unknown> = { done: true, value: undefined };

  constructor(owner: G) {
    this.owner = owner;
    this.yielded = { done: false, value: this };
  }

  /** Fills the request for a new switch (state CREATED); the caller checked it was idle. */
  fill(verb: Verb, target: G, argc: number, a0: unknown, rest: unknown[] | null): this {
    this.state = CREATED;
    this.verb = verb;
    this.target = target;
    this.argc = argc;
    this.a0 = a0;
    this.rest = rest;
    return this;
  }

  [Symbol.iterator](): this {
    return this;
  }

  next(value?: unknown): IteratorResult<SwitchRequest<G>, unknown> {
    const state = this.state;
    if (state === DELIVERING) {
      this.state = IDLE;
      const resumed = this.resumed;
      resumed.value = value;
      return resumed;
    }
    if (state === CREATED && running() === this.owner) {
      this.state = ISSUED;
      return this.yielded;
    }
    throw this.stray();
  }

  throw(error: unknown): never {
    this.state = IDLE;
    throw error;
  }

  return(value?: unknown): IteratorResult<SwitchRequest<G>, unknown> {
    // yield* only closes its iterator when the body is closed, which the trampoline never does:
    // a return() while issued is a destructuring or a `break` out of a for...of.
    if (this.state === ISSUED) throw this.stray();
    this.state = IDLE;
    return { done: true, value };
  }

  /** The error for being driven by anything but the owner's `yield*`. */
  stray(): Error {
    const now = running();
    const by =
      now !== this.owner
        ? now.isMain()
          ? "ordinary code (the main greenlet)"
          : `greenlet '${now.name}'`
        : this.state === IDLE
          ? "a second `yield*` of the same request"
          : "something other than `yield*` (a for...of, a spread or Array.from?)";
    const target = this.target?.name ?? "?";
    // Only the owner's own misuse drops the request; another greenlet's must not break it.
    if (now === this.owner) this.state = IDLE;
    return strayIteration(this.owner.name, VERB_NAME[this.verb]!, target, by);
  }
}
