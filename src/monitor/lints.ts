import { Task } from "../core/index.js";
import type { LiveExecutor, PoolStatistics } from "../futures/index.js";
import { siteOf } from "./site.js";
import type { Lint, TaskSnapshot } from "./types.js";
import type { Watcher } from "./watcher.js";

/**
 * The lints: what the monitor can tell is wrong from what the kernel shows.
 *
 * "never-woken" is reported only where it is knowable: tasks in a wait-for cycle (each waits,
 * through locks and joins, for another in the cycle), and a task waiting for something whose only
 * holder has finished (a lock its owner never released). A plain future, event or queue can be
 * completed by any code that holds a reference to it, which JavaScript cannot see, so a task
 * waiting on one is never flagged, however unlikely a waker is.
 */

/** Settings of the lints. */
export interface LintOptions {
  /** Loop seconds after a cancellation request past which an unfinished task is reported. */
  readonly cancelStuckAfter: number;
  /** Consecutive snapshots over which a pool's queue must grow to be reported. */
  readonly growingOver: number;
}

export const DEFAULT_LINTS: LintOptions = { cancelStuckAfter: 1, growingOver: 3 };

/** Lints about tasks: slow steps, tasks nothing can wake, cancellations that do not finish. */
export function taskLints(
  tasks: readonly TaskSnapshot[],
  live: readonly Task<unknown>[],
  watcher: Watcher,
  options: LintOptions,
): Lint[] {
  const lints: Lint[] = [];
  const byId = new Map(tasks.map((t) => [t.id, t]));
  const where = (t: TaskSnapshot) => (t.createdAt ? ` (created at ${t.createdAt})` : "");
  const seen = new Set<number>();
  for (const slow of [...watcher.slow].reverse()) {
    if (seen.has(slow.record.id)) continue;
    seen.add(slow.record.id);
    const site = slow.record.site ? siteOf(slow.record.site) : null;
    lints.push({
      kind: "slow-step",
      task: slow.record.id,
      pool: null,
      message: `${slow.record.task.describe()}${site ? ` (created at ${site})` : ""} ran one step for ${slow.seconds.toFixed(3)} s (slowCallbackDuration ${watcher.loop.slowCallbackDuration}): nothing else ran meanwhile; move blocking work to an executor, or split it with \`yield;\``,
    });
  }
  for (const cycle of waitCycles(tasks)) {
    const names = [...cycle, cycle[0]!].map((id) => byId.get(id)!.name).join(" -> ");
    for (const id of cycle) {
      const t = byId.get(id)!;
      lints.push({
        kind: "never-woken",
        task: id,
        pool: null,
        message: `Task '${t.name}'${where(t)} waits on ${t.waitingOn} in a wait-for cycle (${names}): nothing in it can ever wake; take locks in one order, or wait with a timeout`,
      });
    }
  }
  for (const task of live) {
    const holders = task.waitingOn()?.holders?.() ?? [];
    const gone = holders.filter((h): h is Task<unknown> => h instanceof Task && h.done());
    if (gone.length === 0 || gone.length < holders.length) continue;
    const t = byId.get(watcher.record(task).id);
    if (t === undefined) continue;
    lints.push({
      kind: "never-woken",
      task: t.id,
      pool: null,
      message: `Task '${t.name}'${where(t)} waits on ${t.waitingOn}, held by ${gone.map((h) => h.describe()).join(", ")}, which finished without releasing it: nothing can release it now; release in a \`finally\` block`,
    });
  }
  const now = watcher.loop.time();
  for (const task of live) {
    const record = watcher.peek(task);
    if (record === null || Number.isNaN(record.cancelledAt) || task.cancelling() === 0) continue;
    const since = now - record.cancelledAt;
    if (since < options.cancelStuckAfter) continue;
    const t = byId.get(record.id);
    if (t === undefined) continue;
    lints.push({
      kind: "cancel-stuck",
      task: t.id,
      pool: null,
      message: `Task '${t.name}'${where(t)} was cancelled ${since.toFixed(1)} s ago and has not finished${t.waitingOn ? `; it waits on ${t.waitingOn}` : ""}: a finally block that waits, or an async function that ignores its AbortSignal`,
    });
  }
  return lints;
}

/** The wait-for cycles among the tasks (each once, as ids, smallest id first). */
function waitCycles(tasks: readonly TaskSnapshot[]): number[][] {
  const graph = new Map(tasks.map((t) => [t.id, t.waitsFor]));
  const cycles: number[][] = [];
  const inCycle = new Set<number>();
  for (const start of graph.keys()) {
    if (inCycle.has(start)) continue;
    // Follow single successors only: a cycle every member of which must wait (joins, locks).
    const path: number[] = [];
    let at: number | undefined = start;
    while (at !== undefined && !path.includes(at)) {
      path.push(at);
      const next: number[] = graph.get(at) ?? [];
      at = next.length === 1 ? next[0] : undefined;
    }
    if (at === undefined || inCycle.has(at)) continue;
    const cycle = path.slice(path.indexOf(at));
    const first = cycle.indexOf(Math.min(...cycle));
    const rotated = [...cycle.slice(first), ...cycle.slice(0, first)];
    for (const id of rotated) inCycle.add(id);
    cycles.push(rotated);
  }
  return cycles;
}

/** Each pool's recent queue depths, one per snapshot, newest last (held weakly by the pool). */
const history = new WeakMap<LiveExecutor, number[]>();

/** A lint for each pool whose queue grew at every one of the last `growingOver` snapshots. */
export function poolLints(pools: readonly LiveExecutor[], options: LintOptions): Lint[] {
  const lints: Lint[] = [];
  for (const pool of pools) {
    const stats = pool.statistics();
    const depths = history.get(pool) ?? [];
    depths.push(backlog(stats));
    if (depths.length > options.growingOver + 1) depths.shift();
    history.set(pool, depths);
    if (stats.shutdown || depths.length <= options.growingOver) continue;
    if (!depths.every((d, i) => i === 0 || d > depths[i - 1]!)) continue;
    lints.push({
      kind: "queue-growing",
      task: null,
      pool: pool.name,
      message: `pool '${pool.name}': its queue grew at each of the last ${options.growingOver} snapshots (${depths.join(" -> ")} jobs), with ${stats.busy} of ${stats.maxWorkers} workers busy: jobs arrive faster than they finish; add workers, or bound submissions (a Semaphore)`,
    });
  }
  return lints;
}

/**
 * Jobs not started yet: queued on the submitting thread, or sent ahead to a worker that is busy
 * with another (pools batch jobs into workers' inboxes; a busy worker runs one at a time).
 */
export function backlog(s: PoolStatistics): number {
  return s.queued + Math.max(0, s.inWorkers - s.busy);
}
