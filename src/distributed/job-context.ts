// What a job running in a `spindle worker` can ask about itself: whether the submitter cancelled
// it, and how to report progress. Several jobs run at once in one worker process (its
// concurrency), so the current job is found through AsyncLocalStorage, not a global.
import { AsyncLocalStorage } from "node:async_hooks";
import { isCancelled as isCancelledInPool } from "../futures/index.js";

/** One running job as its worker tracks it. @internal */
export interface JobContext {
  readonly id: string;
  /** Aborted when the submitter cancels the job. */
  readonly controller: AbortController;
  /** Sends progress to the submitter (BullMQ's job.updateProgress). */
  readonly progress: (value: unknown) => Promise<void>;
}

/** @internal */
export const currentJob = new AsyncLocalStorage<JobContext>();

/**
 * Inside a job run by a `spindle worker`: whether the submitter called `cancel()` on its future
 * while it ran. Long jobs poll it and stop early; the worker fails a job that ignores it for the
 * executor's `cancelGrace`. Outside a job it is false. (In a worker started with `--threads`,
 * jobs run in a thread pool and this reads the pool's flag, as `isCancelled` of spindle/futures.)
 * @example
 * export async function crawl(urls: string[]) {
 *   for (const url of urls) { if (isCancelled()) return "stopped"; await fetch(url); }
 * }
 */
export function isCancelled(): boolean {
  const job = currentJob.getStore();
  return job === undefined ? isCancelledInPool() : job.controller.signal.aborted;
}

/**
 * Inside a job run by a `spindle worker`: an AbortSignal that aborts when the submitter cancels the
 * job (pass it to `fetch` and other APIs that take one). Outside a job, a signal that never aborts.
 * @example
 * export async function download(url: string) {
 *   return (await fetch(url, { signal: cancelSignal() })).text();
 * }
 */
export function cancelSignal(): AbortSignal {
  return currentJob.getStore()?.controller.signal ?? new AbortController().signal;
}

/**
 * Inside a job run by a `spindle worker`: reports progress (any JSON value, say a percentage) to
 * the submitter, whose future's `progress()` returns the latest value and whose
 * `onProgress(callback)` hears each. Resolves once Redis has it. Outside such a job it throws.
 * @example
 * export async function resize(images: string[]) {
 *   for (let i = 0; i < images.length; i++) { await work(images[i]); await reportProgress((i + 1) / images.length); }
 * }
 */
export async function reportProgress(value: unknown): Promise<void> {
  const job = currentJob.getStore();
  if (job === undefined) {
    throw new Error(
      "reportProgress(): not inside a job run by a spindle worker (jobs run in a worker's thread pool, with --threads, cannot report progress yet)",
    );
  }
  await job.progress(value);
}
