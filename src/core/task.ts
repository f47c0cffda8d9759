import { adoptPromise, isThenable } from "./adopt.js";
import { AsyncBody } from "./async-body.js";
import { describeValue } from "./describe.js";
import { CancelledError, InternalError, RuntimeError } from "./errors.js";
import { type Coroutine, Future } from "./future.js";
import { RUN, type Runnable } from "./runnable.js";
import type { TaskHost as Host, TaskBody } from "./task-host.js";
import { Trap, type WaitTarget } from "./traps.js";

/** What a task needs of its loop. */
export type TaskHost = Host<Task<unknown>>;
export type { TaskBody };

/** `#flags` bits: a cancellation to throw in at the next step or wait (asyncio's `_must_cancel`). */
const MUST_CANCEL = 1;
/** cancel() is passing the request on to the trap this task waits on. */
const PROPAGATING = 2;
/** `#trap` woke the task (its outcome is what the coroutine resumes with), not parked on it. */
const WOKEN = 4;
/** The body is outside work (an async function or a promise), not a coroutine. */
const OUTSIDE = 8;
/** The pending cancellation requests (asyncio's `cancelling()`) count in the bits above these. */
const REQUEST = 16;

/**
 * The states a monitor shows.
 * @example
 * if (task.state() === "waiting") console.log(task.waitingOn()?.describe());
 */
export type TaskState = "ready" | "running" | "waiting" | "cancelling" | "done";

/**
 * A coroutine scheduled on the loop (asyncio.Task). The task itself sits in the ready queue and
 * each step is one `next()`/`throw()` on its generator: no closure or promise per step.
 *
 * Invariant: a task is in exactly one place at a time — running (it is `currentTask`), in the
 * ready queue once, parked on one trap (`waitingOn()` is that trap), or done. A wake-up is
 * final: a parked task resumes with its trap's outcome; a cancellation requested after it was
 * woken is thrown in at its next wait (see `traps.ts`).
 *
 * Cancellation completes: a cancelled task is done only when its coroutine has finished
 * unwinding (its `finally` blocks, waiting ones included), or, for an async function, when its
 * promise has settled after its AbortSignal fired. A request that never reaches the coroutine
 * (it returns without waiting again) leaves its result standing: nothing it took is lost.
 * @example
 * const t = createTask(function* () { yield* sleep(1); return 7; }, { name: "seven" });
 * const v = yield* t; // 7
 */
export class Task<T = unknown> extends Future<T> implements Runnable {
  // Few fields, each 8 bytes per task: a parked task is a task, a generator and its wait, and
  // 100k of them should fit in a few dozen megabytes.
  /** The coroutine; or, for a task made from an async function, its body; or null (a promise). */
  #body: Coroutine<T> | AsyncBody<T> | null;
  /** The task whose step created this one (monitors, run()'s sessions). */
  #parent: Task<unknown> | null;
  /** The trap this task is parked on, or (WOKEN) the one that woke it; null while neither. */
  #trap: Trap | null = null;
  /** MUST_CANCEL, PROPAGATING, WOKEN, OUTSIDE, and the cancellation requests (× REQUEST). */
  #flags = 0;
  #cancelMessage: string | undefined = undefined;
  /** An error to throw into the coroutine at once (a foreign yielded value). */
  #throwNext: Error | null = null;
  /** Primitives this task holds (locks), for reports; allocated on the first hold. */
  #holding: WaitTarget[] | null = null;
  /** @internal Links in the loop's list of unfinished tasks. */
  prevLive: Task<unknown> | null = null;
  /** @internal */
  nextLive: Task<unknown> | null = null;

  /** @internal Use `loop.createTask()` or `createTask()`. */
  constructor(host: TaskHost, body: TaskBody<T>, name: string | null, coroutine: boolean) {
    // The label slot holds the name, or the task's number until `Task-<n>` is first asked for.
    super(host, name ?? host.nextTaskNumber());
    this.#parent = host.currentTask;
    if (coroutine) this.#body = body as Coroutine<T>;
    else {
      this.#flags = OUTSIDE;
      this.#body = typeof body === "function" ? new AsyncBody(body) : null;
    }
    host.taskStarted(this as Task<unknown>, this.#parent);
    if (this.#body !== null) host.schedule(this);
    else this.#follow(body as PromiseLike<T>);
  }

  /** @internal The loop, as tasks see it (Future's field, typed for tasks). */
  declare protected readonly host: TaskHost;

  /** The task's name, as it appears in every report about it. */
  getName(): string {
    const label = this.label;
    if (typeof label === "string") return label;
    const name = `Task-${label}`;
    this.label = name;
    return name;
  }

  /** Renames the task. */
  setName(name: string): void {
    this.label = String(name);
  }

  /** The coroutine the task drives, or null for a task made from a promise or async function. */
  getCoro(): Coroutine<T> | null {
    const body = this.#body;
    return body instanceof AsyncBody ? null : body;
  }

  /** The task whose step created this one, or null (created by a callback or outside a loop). */
  parent(): Task<unknown> | null {
    return this.#parent;
  }

  /**
   * What the task is parked on — a future, or a primitive's wait whose `describe()` is the wait
   * label ("Lock 'db'", "Queue 'jobs'.get()", "sleep(1.5)") — or null when it is not parked.
   */
  waitingOn(): WaitTarget | null {
    return (this.#flags & WOKEN) === 0 ? this.#trap : null;
  }

  /** Where the task is: ready, running, waiting, cancelling (asked to, not finished), or done. */
  state(): TaskState {
    if (this.done()) return "done";
    if (this.cancelling() > 0) return "cancelling";
    if (this.host.currentTask === this) return "running";
    return this.waitingOn() !== null ? "waiting" : "ready";
  }

  /** How many cancellation requests are pending (asyncio's `cancelling()`). */
  cancelling(): number {
    return Math.floor(this.#flags / REQUEST);
  }

  /** Withdraws one cancellation request; returns how many remain. */
  uncancel(): number {
    if (this.#flags >= REQUEST) this.#flags -= REQUEST;
    if (this.#flags < REQUEST) this.#flags &= ~MUST_CANCEL;
    return this.cancelling();
  }

  /**
   * Requests cancellation: `CancelledError(message)` is thrown into the coroutine where it waits
   * (or at its next wait, if it was already woken). Returns false if the task is already done.
   * The task is done once the coroutine has unwound. For a task made from an async function,
   * its AbortSignal fires and the task ends when its promise settles.
   */
  override cancel(message?: string): boolean {
    if (this.done()) return false;
    if ((this.#flags & PROPAGATING) !== 0) {
      // Re-entered through a cycle of waits (a joins b, b joins a): stop the chain here.
      this.#cancelAtNextStep(message);
      return true;
    }
    this.#flags += REQUEST;
    this.host.hooks.reportCancelled(this, message);
    if ((this.#flags & OUTSIDE) !== 0) return this.#cancelOutsideWork(message);
    const trap = this.waitingOn() as Trap | null;
    if (trap !== null) {
      this.#flags |= PROPAGATING;
      try {
        if (trap.abortWait(this, message)) return true;
      } finally {
        this.#flags &= ~PROPAGATING;
      }
    }
    this.#flags |= MUST_CANCEL;
    this.#cancelMessage = message;
    return true;
  }

  /** Leaves the future it waits on, without cancelling it, and resumes with CancelledError. */
  #cancelAtNextStep(message: string | undefined): void {
    this.#flags |= MUST_CANCEL;
    this.#cancelMessage = message;
    const trap = this.waitingOn();
    if (!(trap instanceof Future)) return; // ready already, or a wait that ends by itself
    trap.removeListener(this);
    this.#trap = null;
    this.host.schedule(this);
  }

  /** The locks (and other owned primitives) this task holds now, oldest first. */
  holding(): readonly WaitTarget[] {
    return this.#holding ?? [];
  }

  /** @internal A primitive records that this task now holds it (a lock's acquire). */
  hold(target: WaitTarget): void {
    if (this.#holding === null) this.#holding = [target];
    else this.#holding.push(target);
  }

  /** @internal ...and that it let go (release); the most recent hold of `target` goes. */
  unhold(target: WaitTarget): void {
    const holding = this.#holding;
    if (holding === null) return;
    // Locks are mostly released in reverse order of acquiring: pop, do not splice (allocates).
    const last = holding.length - 1;
    if (holding[last] === target) holding.pop();
    else {
      const i = holding.lastIndexOf(target);
      if (i >= 0) holding.splice(i, 1);
    }
  }

  override describe(): string {
    return `Task '${this.getName()}'`;
  }

  /** @internal The trap this task parked on completed: run again with its outcome (final). */
  wake(trap: Trap): void {
    if (this.#trap !== trap || (this.#flags & WOKEN) !== 0) {
      throw new InternalError(
        `${this.describe()} was woken by ${trap.describe()}, which it is not waiting on (woken twice?)`,
      );
    }
    this.#flags |= WOKEN;
    const host = this.host;
    host.hooks.reportWoken(this, host.currentTask);
    host.schedule(this);
  }

  /** @internal A future this task parked on is done. */
  futureDone(future: Trap): void {
    this.wake(future);
  }

  /** One step (the loop calls it): resume the coroutine until it yields, returns or throws. */
  [RUN](): void {
    if ((this.#flags & OUTSIDE) !== 0) {
      this.#startOutsideWork();
      return;
    }
    const coro = this.#body as Coroutine<T>;
    if (this.done()) return;
    const host = this.host;
    for (;;) {
      let step: IteratorResult<unknown, T>;
      host.currentTask = this as Task<unknown>;
      try {
        if ((this.#flags & WOKEN) !== 0) {
          // Woken: resume with the trap's outcome, even if a cancellation arrived meanwhile.
          const trap = this.#trap!;
          this.#trap = null;
          this.#flags &= ~WOKEN;
          step = resume(coro, trap);
        } else if (this.#throwNext !== null) {
          const error = this.#throwNext;
          this.#throwNext = null;
          step = coro.throw(error);
        } else if ((this.#flags & MUST_CANCEL) !== 0) {
          this.#flags &= ~MUST_CANCEL;
          step = coro.throw(new CancelledError(this.#cancelMessage));
        } else {
          step = coro.next(undefined);
        }
      } catch (error) {
        host.currentTask = null;
        this.#fail(error);
        return;
      }
      host.currentTask = null;
      if (step.done) {
        this.#succeed(step.value);
        return;
      }
      if (this.#park(step.value)) return;
      // A foreign value: its TypeError is thrown in at once, in this same step.
    }
  }

  /** Parks on what the coroutine yielded; false when it yielded something spindle cannot wait on. */
  #park(value: unknown): boolean {
    if (value === undefined) {
      this.host.schedule(this);
      return true;
    }
    let trap: Trap;
    if (value instanceof Trap) {
      trap = value;
      if (trap instanceof Future && !this.#canWaitOn(trap)) return false;
    } else if (isThenable(value)) {
      trap = adoptPromise(this.host, value);
    } else {
      this.#throwNext = new TypeError(
        `${this.describe()} yielded ${describeValue(value)}, which spindle cannot wait on. Yield a spindle Future or Promise with \`yield*\` (e.g. \`yield* sleep(1)\`), or \`yield;\` to let others run. Did it come from another async framework, or is a \`*\` missing after \`yield\`?`,
      );
      return false;
    }
    this.#trap = trap;
    trap.parkTask(this);
    if ((this.#flags & WOKEN) !== 0) return true; // it was done already: woken at once
    this.host.hooks.reportBlocked(this, trap);
    // Cancelled while it ran (it cancelled itself, or a TaskGroup re-armed a cancellation):
    // asyncio cancels the very next wait at once instead of letting it run its course.
    if ((this.#flags & MUST_CANCEL) !== 0 && trap.abortWait(this, this.#cancelMessage)) {
      this.#flags &= ~MUST_CANCEL;
    }
    return true;
  }

  /** A task cannot wait on itself, nor on a future of another loop (it would never wake). */
  #canWaitOn(future: Future<unknown>): boolean {
    if (future === this) {
      this.#throwNext = new RuntimeError(
        `${this.describe()} waits on itself and could never finish; wait on another task or future`,
      );
      return false;
    }
    if (!future.belongsTo(this.host)) {
      this.#throwNext = new RuntimeError(
        `${this.describe()} waits on ${future.describe()}, which belongs to a different loop and would never wake it; create the future with this loop (getRunningLoop().createFuture())`,
      );
      return false;
    }
    return true;
  }

  #succeed(value: T): void {
    super.setResult(value);
    this.#finished();
  }

  #fail(error: unknown): void {
    if (error instanceof CancelledError) super.cancel(error.message);
    else super.setException(error);
    this.#finished();
  }

  #finished(): void {
    const holding = this.#holding;
    if (holding !== null && holding.length > 0) {
      // asyncio says nothing and the lock stays taken forever: say who and what.
      this.host.callExceptionHandler({
        message: `${this.describe()} ended while holding ${holding.map((h) => h.describe()).join(", ")}; every other task waiting for it will wait forever. Release it in a \`finally\` block.`,
        task: this as Task<unknown>,
      });
    }
    this.host.taskFinished(this as Task<unknown>);
  }

  /** First step of an async-function task: call it, then follow its promise. */
  #startOutsideWork(): void {
    const body = this.#body as AsyncBody<T> | null;
    if (body === null || this.done()) return;
    const host = this.host;
    host.currentTask = this as Task<unknown>;
    let promise: PromiseLike<T> | null;
    try {
      promise = body.start();
    } catch (error) {
      host.currentTask = null;
      this.#fail(error);
      return;
    }
    host.currentTask = null;
    if (promise !== null) this.#follow(promise);
  }

  /** Parks on the promise of outside work until it settles; its own outcome decides. */
  #follow(promise: PromiseLike<T>): void {
    const future = adoptPromise(this.host, promise);
    this.#trap = future;
    future.addListener({
      futureDone: () => {
        this.#trap = null;
        if (this.done()) return; // a bare promise's task, cancelled: its outcome is dropped
        let value: T;
        try {
          value = future.result(); // throws the promise's rejection, or CancelledError
        } catch (error) {
          const body = this.#body as AsyncBody<T> | null;
          const aborted = body?.isAbortAnswer(error) === true;
          this.#fail(aborted ? new CancelledError(this.#cancelMessage) : error);
          return;
        }
        this.#succeed(value); // it finished its work, even if asked to stop: the result stands
      },
    });
  }

  /**
   * Cancels outside work: an async function's signal fires and the task ends when its promise
   * settles (never while its work still runs); a bare promise cannot be stopped, so its task
   * ends at once and the promise's outcome is dropped. Not started yet: it never starts.
   */
  #cancelOutsideWork(message: string | undefined): boolean {
    this.#cancelMessage = message;
    const body = this.#body as AsyncBody<T> | null;
    body?.abort(message);
    if (body?.started) return true;
    const waiting = this.#trap;
    this.#trap = null;
    super.cancel(message);
    // Stop waiting for the promise too: its adoption then stops holding the loop open.
    waiting?.abortWait(this, message);
    this.#finished();
    return true;
  }
}

/** Resumes `coro` with the outcome of `trap`: its result, or its error thrown in. */
function resume<T>(coro: Coroutine<T>, trap: Trap): IteratorResult<unknown, T> {
  let value: unknown;
  try {
    value = trap.result();
  } catch (error) {
    return coro.throw(error);
  }
  return coro.next(value);
}
