import { Future } from "../futures/index.js";

/** Hears a job's progress reports. */
export type ProgressCallback = (value: unknown) => void;

/** Delivers a progress report to a future (the transport's side). @internal */
export let deliverProgress: (future: QueueFuture<unknown>, value: unknown) => void;

/**
 * The future of a job on a {@link QueueExecutor}: the same `Future` the thread and process pools
 * give (awaitable, `yield*`-able, `done()`, `running()`, `cancel()`, `addDoneCallback`, `wait`,
 * `asCompleted`), plus the job's BullMQ id and the progress it reports with `reportProgress()`.
 * `running()` turns true when the submitter hears that a worker started the job.
 * @example
 * const f = pool.submit({ module: tasks, name: "resize" }, images);
 * f.onProgress((p) => console.log(`resized ${Math.round(Number(p) * 100)}%`));
 * console.log(f.jobId, await f);
 */
export class QueueFuture<T> extends Future<T> {
  /** The job's id in BullMQ (what dashboards and `Queue.getJob` know it by). */
  readonly jobId: string;
  #progress: unknown = undefined;
  #listeners: ProgressCallback[] | null = null;

  static {
    deliverProgress = (future, value) => {
      future.#progress = value;
      for (const fn of future.#listeners ?? []) {
        try {
          fn(value);
        } catch (error) {
          console.error("spindle/distributed: a progress callback threw (ignored):", error);
        }
      }
    };
  }

  /** @internal The executor makes these; users receive them from `submit()`. */
  constructor(jobId: string, ...base: ConstructorParameters<typeof Future<T>>) {
    super(...base);
    this.jobId = jobId;
  }

  /** The latest progress value the job reported, or undefined if none yet. */
  progress(): unknown {
    return this.#progress;
  }

  /** Calls `fn(value)` with each progress report that arrives from now on. */
  onProgress(fn: ProgressCallback): void {
    if (typeof fn !== "function") {
      throw new TypeError("onProgress(fn): fn must be a function called with each progress value");
    }
    if (this.#listeners === null) this.#listeners = [];
    this.#listeners.push(fn);
  }
}
