import {
  type Awaitable,
  CancelledError,
  type Coroutine,
  currentTask,
  getRunningLoop,
  type Handle,
  RuntimeError,
  type Task,
  TimeoutError,
} from "../../core/index.js";
import {
  checkDelay,
  checkTime,
  debugTracked,
  describeValue,
  isGenerator,
} from "../../core/internal.js";
import { checkInlineBody, InlineRun } from "./inline.js";
import { loopFor, seconds } from "./inputs.js";

const WAIT_FOR_HINT = "for a Promise or async function, use waitFor(promise, delay)";

type State = "created" | "active" | "expiring" | "expired" | "exited";

/**
 * A deadline over a body that runs inline in the current task (asyncio.Timeout, 3.11). At the
 * deadline it cancels the task; when the body then ends with that CancelledError, the Timeout
 * withdraws its cancellation (`uncancel()`) and throws `TimeoutError` instead, its `cause` the
 * CancelledError. A cancellation that is not its own (the task cancelled from outside, an outer
 * timeout) has left the task's `cancelling()` count above what it was on entry, so it propagates
 * untouched: that is what makes nested timeouts work.
 *
 * ```
 *   created ──run()──> active ──deadline──> expiring ──body ends──> expired (TimeoutError)
 *                         └──────────── body ends in time ────────> exited
 * ```
 * Usually made by {@link timeout} or {@link timeoutAt}, which hand it to the body.
 * @example
 * const page = yield* timeout(10, function* (t) {
 *   const head = yield* fetchHead(url);
 *   if (head.large) t.reschedule(t.when()! + 20); // large pages get more time
 *   return yield* fetchBody(url);
 * });
 */
export class Timeout {
  #when: number | null;
  #state: State = "created";
  #task: Task<unknown> | null = null;
  /** The task's `cancelling()` on entry: above it on exit, a cancellation is not ours. */
  #cancellingOnEntry = 0;
  #handle: Handle | null = null;
  /** How it was made, for its messages: "timeout(1.5)", "timeoutAt(12)", or null. */
  readonly #label: string | null;
  /** The delay it was made with by timeout(), until rescheduled: messages say "after 1.5 seconds". */
  #delay: number | null;

  /**
   * A timeout at loop time `when` (seconds, as `loop.time()`), or none for null; it starts when
   * `run(body)` starts. (`made` is how timeout() and timeoutAt() name it.)
   */
  constructor(when: number | null, made: { label: string; delay?: number } | null = null) {
    if (when !== null) checkTime("Timeout", when);
    this.#when = when;
    this.#label = made?.label ?? null;
    this.#delay = made?.delay ?? null;
  }

  /** The deadline in loop time, or null when there is none. */
  when(): number | null {
    return this.#when;
  }

  /**
   * Moves the deadline to loop time `when` (null: no deadline) while the body runs. A deadline
   * already past expires at the next pass.
   */
  reschedule(when: number | null): void {
    if (when !== null) checkTime("Timeout.reschedule", when);
    if (this.#state !== "active") {
      const why =
        this.#state === "created"
          ? "has not started yet; call it from the body"
          : `has already ${this.#state === "exited" ? "finished" : "expired"}`;
      throw new RuntimeError(
        `Timeout.reschedule(): this timeout ${why}; a deadline can move only while its body runs`,
      );
    }
    this.#when = when;
    this.#delay = null;
    this.#arm();
  }

  /** Whether the deadline passed while the body ran (the body was cancelled). */
  expired(): boolean {
    return this.#state === "expiring" || this.#state === "expired";
  }

  /**
   * Runs `body(this)` inline in the current task under this deadline: `yield* t.run(body)`
   * evaluates to the body's return value. From an async function, `await t.run(body)` runs the
   * body in a helper task.
   */
  run<T>(body: (timeout: Timeout) => Coroutine<T>): Awaitable<T> {
    checkInlineBody("Timeout.run", body, "t.run(function* () { ... })", WAIT_FOR_HINT);
    return new InlineRun(this.#label ?? "Timeout.run()", () => this.#runInline(body));
  }

  *#runInline<T>(body: (timeout: Timeout) => Coroutine<T>): Coroutine<T> {
    this.#enter();
    let result: T;
    try {
      const coro = body(this);
      if (!isGenerator(coro)) {
        throw new TypeError(
          `${this.#what()}'s body returned ${describeValue(coro)}; it must be a generator function (function* () { ... })`,
        );
      }
      result = yield* coro;
    } catch (error) {
      if (this.#exit() && error instanceof CancelledError) {
        const timedOut = new TimeoutError(this.#message());
        timedOut.cause = error;
        throw timedOut;
      }
      throw error;
    }
    this.#exit(); // the body swallowed our CancelledError and returned: its value stands
    return result;
  }

  #enter(): void {
    if (this.#state !== "created") {
      throw new RuntimeError(
        `${this.#what()} was already used; a Timeout runs one body: make a new one`,
      );
    }
    const task = currentTask();
    if (task === null) {
      throw new RuntimeError(
        `${this.#what()} needs a running task: use \`yield* ${this.#label ?? "timeout(...)"}\` inside a task, or \`await\` it from an async function`,
      );
    }
    this.#state = "active";
    this.#task = task;
    this.#cancellingOnEntry = task.cancelling();
    this.#arm();
  }

  /** Leaves the body: true when the deadline passed and no other cancellation is pending. */
  #exit(): boolean {
    this.#handle?.cancel();
    this.#handle = null;
    if (this.#state !== "expiring") {
      this.#state = "exited";
      return false;
    }
    this.#state = "expired";
    return this.#task!.uncancel() <= this.#cancellingOnEntry;
  }

  #arm(): void {
    this.#handle?.cancel();
    this.#handle = null;
    const when = this.#when;
    if (when === null) return;
    const loop = getRunningLoop();
    const expire = () => this.#expire();
    this.#handle = when <= loop.time() ? loop.callSoon(expire) : loop.callAt(when, expire);
  }

  #expire(): void {
    this.#handle = null;
    if (this.#state !== "active") return;
    this.#state = "expiring";
    this.#task!.cancel(`${this.#what()} expired`);
  }

  #what(): string {
    return this.#label ?? "Timeout";
  }

  #message(): string {
    if (this.#delay !== null) {
      return `${this.#what()} expired: the body was still running after ${seconds(this.#delay)}, so it was cancelled`;
    }
    return `${this.#what()} expired: the body was still running at its deadline (loop time ${this.#when}), so it was cancelled`;
  }
}

/**
 * Runs `body` inline in the current task with a deadline `delay` seconds from now, and evaluates
 * to its return value (asyncio.timeout). At the deadline the body is cancelled where it waits and
 * `TimeoutError` is thrown (its `cause` the CancelledError); a cancellation from elsewhere
 * propagates untouched, so timeouts nest. `null` means no deadline. The body receives the
 * {@link Timeout}, to read or move the deadline.
 * @example
 * try {
 *   const reply = yield* timeout(1.5, function* () {
 *     yield* send(request);
 *     return yield* receive();
 *   });
 * } catch (e) {
 *   if (e instanceof TimeoutError) console.log(e.message); // "timeout(1.5) expired: ..."
 * }
 */
export function timeout<T>(
  delay: number | null,
  body: (timeout: Timeout) => Coroutine<T>,
): Awaitable<T> {
  if (delay !== null) checkDelay("timeout", delay);
  checkInlineBody("timeout", body, "timeout(1, function* () { ... })", WAIT_FOR_HINT);
  const loop = loopFor("timeout()");
  if (delay === null) {
    return debugTracked(
      new Timeout(null, { label: "timeout(null)" }).run(body),
      () => "timeout(null)",
    );
  }
  loop.debugMode.checkDelay(`timeout(${delay})`, delay);
  const run = new Timeout(loop.time() + delay, { label: `timeout(${delay})`, delay }).run(body);
  return debugTracked(run, () => `timeout(${delay})`);
}

/**
 * Like {@link timeout}, with the deadline as a loop time (`loop.time()` seconds) rather than a
 * delay (asyncio.timeout_at); null means none.
 * @example
 * const deadline = getRunningLoop().time() + 10;
 * const a = yield* timeoutAt(deadline, function* () { return yield* stepOne(); });
 * const b = yield* timeoutAt(deadline, function* () { return yield* stepTwo(); }); // same deadline
 */
export function timeoutAt<T>(
  when: number | null,
  body: (timeout: Timeout) => Coroutine<T>,
): Awaitable<T> {
  if (when !== null) checkTime("timeoutAt", when);
  checkInlineBody(
    "timeoutAt",
    body,
    "timeoutAt(loop.time() + 1, function* () { ... })",
    WAIT_FOR_HINT,
  );
  loopFor("timeoutAt()");
  return new Timeout(when, { label: `timeoutAt(${when})` }).run(body);
}
