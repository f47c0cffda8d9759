/**
 * The module functions of asyncio that find loops and tasks: which loop is running in this thread,
 * which one `getEventLoop()` hands out, the current task.
 */
import { RuntimeError } from "./errors.js";
import { Loop, type LoopOptions, runningLoop } from "./loop.js";
import type { Task } from "./task.js";

let eventLoop: Loop | null = null;

/**
 * The loop running in this thread; throws `RuntimeError` when none is (asyncio's
 * `get_running_loop`).
 * @example
 * const loop = getRunningLoop();
 * loop.callLater(1, () => console.log("a second later"));
 */
export function getRunningLoop(): Loop {
  const loop = runningLoop.value;
  if (loop === null) {
    throw new RuntimeError(
      "no running event loop: call this from code running inside run(...) or loop.runUntilComplete(...)",
    );
  }
  return loop;
}

/**
 * The running loop, for a primitive's waiting method `call` (e.g. "Lock.acquire()"); throws a
 * RuntimeError naming the call when no loop runs, so the mistake shows at the call, not as a hang.
 * @internal
 * @example
 * const loop = runningLoopFor("Queue.get()");
 */
export function runningLoopFor(call: string): Loop {
  const loop = runningLoop.value;
  if (loop === null) {
    throw new RuntimeError(`${call} needs a running loop: call it from a task inside run(...)`);
  }
  return loop;
}

/**
 * The running loop, else the loop set with `setEventLoop`, else a new one that becomes the set
 * loop (the talk's `asyncio.get_event_loop()`).
 * @example
 * const loop = getEventLoop();
 * try { await loop.runUntilComplete(main()); } finally { loop.close(); }
 */
export function getEventLoop(): Loop {
  if (runningLoop.value !== null) return runningLoop.value;
  if (eventLoop === null || eventLoop.isClosed()) eventLoop = new Loop();
  return eventLoop;
}

/**
 * A new loop (not set as the current one).
 * @example
 * const loop = newEventLoop({ clock: new VirtualClock() });
 */
export function newEventLoop(options: LoopOptions = {}): Loop {
  return new Loop(options);
}

/**
 * Makes `loop` the one `getEventLoop()` returns when no loop is running (null clears it).
 * @example
 * setEventLoop(newEventLoop());
 */
export function setEventLoop(loop: Loop | null): void {
  if (loop !== null && !(loop instanceof Loop)) {
    throw new TypeError("setEventLoop() needs a Loop (from newEventLoop()) or null");
  }
  eventLoop = loop;
}

/**
 * The task whose step is running now, or null (also null inside an async function after its
 * first `await`, where spindle cannot tell).
 * @example
 * createTask(function* () { console.log(currentTask()?.getName()); }, { name: "worker" });
 */
export function currentTask(): Task<unknown> | null {
  return runningLoop.value?.currentTask ?? null;
}

/**
 * The tasks of the running loop (or of `loop`) that are not done yet.
 * @example
 * for (const t of allTasks()) console.log(t.getName(), t.waitingOn()?.describe());
 */
export function allTasks(loop?: Loop): Set<Task<unknown>> {
  const target = loop ?? getRunningLoop();
  return new Set(target.liveTasks());
}
