import {
  type Awaitable,
  Future,
  type Loop,
  RuntimeError,
  type TimerHandle,
} from "../../core/index.js";
import { checkDelay, describeValue, isGenerator, Waitable } from "../../core/internal.js";
import { loopFor } from "./inputs.js";

/**
 * `wait()` returns as soon as any future is done (asyncio.FIRST_COMPLETED).
 * @example
 * const [done, pending] = yield* wait(tasks, { returnWhen: FIRST_COMPLETED });
 */
export const FIRST_COMPLETED = "FIRST_COMPLETED";
/**
 * `wait()` returns when any future fails, or when all are done (asyncio.FIRST_EXCEPTION).
 * @example
 * const [done, pending] = yield* wait(tasks, { returnWhen: FIRST_EXCEPTION });
 */
export const FIRST_EXCEPTION = "FIRST_EXCEPTION";
/**
 * `wait()` returns when every future is done (asyncio.ALL_COMPLETED, the default).
 * @example
 * const [done] = yield* wait(tasks, { returnWhen: ALL_COMPLETED });
 */
export const ALL_COMPLETED = "ALL_COMPLETED";

/**
 * When {@link wait} returns.
 * @example
 * const when: ReturnWhen = FIRST_COMPLETED;
 */
export type ReturnWhen = typeof FIRST_COMPLETED | typeof FIRST_EXCEPTION | typeof ALL_COMPLETED;

/**
 * Options of {@link wait}.
 * @example
 * yield* wait(tasks, { timeout: 5, returnWhen: FIRST_EXCEPTION });
 */
export interface WaitOptions {
  /** Seconds to wait at most; null or absent: no limit. wait() never cancels anything. */
  timeout?: number | null;
  /** When to return: ALL_COMPLETED (default), FIRST_COMPLETED or FIRST_EXCEPTION. */
  returnWhen?: ReturnWhen;
}

/**
 * What a task in wait() parks on: one listener (itself) on every future; once its condition holds
 * or the timeout passes, it unregisters and completes. The futures are split into done and
 * pending when the waiting task resumes, so one that finished in between counts as done
 * (CPython's `test_wait_really_done`).
 */
class WaitFuture<F extends Future<unknown>> extends Future<true> {
  readonly #fs: Set<F>;
  readonly #returnWhen: ReturnWhen;
  #remaining: number;
  #timer: TimerHandle | null = null;

  constructor(loop: Loop, fs: Set<F>, returnWhen: ReturnWhen) {
    super(loop, `wait() on ${fs.size} future${fs.size === 1 ? "" : "s"} (${returnWhen})`);
    this.#fs = fs;
    this.#returnWhen = returnWhen;
    this.#remaining = fs.size;
  }

  start(loop: Loop, timeout: number | null): this {
    if (timeout !== null) this.#timer = loop.callLater(timeout, () => this.#settle());
    for (const f of this.#fs) {
      f.addListener(this); // a future already done is delivered at once
      if (this.done()) break;
    }
    return this;
  }

  /** Stops waiting; the futures themselves are not touched. */
  override cancel(message?: string): boolean {
    if (!super.cancel(message)) return false;
    this.#unregister();
    return true;
  }

  /** @internal One of the futures is done. */
  futureDone(f: Future<unknown>): void {
    if (this.done()) return;
    this.#remaining--;
    if (
      this.#remaining === 0 ||
      this.#returnWhen === FIRST_COMPLETED ||
      (this.#returnWhen === FIRST_EXCEPTION && !f.cancelled() && f.exception() !== undefined)
    ) {
      this.#settle();
    }
  }

  #settle(): void {
    if (this.done()) return;
    this.#unregister();
    super.setResult(true);
  }

  #unregister(): void {
    this.#timer?.cancel();
    this.#timer = null;
    for (const f of this.#fs) if (!f.done()) f.removeListener(this);
  }
}

/**
 * Waits for the futures (or tasks) until `returnWhen` holds or `timeout` seconds pass, and
 * evaluates to `[done, pending]`, two Sets (asyncio.wait). It never cancels anything: what is
 * pending keeps running. It takes futures only, so that the sets hold the very objects you
 * passed: wrap generators with `createTask` first.
 * @example
 * const tasks = urls.map((u) => createTask(fetchPage(u)));
 * const [done, pending] = yield* wait(tasks, { timeout: 2, returnWhen: FIRST_COMPLETED });
 * for (const t of pending) t.cancel();
 */
export function wait<F extends Future<unknown>>(
  aws: Iterable<F>,
  options: WaitOptions = {},
): Awaitable<[Set<F>, Set<F>]> {
  if (
    aws === null ||
    typeof aws !== "object" ||
    aws instanceof Future ||
    isGenerator(aws) ||
    typeof (aws as { [Symbol.iterator]?: unknown })[Symbol.iterator] !== "function"
  ) {
    throw new TypeError(
      `wait() needs an iterable of futures or tasks (an array or a Set); got ${describeValue(aws)}. To wait for one task, pass [task]`,
    );
  }
  const { timeout = null, returnWhen = ALL_COMPLETED } = options;
  if (
    returnWhen !== FIRST_COMPLETED &&
    returnWhen !== FIRST_EXCEPTION &&
    returnWhen !== ALL_COMPLETED
  ) {
    throw new RangeError(
      `wait() got returnWhen ${describeValue(returnWhen)}; use FIRST_COMPLETED, FIRST_EXCEPTION or ALL_COMPLETED`,
    );
  }
  if (timeout !== null) checkDelay("wait", timeout);
  const fs = new Set(aws);
  if (fs.size === 0) throw new RangeError("wait() needs at least one awaitable");
  const loop = loopFor("wait()");
  let position = 0;
  for (const f of fs) {
    position++;
    if (!(f instanceof Future)) {
      throw new TypeError(
        `wait() takes futures or tasks, so that done and pending hold what you passed; got ${describeValue(f)} at position ${position}: wrap it with createTask(...) first`,
      );
    }
    if (!f.belongsTo(loop)) {
      throw new RuntimeError(
        `wait() got ${f.describe()} at position ${position}, which belongs to a different loop and would never complete on this one; create it on the loop that runs this code`,
      );
    }
  }
  return new Waitable(function* () {
    yield* new WaitFuture(loop, fs, returnWhen).start(loop, timeout);
    const done = new Set<F>();
    const pending = new Set<F>();
    for (const f of fs) (f.done() ? done : pending).add(f);
    return [done, pending];
  });
}
