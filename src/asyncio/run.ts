import {
  CancelledError,
  type Clock,
  type Coroutine,
  currentTask,
  getRunningLoop,
  type Loop,
  newEventLoop,
  RuntimeError,
  type TaskSource,
} from "../core/index.js";
import { isGenerator } from "../core/internal.js";
import { SharedLoop } from "./shared-loop.js";

/** Generators run() has run: a second run would return at once with nothing (asyncio refuses). */
const alreadyRun = new WeakSet<object>();

/**
 * Options of {@link run}.
 * @example
 * await run(main, { clock: new VirtualClock(), debug: true });
 * await run(handler, { signal: request.signal }); // a client that goes away cancels the task
 */
export interface RunOptions {
  /** Debug mode: warn about slow steps and what was left open (the loop's, when shared). */
  debug?: boolean;
  /** The clock: a `VirtualClock` makes time jump when every task waits (tests). Set by the
   * first of overlapping run() calls. */
  clock?: Clock;
  /** Cancels the main task when it aborts (an HTTP request whose client went away). */
  signal?: AbortSignal;
}

/** The loop overlapping run() calls share, while any of them is in progress. */
let shared: SharedLoop | null = null;

/**
 * Runs `main` and returns its result (asyncio.run): `main` runs as a task named after it (or
 * `main`); when it is done, the tasks it started that are still running are cancelled and waited
 * for. The first `run()` creates the loop; when the last one ends, the default executor
 * (`toThread`'s threads) is shut down, what is still open on the loop is closed, and the loop
 * closes, so the process can exit. If nothing can ever wake `main`, rejects with a
 * `DeadlockError` naming who waits on what.
 *
 * Ordinary async code may call `run()` while another `run()` is in progress — two HTTP requests
 * handled at once, say: the second runs on the same loop, and each settles with its own result
 * or error. Inside a coroutine, use `createTask()` and `yield* task` instead.
 * @example
 * const answer = await run(function* main() {
 *   yield* sleep(0.1);
 *   return 42;
 * });
 */
export function run<T>(main: TaskSource<T>, options: RunOptions = {}): Promise<T> {
  const running = runningLoopOrNull();
  if (currentTask() !== null || (running !== null && running !== shared?.loop)) {
    throw new RuntimeError(
      "run() cannot be called while a loop is running; inside a coroutine, use createTask() and `yield* task`, or await the coroutine's task",
    );
  }
  checkSignal(options.signal);
  if (shared?.closing) {
    // The shared loop is shutting down after its last run(): this one starts the next loop.
    const closing = shared;
    return closing.closed.then(() => run(main, options));
  }
  if (isGenerator(main)) {
    if (alreadyRun.has(main)) {
      throw new RuntimeError(
        "run(): this generator was already run; a coroutine runs once: call its generator function again for a new one (run(main), or run(main()))",
      );
    }
    alreadyRun.add(main);
  }
  const name = typeof main === "function" && main.name ? main.name : "main";
  if (shared !== null && running === shared.loop) {
    if (options.clock !== undefined) {
      throw new RuntimeError(
        "run(): another run() is in progress and its loop's clock is set; overlapping run() calls share one loop, so drop the clock option (or wait for the other run() to end)",
      );
    }
    if (options.debug === true) shared.loop.setDebug(true);
    return shared.session(main, name, options.signal);
  }
  const loop = newEventLoop({
    ...(options.clock ? { clock: options.clock } : {}),
    ...(options.debug ? { debug: true } : {}),
  });
  const session = new SharedLoop(loop);
  shared = session;
  const result = session.session(main, name, options.signal);
  session.drive(
    () => shutDown(loop),
    () => {
      if (shared === session) shared = null;
    },
  );
  return result;
}

function runningLoopOrNull(): Loop | null {
  try {
    return getRunningLoop();
  } catch {
    return null;
  }
}

function checkSignal(signal: unknown): void {
  if (signal !== undefined && !(signal instanceof AbortSignal)) {
    throw new TypeError(
      "run(): options.signal must be an AbortSignal (from an AbortController, or a request's signal)",
    );
  }
}

/** Cancels the tasks left on the loop, lets them unwind, then closes it. */
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
