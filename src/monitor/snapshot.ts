import { getRunningLoop, type Loop, namedPrimitives, RuntimeError, Task } from "../core/index.js";
import { liveExecutors } from "../futures/index.js";
import { readLag } from "./lag.js";
import { backlog, DEFAULT_LINTS, poolLints, taskLints } from "./lints.js";
import { siteOf } from "./site.js";
import type { Lint, PoolSnapshot, PrimitiveSnapshot, Snapshot, TaskSnapshot } from "./types.js";
import { lastWatchedLoop, type Watcher, watcherOf } from "./watcher.js";

/**
 * The loop a monitor call means when none is given: the one running in this thread, else the
 * most recently watched one that is not closed.
 */
export function defaultLoop(call: string): Loop {
  let loop: Loop | null = null;
  try {
    loop = getRunningLoop();
  } catch {
    loop = lastWatchedLoop();
  }
  if (loop === null) {
    throw new RuntimeError(
      `${call}: no loop is running and none is watched; call it inside run(...), or pass the loop (${call.replace("()", "(loop)")})`,
    );
  }
  return loop;
}

/**
 * The loop a call was given, else the running one, else null (the caller then watches every
 * loop); a closed loop is refused, naming `call`.
 */
export function givenOrRunning(loop: Loop | undefined, call: string): Loop | null {
  let found = loop ?? null;
  if (found === null) {
    try {
      found = getRunningLoop();
    } catch {
      // none running
    }
  }
  if (found?.isClosed()) {
    throw new RuntimeError(
      `${call}: the loop is closed, so there is nothing left to see; start before it closes (or before run())`,
    );
  }
  return found;
}

/**
 * Everything the monitor sees in `loop` (by default the running one) at this instant: every
 * unfinished task with its state, what it waits on and who holds that, what it holds, its parent,
 * and — while the monitor watches the loop (`watch()`, `serve()`, `record()`) — where it was
 * created, its age, steps and CPU time; the loop's counters and lag; every thread and process
 * pool; every named primitive's statistics; and the lints. Plain data: `JSON.stringify` it.
 * @example
 * const snap = snapshot();
 * for (const t of snap.tasks) console.log(t.name, t.state, t.waitingOn ?? "");
 */
export function snapshot(loop?: Loop): Snapshot {
  const target = loop ?? defaultLoop("snapshot()");
  const watcher = watcherOf(target);
  const live = target.liveTasks();
  const tasks = live.map((task) => taskSnapshot(task, watcher));
  const stats = target.statistics();
  const pools = liveExecutors();
  return {
    version: 1,
    pid: process.pid,
    loopTime: target.time(),
    wallTime: Date.now() / 1000,
    loop: {
      running: target.isRunning(),
      closed: target.isClosed(),
      debug: target.getDebug(),
      watched: watcher.on,
      slowCallbackDuration: target.slowCallbackDuration,
      ...stats,
      lag: readLag(),
    },
    tasks,
    pools: pools.map(poolSnapshot),
    primitives: namedPrimitives().map(
      (p): PrimitiveSnapshot => ({
        name: p.describe(),
        statistics: { ...(p.statistics() as Record<string, unknown>) },
      }),
    ),
    lints: [...taskLints(tasks, live, watcher, DEFAULT_LINTS), ...poolLints(pools, DEFAULT_LINTS)],
  };
}

/** The task lints of `loop` now (no pool sampling): what a recording adds to its trace at stop. */
export function taskLintsOf(loop: Loop): Lint[] {
  const watcher = watcherOf(loop);
  const live = loop.liveTasks();
  return taskLints(
    live.map((task) => taskSnapshot(task, watcher)),
    live,
    watcher,
    DEFAULT_LINTS,
  );
}

function taskSnapshot(task: Task<unknown>, watcher: Watcher): TaskSnapshot {
  const record = watcher.record(task);
  const on = task.waitingOn();
  const waitsFor: number[] = [];
  if (on instanceof Task) waitsFor.push(watcher.record(on).id);
  else {
    for (const holder of on?.holders?.() ?? []) {
      if (holder instanceof Task && !holder.done()) waitsFor.push(watcher.record(holder).id);
    }
  }
  const parent = task.parent();
  const known = !Number.isNaN(record.created);
  return {
    id: record.id,
    name: task.getName(),
    state: task.state(),
    waitingOn: on?.describe() ?? null,
    waitsFor,
    holding: task.holding().map((h) => h.describe()),
    parent: parent === null ? null : watcher.record(parent).id,
    createdAt: record.site === null ? null : siteOf(record.site),
    age: known ? watcher.loop.time() - record.created : null,
    steps: watcher.on || record.steps > 0 ? record.steps : null,
    cpu: watcher.on || record.steps > 0 ? record.cpu : null,
    cancelling: task.cancelling(),
  };
}

function poolSnapshot(pool: ReturnType<typeof liveExecutors>[number]): PoolSnapshot {
  const s = pool.statistics();
  return {
    name: pool.name,
    kind: pool.kind,
    maxWorkers: s.maxWorkers,
    workers: s.workers,
    busy: s.busy,
    idle: s.workers - s.busy,
    queued: backlog(s),
    completed: s.completed,
    failed: s.failed,
    cancelled: s.cancelled,
    crashed: s.crashed,
    shutdown: s.shutdown,
  };
}
