import {
  type Clock,
  newEventLoop,
  RuntimeError,
  type Task,
  type Yieldable,
} from "../asyncio/index.js";
import { greenletOf } from "./current.js";
import { Greenlet } from "./greenlet.js";
import { runningHub } from "./hub.js";
import { killall } from "./join.js";

/**
 * Options of {@link run}.
 * @example
 * await run(main, { clock: new VirtualClock() });
 */
export interface GeventRunOptions {
  /** The hub's clock: a `VirtualClock` for tests (time jumps when every greenlet waits). */
  clock?: Clock;
  /** Debug mode of the hub (slow steps are reported). */
  debug?: boolean;
}

/**
 * gevent's entry point: makes a new hub, runs `main(...args)` as a greenlet on it, and resolves
 * to its value (rejects with its error). Greenlets still alive when `main` ends are killed with
 * GreenletExit (their `finally` blocks run), then the hub closes. If every greenlet blocks
 * forever, rejects with DeadlockError (gevent's LoopExit) naming who waits on what.
 * @example
 * await run(function* main() {
 *   yield* joinall([spawn(foo), spawn(bar)]);
 * });
 */
export function run<A extends unknown[], R>(
  main: (...args: A) => Generator<Yieldable, R, unknown> | R,
  options: GeventRunOptions = {},
  ...args: A
): Promise<R> {
  if (runningHub() !== null) {
    throw new RuntimeError(
      "gevent run() cannot be called inside a running hub; spawn() a greenlet and join it instead",
    );
  }
  const hub = newEventLoop({
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.debug ? { debug: true } : {}),
  });
  const g = new Greenlet<R>(main as (...a: never[]) => unknown, ...args);
  g.startOn(hub);
  const task = g.task!;
  // A main that was killed evaluates to its GreenletExit, as gevent's get() would.
  return (hub.runUntilComplete(task) as Promise<R>).finally(() => shutDown(hub));
}

/** Kills what main left behind (GreenletExit; other tasks are cancelled), then closes the hub. */
async function shutDown(hub: ReturnType<typeof newEventLoop>): Promise<void> {
  const left = hub.liveTasks();
  if (left.length > 0) {
    try {
      await hub.runUntilComplete(
        (function* () {
          const greenlets = leftGreenlets(left);
          for (const t of left) if (!greenlets.tasks.has(t)) t.cancel("gevent run() is finishing");
          yield* killall(greenlets.list);
          for (const t of left) {
            try {
              if (!t.done()) yield* t;
            } catch {
              // its outcome stays on the task; the loop reports unretrieved failures when it closes
            }
          }
        })(),
      );
    } catch (error) {
      hub.callExceptionHandler({
        message: "greenlets did not finish during gevent run() shutdown",
        exception: error,
      });
    }
  }
  hub.close();
}

function leftGreenlets(tasks: readonly unknown[]): {
  list: Greenlet<unknown>[];
  tasks: Set<unknown>;
} {
  const list: Greenlet<unknown>[] = [];
  const owned = new Set<unknown>();
  for (const t of tasks) {
    const g = greenletOf(t as Task<unknown>);
    if (g instanceof Greenlet) {
      list.push(g);
      owned.add(t);
    }
  }
  return { list, tasks: owned };
}
