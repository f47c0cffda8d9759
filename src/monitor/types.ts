// The snapshot's shapes: plain data (JSON as the live server sends it), so `spindle top` and
// `spindle ps` in another process read exactly what `snapshot()` returns here.
import type { TaskState } from "../core/index.js";

/**
 * One unfinished task, as a snapshot shows it.
 * @example
 * const waiting = snapshot().tasks.filter((t) => t.state === "waiting");
 */
export interface TaskSnapshot {
  /** The monitor's number for the task (creation order on its loop, from 1). */
  id: number;
  name: string;
  state: TaskState;
  /** The wait label ("Lock 'db'", "sleep(1.5)", "Task 'worker'"), or null when not waiting. */
  waitingOn: string | null;
  /** Ids of the tasks that hold what it waits on (a lock's owner, a joined task, a gather's tasks). */
  waitsFor: number[];
  /** What it holds: locks and permits, by their labels. */
  holding: string[];
  /** Id of the task whose step created it, or null (created outside a task, or that task is done). */
  parent: number | null;
  /** Where it was created (`path:line`), when the monitor watched its creation. */
  createdAt: string | null;
  /** Seconds of loop time since it was created (null: created before the monitor watched). */
  age: number | null;
  /** Steps run and seconds of real time spent in them (null: the monitor is not watching). */
  steps: number | null;
  cpu: number | null;
  /** Pending cancellation requests (asyncio's `cancelling()`). */
  cancelling: number;
}

/**
 * How late Node's event loop ran (and so spindle's loop, which runs inside it), in seconds, over
 * the time since the previous snapshot.
 * @example
 * const { p99 } = snapshot().loop.lag ?? { p99: 0 };
 */
export interface LagSnapshot {
  p50: number;
  p99: number;
  max: number;
}

/**
 * The loop's counters and settings.
 * @example
 * const { ready, timers, steps } = snapshot().loop;
 */
export interface LoopSnapshot {
  running: boolean;
  closed: boolean;
  debug: boolean;
  /** Whether per-task steps, CPU time and creation sites are being collected. */
  watched: boolean;
  slowCallbackDuration: number;
  tasks: number;
  ready: number;
  timers: number;
  outside: number;
  passes: number;
  steps: number;
  /** Null until the monitor has measured it (it measures while watching). */
  lag: LagSnapshot | null;
}

/**
 * A thread or process pool.
 * @example
 * for (const p of snapshot().pools) console.log(p.name, p.busy, p.idle, p.queued);
 */
export interface PoolSnapshot {
  name: string;
  kind: string;
  maxWorkers: number;
  workers: number;
  busy: number;
  idle: number;
  /** Jobs not started yet: in the pool's queue, or sent ahead into a busy worker's inbox. */
  queued: number;
  completed: number;
  failed: number;
  cancelled: number;
  crashed: number;
  shutdown: boolean;
}

/**
 * A primitive created with a name, and its `statistics()`.
 * @example
 * snapshot().primitives.find((p) => p.name === "Lock 'db'")?.statistics;
 */
export interface PrimitiveSnapshot {
  name: string;
  statistics: Record<string, unknown>;
}

/**
 * The kinds of lint: a step that held the loop too long; a task waiting on something nothing can
 * ever complete; a task cancelled long ago and still running; a pool whose queue keeps growing.
 * @example
 * const kinds: LintKind[] = ["slow-step", "never-woken", "cancel-stuck", "queue-growing"];
 */
export type LintKind = "slow-step" | "never-woken" | "cancel-stuck" | "queue-growing";

/**
 * A problem the monitor noticed, in words, with the task (or pool) it is about.
 * @example
 * for (const lint of snapshot().lints) console.log(`${lint.kind}: ${lint.message}`);
 */
export interface Lint {
  kind: LintKind;
  message: string;
  /** The task's id, when it is about a task. */
  task: number | null;
  /** The pool's name, for queue-growing. */
  pool: string | null;
}

/**
 * Everything `snapshot()` sees at one instant.
 * @example
 * const snap = snapshot(loop);
 * console.log(snap.loop.tasks, snap.tasks.map((t) => `${t.name}: ${t.state}`));
 */
export interface Snapshot {
  /** The format's version (the live server and the CLI check it). */
  version: 1;
  pid: number;
  /** The loop's time (`loop.time()`, virtual under a VirtualClock), seconds. */
  loopTime: number;
  /** Wall-clock time, seconds since the epoch. */
  wallTime: number;
  loop: LoopSnapshot;
  tasks: TaskSnapshot[];
  pools: PoolSnapshot[];
  primitives: PrimitiveSnapshot[];
  lints: Lint[];
}
