import {
  CancelledError,
  type Clock,
  type Coroutine,
  getRunningLoop,
  type Loop,
  newEventLoop,
  RuntimeError,
  type TaskSource,
} from "../core/index.js";
import { isGenerator } from "../core/internal.js";

/** Generators run() has run: a second run would return at once with nothing (asyncio refuses). */
const alreadyRun = new WeakSet<object>();

/**
 * Options of {@link run}.
 * @example
 * await run(main, { clock: new VirtualClock(), debug: true });
 */
export interface RunOptions {
  /** Debug mode: warn about task steps slower than `loop.slowCallbackDuration` (0.1 s). */
  debug?: boolean;
  /** The clock: a `VirtualClock` makes time jump when every task waits (tests). */
  clock?: Clock;
}

/**
 * Runs `main` on a new event loop and returns its result (asyncio.run): creates the loop, runs
 * `main` as the task named after it (or `main`), then cancels whatever tasks are left, waits for
 * them to finish, shuts down the default executor (`toThread`'s threads), and closes the loop. If nothing can ever wake `main`, rejects with a
 * `DeadlockError` naming who waits on what.
 * @example
 * const answer = await run(function* main() {
 *   yield* sleep(0.1);
 *   return 42;
 * });
 */
export function run<T>(main: TaskSource<T>, options: RunOptions = {}): Promise<T> {
  let running: Loop | null = null;
  try {
    running = getRunningLoop();
  } catch {
    // no loop running: that is what run() needs
  }
  if (running !== null) {
    throw new RuntimeError(
      "run() cannot be called while a loop is running; inside a coroutine, use createTask() and `yield* task`, or await the coroutine's task",
    );
  }
  if (isGenerator(main)) {
    if (alreadyRun.has(main)) {
      throw new RuntimeError(
        "run(): this generator was already run; a coroutine runs once: call its generator function again for a new one (run(main), or run(main()))",
      );
    }
    alreadyRun.add(main);
  }
  const loop = newEventLoop({
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.debug ? { debug: true } : {}),
  });
  const name = typeof main === "function" && main.name ? main.name : "main";
  const task = loop.createTask(main, { name });
  return loop.runUntilComplete(task).finally(() => shutDown(loop));
}

/** Cancels the tasks `main` left behind, lets them unwind, then closes the loop. */
async function shutDown(loop: Loop): Promise<void> {
  const leftovers = loop.liveTasks();
  if (leftovers.length > 0) {
    for (const task of leftovers) task.cancel("run() is finishing: main returned before this task");
    const unwind = function* (): Coroutine<void> {
      for (const task of leftovers) {
        try {
          yield* task;
        } catch (error) {
          if (!(error instanceof CancelledError)) {
            loop.callExceptionHandler({
              message: "unhandled exception during run() shutdown",
              exception: error,
              task,
            });
          }
        }
      }
    };
    try {
      await loop.runUntilComplete(unwind());
    } catch (error) {
      // A task that refuses to finish (it waits on something nothing completes) cannot hold up
      // the exit: report it and close anyway.
      loop.callExceptionHandler({
        message: "tasks did not finish during run() shutdown",
        exception: error,
      });
    }
  }
  // As asyncio.run: the default executor's threads end before run() returns.
  await loop.shutdownDefaultExecutor();
  loop.close();
}
