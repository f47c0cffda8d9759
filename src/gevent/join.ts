import {
  type Awaitable,
  type Coroutine,
  currentTask,
  Future,
  GreenletExit,
  getRunningLoop,
  sleep as kernelSleep,
  type Task,
} from "../asyncio/index.js";
import { checkDelay, describeValue } from "../core/internal.js";
import { Greenlet } from "./greenlet.js";
import { hubCall, runningHub, withDeadline } from "./hub.js";

/**
 * Options of {@link joinall}.
 * @example
 * yield* joinall(gs, { timeout: 5, raiseError: true });
 */
export interface JoinallOptions {
  /** Seconds to wait at most (default: no limit). */
  timeout?: number | null;
  /** Throw the first greenlet error as soon as it happens (default false: errors stay on the greenlets). */
  raiseError?: boolean;
  /** Return once this many are done (default: all). */
  count?: number;
}

/**
 * Options of {@link wait}.
 * @example
 * const ready = yield* wait([a, b, event], { timeout: 1, count: 1 });
 */
export interface WaitOptions {
  /** Seconds to wait at most (default: no limit). */
  timeout?: number | null;
  /** Return once this many are ready (default: all). */
  count?: number;
}

/**
 * What {@link wait} can wait on: greenlets, futures and tasks, and anything with `wait()` (Event,
 * AsyncResult, ...).
 * @example
 * const objects: WaitObject[] = [greenlet, task, new event.Event()];
 */
export type WaitObject = Greenlet<unknown> | Future<unknown> | { wait(): Awaitable<unknown> };

/**
 * Waits for the greenlets to finish (gevent.joinall) and evaluates to those that did. Never
 * throws their errors unless `raiseError`. Inside a greenlet, `yield*` it; from ordinary code,
 * `await` it: it runs the hub until they are done, and rejects with DeadlockError (gevent's
 * LoopExit, with the kernel's report) if they can never finish.
 * @example
 * yield* joinall([spawn(foo), spawn(bar)]);
 * await joinall([spawn(foo), spawn(bar)]); // from ordinary code
 */
export function joinall<G extends Greenlet<unknown>>(
  greenlets: Iterable<G>,
  options: JoinallOptions = {},
): Awaitable<G[]> {
  const list = checkGreenlets("joinall", greenlets);
  const { timeout, raiseError = false } = options;
  if (timeout !== undefined && timeout !== null) checkDelay("joinall", timeout);
  const count = checkCount("joinall", options.count, list.length);
  return hubCall(function* () {
    const tasks = list.map((g) => mustHaveTask("joinall", g));
    yield* collect(tasks, count, timeout, raiseError);
    if (raiseError) {
      for (const g of list) if (g.dead && g.exception !== undefined) throw g.exception;
    }
    return list.filter((g) => g.dead);
  });
}

/**
 * Waits until `objects` are ready (greenlets done, events set...) and evaluates to those that
 * are, in the order given (gevent.wait). With no objects, waits until every other greenlet and
 * task of the hub has finished and evaluates to true (false if `timeout` passed first).
 * @example
 * const ready = yield* wait([g1, g2], { count: 1 }); // the first to finish
 * yield* wait(); // until nothing else runs
 */
export function wait(objects?: undefined, options?: WaitOptions): Awaitable<boolean>;
export function wait<O extends WaitObject>(
  objects: Iterable<O>,
  options?: WaitOptions,
): Awaitable<O[]>;
export function wait(
  objects?: Iterable<WaitObject>,
  options: WaitOptions = {},
): Awaitable<boolean | WaitObject[]> {
  const { timeout } = options;
  if (timeout !== undefined && timeout !== null) checkDelay("wait", timeout);
  if (objects === undefined) return hubCall(() => waitForAll(timeout));
  if (objects === null || typeof (objects as Iterable<unknown>)[Symbol.iterator] !== "function") {
    throw new TypeError(
      `wait() needs an iterable of greenlets, futures or events; got ${describeValue(objects)}`,
    );
  }
  const list = [...objects];
  const count = checkCount("wait", options.count, list.length);
  return hubCall(function* () {
    const hub = getRunningLoop();
    const helpers: Task<unknown>[] = [];
    const futures = list.map((o): Future<unknown> => {
      if (o instanceof Greenlet) return mustHaveTask("wait", o);
      if (o instanceof Future) return o;
      if (o !== null && typeof o === "object" && typeof o.wait === "function") {
        const helper = hub.createTask(function* () {
          yield* o.wait();
        });
        helpers.push(helper);
        return helper;
      }
      throw new TypeError(
        `wait(): cannot wait on ${describeValue(o)}; pass greenlets, futures or events`,
      );
    });
    try {
      yield* collect(futures, count, timeout, false);
    } finally {
      for (const h of helpers) h.cancel("wait() is over");
    }
    // A helper cancelled just now (its object never became ready) does not count as ready.
    const helperSet = new Set<Future<unknown>>(helpers);
    return list.filter((_, i) => {
      const f = futures[i]!;
      return f.done() && !(helperSet.has(f) && f.cancelled());
    });
  });
}

function* waitForAll(timeout: number | null | undefined): Coroutine<boolean> {
  const hub = getRunningLoop();
  const deadline = timeout === undefined || timeout === null ? null : hub.time() + timeout;
  for (;;) {
    const me = currentTask();
    const others = hub.liveTasks().filter((t) => t !== me);
    if (others.length === 0) return true;
    const left = deadline === null ? null : deadline - hub.time();
    if (left !== null && left <= 0) return false;
    yield* collect(others, others.length, left, false);
  }
}

/**
 * Raises `exception` (default GreenletExit) inside `greenlet` and, unless `block` is false, waits
 * until it is dead (gevent.kill).
 * @example
 * yield* kill(worker);
 */
export function kill(
  greenlet: Greenlet<unknown>,
  exception: unknown = new GreenletExit(),
  options: { block?: boolean; timeout?: number | null } = {},
): Awaitable<void> {
  if (!(greenlet instanceof Greenlet)) {
    throw new TypeError(`kill() needs a Greenlet (from spawn()); got ${describeValue(greenlet)}`);
  }
  return greenlet.kill(exception, options);
}

/**
 * Kills every greenlet (GreenletExit by default) and, unless `block` is false, waits until all
 * are dead (gevent.killall). The clean way to end green threads you spawned and no longer need.
 * @example
 * yield* killall([ticker, watcher]);
 */
export function killall(
  greenlets: Iterable<Greenlet<unknown>>,
  exception: unknown = undefined,
  options: { block?: boolean; timeout?: number | null } = {},
): Awaitable<void> {
  const list = checkGreenlets("killall", greenlets);
  for (const g of list) g.throwIn(exception ?? new GreenletExit());
  if (options.block === false) return hubCall(function* () {});
  return hubCall(function* () {
    const tasks = list.map((g) => g.task!);
    yield* collect(tasks, tasks.length, options.timeout, false);
  });
}

/**
 * Lets other greenlets run for `seconds` (default 0: one trip round the hub), gevent.sleep.
 * From ordinary code it runs the hub meanwhile.
 * @example
 * yield* sleep(0);   // let the others run
 * yield* sleep(1.5); // seconds, as in Python
 */
export function sleep(seconds = 0): Awaitable<undefined> {
  if (runningHub() !== null) return kernelSleep(seconds);
  checkDelay("sleep", seconds);
  return hubCall(function* () {
    return yield* kernelSleep(seconds);
  });
}

/** Parks until `count` of `futures` are done, `timeout` passes, or (with `stopOnError`) one fails. */
function* collect(
  futures: readonly Future<unknown>[],
  count: number,
  timeout: number | null | undefined,
  stopOnError: boolean,
): Coroutine<void> {
  let remaining = count;
  for (const f of futures) if (f.done()) remaining--;
  if (remaining <= 0) return;
  const hub = getRunningLoop();
  const gate = hub.createFuture<void>(`joinall of ${futures.length}`);
  const listener = {
    futureDone(f: Future<unknown>): void {
      if (gate.done()) return;
      if (--remaining <= 0 || (stopOnError && !f.cancelled() && f.exception() !== undefined)) {
        gate.setResult();
      }
    },
  };
  for (const f of futures) if (!f.done()) f.addListener(listener);
  try {
    yield* withDeadline(timeout, gate, () => undefined);
  } finally {
    for (const f of futures) if (!f.done()) f.removeListener(listener);
  }
}

function mustHaveTask(what: string, g: Greenlet<unknown>): Task<unknown> {
  const task = g.task;
  if (task === null) {
    throw new TypeError(
      `${what}(): ${g.name} was never started; call start() or make it with spawn()`,
    );
  }
  return task as Task<unknown>;
}

function checkGreenlets<G>(what: string, greenlets: Iterable<G>): G[] {
  if (greenlets === null || typeof (greenlets as Iterable<G>)?.[Symbol.iterator] !== "function") {
    throw new TypeError(
      `${what}() needs an iterable of greenlets (from spawn()); got ${describeValue(greenlets)}`,
    );
  }
  const list = [...greenlets];
  for (const g of list) {
    if (!(g instanceof Greenlet)) {
      throw new TypeError(
        `${what}() needs greenlets (from spawn()); got ${describeValue(g)} among them`,
      );
    }
  }
  return list;
}

function checkCount(what: string, count: unknown, total: number): number {
  if (count === undefined) return total;
  if (typeof count !== "number" || !Number.isInteger(count) || count < 0) {
    throw new RangeError(`${what}(): count must be an integer >= 0; got ${describeValue(count)}`);
  }
  return Math.min(count, total);
}
