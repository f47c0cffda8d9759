import { RuntimeError } from "../core/index.js";
import { type Backend, PoolExecutor } from "./pool-executor.js";
import type { ProcessPoolOptions } from "./pool-types.js";
import type { WorkerKind } from "./pool-worker.js";
import { defaultMaxProcesses, ProcessWorker } from "./process-worker.js";

/**
 * Jobs sent to one process at a time. A sent job counts as running (cancel() returns false), so
 * the batch is kept small enough for cancel() of queued work to stay meaningful; 32 already
 * reaches the throughput plateau (see bench/pools, W5c).
 */
const PROCESS_BATCH = 32;

/**
 * A pool of child processes running jobs (Python's `concurrent.futures.ProcessPoolExecutor`):
 * separate heaps, so a job that leaks, corrupts globals or crashes cannot touch the parent. The
 * same {@link Executor} interface as {@link ThreadPoolExecutor}, with these differences:
 *
 * - No shared memory: arguments and results are copied by structured clone (typed arrays, Maps,
 *   Dates and errors cross); SharedArrayBuffers and spindle/threading primitives are refused at
 *   `submit()`, and `submitWith({ transfer })` is refused.
 * - `done()` turns true when the answer reaches the parent, and a job sent to its process counts
 *   as running (as Python's call queue does): `cancel()` returns false for it. At most a small
 *   batch per process is sent ahead, so queued work stays cancellable.
 * - `isCancelled()` in a running job turns true by message: an async job sees it between awaits,
 *   a synchronous one does not; after `cancelGrace` seconds the process is killed anyway.
 * - `resultSync()` cannot block for a process (its answers arrive only through the event loop):
 *   it throws unless the future is already done; await `result()` instead.
 *
 * A process that crashes (`process.exit()`, a signal) fails only its running job with
 * `WorkerCrashedError` and is replaced; the jobs it had not started run elsewhere. Children die
 * with the parent, even when it is killed with SIGKILL and they are busy. Idle processes never
 * keep the parent alive; after `shutdown()` none remains.
 * @example
 * await using pool = new ProcessPoolExecutor({ maxWorkers: 2 });
 * const sums = await pool.map((n: number) => { let s = 0; for (let i = 0; i < n; i++) s += i; return s; }, [1e6, 2e6]);
 * console.log(sums); // [499999500000, 1999999000000]
 */
export class ProcessPoolExecutor extends PoolExecutor {
  constructor(options: ProcessPoolOptions = {}) {
    super(options, processBackend());
  }
}

function processBackend(): Backend {
  const kind: WorkerKind = {
    noun: "process",
    maxBatch: PROCESS_BATCH,
    refillAt: PROCESS_BATCH / 2,
    sharedStatus: false,
    spawn: (name, events) => new ProcessWorker(name, events),
    chunk() {
      // The status slots stay in the parent: a process cannot see them.
    },
  };
  return {
    what: "ProcessPoolExecutor",
    kind,
    processes: true,
    defaultMaxWorkers: defaultMaxProcesses(),
    waitSync: () => (_future, _deadline) => {
      throw new RuntimeError(
        "resultSync(): a ProcessPoolExecutor cannot block the thread for a result (a child process answers only through the event loop); await future.result() instead, or use a ThreadPoolExecutor",
      );
    },
  };
}
