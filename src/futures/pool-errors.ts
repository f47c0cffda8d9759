// The errors a pool settles futures with when a worker ends under a job, one place for their
// wording (tests assert it exactly): each says what happened and what to do.
import { BrokenExecutor, CancelledError, TimeoutError, WorkerCrashedError } from "../core/index.js";

/** The worker running the job died (`noun`: "thread" or "process"). @internal */
export function crashError(
  noun: string,
  code: number | null,
  signal: string | null,
  lastError: unknown,
): WorkerCrashedError {
  const why = lastError === null ? "" : `: ${(lastError as Error)?.message ?? String(lastError)}`;
  const how = signal === null ? `exited with code ${code}` : `was killed by ${signal}`;
  return new WorkerCrashedError(
    `the worker ${noun} running this job ${how}${why}; only this job failed and the worker was replaced — a job that calls process.exit() or throws asynchronously counts as a crash`,
    signal === null ? code : null,
    signal,
  );
}

/** submitWith({ timeout }) of 0 or less: the job's time was up before it started. @internal */
export function expiredError(timeout: number): TimeoutError {
  return new TimeoutError(
    `the job's timeout of ${timeout} s was up before it started, so it never ran — give it a positive timeout`,
  );
}

/** The job outlived submitWith({ timeout }). @internal */
export function timeoutError(timeout: number): TimeoutError {
  return new TimeoutError(
    `the job ran longer than its timeout of ${timeout} s; its worker was terminated (a new one takes its place) — raise the timeout, or make the job poll isCancelled()`,
  );
}

/** The job ignored cancel() for the pool's cancelGrace. @internal */
export function graceError(grace: number, noun: string): CancelledError {
  return new CancelledError(
    `the job was cancelled while running and ignored the request for ${grace} s, so its worker ${noun} was terminated (a new one takes its place) — poll isCancelled() in long jobs, or raise cancelGrace`,
  );
}

/** An argument the structured clone refused, found when the batch was posted. @internal */
export function uncloneableError(error: unknown): TypeError {
  return new TypeError(
    `submit(): an argument cannot be copied into a worker (${(error as Error).message}); pass plain data, typed arrays or SharedArrayBuffers`,
  );
}

/** Workers kept dying before they ran anything. @internal */
export function brokenError(
  noun: string,
  attempts: number,
  code: number | null,
  signal: string | null,
  lastError: unknown,
): BrokenExecutor {
  const why = lastError === null ? "" : `: ${(lastError as Error)?.message ?? String(lastError)}`;
  const how = signal === null ? `exited with code ${code}` : `was killed by ${signal}`;
  const nouns = noun === "process" ? "processes" : `${noun}s`;
  return new BrokenExecutor(
    `the pool is broken: ${attempts} worker ${nouns} in a row ended before running anything (the last ${how}${why}); its jobs failed and it takes no new ones — check that the worker can start (loaders such as tsx, memory limits), then create a new executor`,
  );
}
