import type { OutsideHost } from "./adopt.js";
import type { Coroutine, FutureHost } from "./future.js";
import type { Runnable } from "./runnable.js";
import type { WaitTarget } from "./traps.js";

/**
 * What a task needs of its loop (the loop implements it), over the task type so that this file
 * needs nothing of task.ts. (Kernel-internal, like this whole module: not exported by the package.)
 */
export interface TaskHost<TaskT> extends FutureHost, OutsideHost {
  /** Appends a task or handle to the ready queue (waking the loop if it is idle). */
  schedule(entry: Runnable): void;
  /** The task whose step is running now, or null. */
  currentTask: TaskT | null;
  /** The next task number of this loop (`Task-3`): numbers are per loop, for determinism. */
  nextTaskNumber(): number;
  taskStarted(task: TaskT, parent: TaskT | null): void;
  taskFinished(task: TaskT): void;
  /** The loop's instruments: tasks report being blocked, woken and cancelled to them. */
  readonly hooks: TaskReports<TaskT>;
}

/**
 * Where a task reports its events, for the loop's instruments; each call costs one check when no
 * instrument listens (the loop's `Hooks` implements it).
 */
export interface TaskReports<TaskT> {
  reportBlocked(task: TaskT, on: WaitTarget): void;
  reportWoken(task: TaskT, by: TaskT | null): void;
  reportCancelled(task: TaskT, message: string | undefined): void;
}

/** What runs a task: a coroutine, or (without interruption points) a promise or async function. */
export type TaskBody<T> = Coroutine<T> | PromiseLike<T> | ((signal: AbortSignal) => PromiseLike<T>);
