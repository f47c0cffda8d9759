// What the generic pool (pool-core.ts) needs of one worker, thread or process, and of the kind of
// worker it runs on. Keeping this small is what keeps ThreadPoolExecutor and
// ProcessPoolExecutor thin.
import type { Job } from "./job.js";

/** How a worker reports back to its pool. @internal */
export interface WorkerEvents {
  /** A batch of answers (see runner.ts for the layout). */
  answers(results: unknown[]): void;
  /** An uncaught error that is about to end the worker (arrives before exit). */
  error(error: unknown): void;
  /** The worker ended: its exit code, or the signal that killed it (processes). */
  exit(code: number | null, signal: string | null): void;
}

/** One worker of a pool and the jobs it holds (sent, not yet answered), in send order. @internal */
export interface PoolWorker {
  readonly inFlight: Map<number, Job>;
  /** Function ids this worker has compiled: their definitions are not sent again. */
  readonly knownFns: Set<number>;
  /** Set when the pool ends the worker on purpose (shutdown, timeout, cancel grace): exit is no crash. */
  retiring: boolean;
  /** True once it ended, before the pool heard so (a process's exit precedes its last messages). */
  readonly gone: boolean;
  /** The uncaught error that killed it, if any. */
  lastError: unknown;
  /** Sends a batch of jobs; throws if something in it cannot be cloned (nothing was sent then). */
  post(batch: unknown[], transfer: readonly ArrayBuffer[]): void;
  /** Asks the running job `jobId` to stop (a process has no shared flag; threads need nothing). */
  requestCancel(jobId: number): void;
  /** Whether the worker keeps the parent alive (only while the pool has work). */
  ref(on: boolean): void;
  /** Ends the worker; resolves once it is gone (its exit event comes first). */
  terminate(): Promise<void>;
}

/** What differs between thread and process pools. @internal */
export interface WorkerKind {
  /** "thread" or "process", for messages. */
  readonly noun: string;
  /** Most jobs sent to one worker at a time. */
  readonly maxBatch: number;
  /**
   * A busy worker is topped up (to maxBatch) once it holds at most this many jobs. Below
   * maxBatch it keeps batches large: topping up after every answer decays into one message per
   * job when messages are dear (processes).
   */
  readonly refillAt: number;
  /** Starts a worker. */
  spawn(name: string, events: WorkerEvents): PoolWorker;
  /**
   * Whether job status lives in memory the workers share (threads: a worker marks a job RUNNING
   * when it starts it). Without it (processes) the pool marks a job RUNNING when it sends it, and
   * on a crash takes the oldest unanswered job for the one that was running.
   */
  readonly sharedStatus: boolean;
  /** Called after a batch went to `w` (spin mode uses it to wait for the answers briefly). */
  afterPost?(w: PoolWorker): void;
  /** A new chunk of status slots was made (threads share it with every worker). */
  chunk(id: number, buffer: SharedArrayBuffer, workers: readonly PoolWorker[]): void;
}
