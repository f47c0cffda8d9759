// The public shapes of a thread pool: its options and its statistics() snapshot.

/**
 * Options of a {@link ThreadPoolExecutor}.
 * @example
 * new ThreadPoolExecutor({ maxWorkers: 3, name: "hashers" });
 */
export interface ThreadPoolOptions {
  /** Most worker threads at once (default: Python's min(32, CPUs + 4)); started on demand. */
  readonly maxWorkers?: number;
  /** Prefix of the worker threads' names (default "ThreadPoolExecutor"). */
  readonly name?: string;
}

/**
 * A snapshot of a pool.
 * @example
 * const { workers, queued, running } = pool.statistics();
 */
export interface PoolStatistics {
  maxWorkers: number;
  /** Worker threads alive now. */
  workers: number;
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
