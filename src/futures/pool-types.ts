// The public shapes of the pools: their options and their statistics() snapshot.

/**
 * Options of a {@link ThreadPoolExecutor}.
 * @example
 * new ThreadPoolExecutor({ maxWorkers: 3, name: "hashers", cancelGrace: 1 });
 * new ThreadPoolExecutor({ maxWorkers: 1, spin: 50e-6 }); // round trips of a few µs
 */
export interface ThreadPoolOptions {
  /** Most worker threads at once (default: Python's min(32, CPUs + 4)); started on demand. */
  readonly maxWorkers?: number;
  /** Prefix of the worker threads' names (default "ThreadPoolExecutor"). */
  readonly name?: string;
  /**
   * Seconds a running job may go on after `cancel()` asked it to stop (it sees `isCancelled()`
   * true); past it, its worker is terminated and replaced and the future ends cancelled.
   * Default 5; `Infinity` never terminates (Python's behaviour: the job runs to its end).
   */
  readonly cancelGrace?: number;
  /**
   * Spin-then-park, for latency (default 0: off). Waking a parked thread costs tens of
   * microseconds, more on an idle machine; with `spin` > 0 each side busy-polls for up to `spin`
   * seconds before parking: a worker, for its next batch after it ran dry; the submitting thread,
   * for the answers after it sent a batch (and in `resultSync()`). A quick job's round trip then
   * takes a few microseconds instead of tens. The price: each side burns a core while it spins,
   * and the submitting thread's event loop waits up to `spin` per batch. At most 0.01 s.
   */
  readonly spin?: number;
}

/**
 * Options of a {@link ProcessPoolExecutor}.
 * @example
 * new ProcessPoolExecutor({ maxWorkers: 2, name: "crunchers", cancelGrace: 1 });
 */
export interface ProcessPoolOptions {
  /** Most child processes at once (default: the number of CPUs, as Python's); started on demand. */
  readonly maxWorkers?: number;
  /** Prefix of the processes' names in statistics and errors (default "ProcessPoolExecutor"). */
  readonly name?: string;
  /** As {@link ThreadPoolOptions.cancelGrace}: seconds before a cancelled running job's process is killed (default 5). */
  readonly cancelGrace?: number;
}

/**
 * A snapshot of a pool.
 * @example
 * const { workers, queued, running } = pool.statistics();
 */
export interface PoolStatistics {
  maxWorkers: number;
  /** Worker threads (or processes) alive now. */
  workers: number;
  /** Workers holding at least one job (the others are idle). */
  busy: number;
  /** Jobs waiting on the submitting thread for a worker. */
  queued: number;
  /** Jobs sent to workers and not answered yet (running, or queued inside a worker). */
  inWorkers: number;
  completed: number;
  failed: number;
  cancelled: number;
  /** Workers that died and were replaced. */
  crashed: number;
  shutdown: boolean;
}
