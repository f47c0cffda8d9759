import type { PoolStatistics } from "./pool-types.js";

/**
 * A live pool as monitors list it: its name, what kind of workers it runs, and its statistics.
 * @example
 * for (const pool of liveExecutors()) console.log(pool.name, pool.kind, pool.statistics().queued);
 */
export interface LiveExecutor {
  /** The pool's name (its `name` option, or the class name). */
  readonly name: string;
  /** "thread" or "process". */
  readonly kind: string;
  statistics(): PoolStatistics;
}

/** Pools created and not yet collected, held weakly: listing a pool never keeps it alive. */
const live = new Set<WeakRef<LiveExecutor>>();
const forget = new FinalizationRegistry<WeakRef<LiveExecutor>>((ref) => live.delete(ref));

/**
 * Adds a pool to the list monitors read (pools call it once, when constructed).
 * @internal
 * @example
 * registerExecutor(this);
 */
export function registerExecutor(pool: LiveExecutor): void {
  const ref = new WeakRef(pool);
  live.add(ref);
  forget.register(pool, ref);
}

/**
 * The thread and process pools alive in this thread, oldest first, shut down ones included until
 * they are collected (their statistics say `shutdown: true`): what `spindle/monitor` lists.
 * @example
 * const pool = new ThreadPoolExecutor({ name: "hashers" });
 * liveExecutors().map((p) => p.name); // [..., "hashers"]
 */
export function liveExecutors(): LiveExecutor[] {
  const alive: LiveExecutor[] = [];
  for (const ref of live) {
    const pool = ref.deref();
    if (pool !== undefined) alive.push(pool);
  }
  return alive;
}

/**
 * Who hears of pool jobs going to a worker and their answers coming back: a seam for monitors
 * (spindle/monitor's recordings put jobs on their worker's lane). Pools pay one null check per
 * job while nobody listens.
 * @example
 * jobEvents.listener = { sent: (pool, w, job) => {}, answered: (pool, w, job, ok) => {} };
 */
export interface JobListener {
  /** Job `job` of pool `pool` was sent to `worker` (an object that stays the same per worker). */
  sent(pool: string, worker: object, job: number): void;
  /** Its answer came back (`ok`: a result, not an error). */
  answered(pool: string, worker: object, job: number, ok: boolean): void;
}

/**
 * The current listener, or null (one at a time; spindle/monitor installs one while it records).
 * @example
 * jobEvents.listener = null; // pools stop telling
 */
export const jobEvents: { listener: JobListener | null } = { listener: null };
