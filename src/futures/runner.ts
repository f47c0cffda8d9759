import { compile, type Definition, decodeArgs, type Fn, thrower } from "../threading/internal.js";
import { flagCurrentJob, setCurrentJob } from "./current.js";
import { packError } from "./errors-wire.js";
import { FINISHED, PENDING, RUNNING, SIGNAL_COMPLETIONS, SIGNAL_SLEEPERS } from "./slots.js";

/**
 * The worker's side of the pool protocol (thread workers; process workers reuse it without shared
 * memory). Jobs arrive in batches, flat arrays of {@link JOB_STRIDE} entries:
 *
 *     [ jobId, chunk, slot, fnId, definition | 0, mode, args ] …   mode 0: fn(...args)
 *                                                                   mode 1: args is a chunk of arg lists
 *                                                                   mode 2: args is a chunk of single args
 *
 * and are run one at a time in arrival order; results go back in batches of {@link RESULT_STRIDE}:
 *
 *     [ jobId, kind, value ] …     kind 0: result, 1: error, 2: skipped (cancelled before it ran)
 *
 * A batch of results is posted when the inbox runs dry, before waiting on an async job, every
 * {@link FLUSH_EVERY} results, when the oldest unsent result is over FLUSH_AFTER_MS old, and after
 * every job while fewer than {@link SMALL_BACKLOG} jobs wait behind it. A slow job can still hold
 * back the answers of quick ones before it when many jobs are queued (throughput mode).
 * @internal
 */
export const JOB_STRIDE = 7;
/** @internal */
export const RESULT_STRIDE = 3;
const FLUSH_EVERY = 256;
/**
 * With fewer jobs than this left in the inbox, results go out at once: the next job may be slow
 * (a blocked worker cannot flush later), and `wait(FIRST_COMPLETED)` must hear of a quick job
 * before a slow one after it ends. Batching only pays when many jobs are queued anyway.
 */
const SMALL_BACKLOG = 4;
/** Results older than this go out even while the inbox still holds jobs. */
const FLUSH_AFTER_MS = 1;

/** Runs jobs and reports results through `post`. @internal */
export class JobRunner {
  readonly #post: (results: unknown[]) => void;
  readonly #signal: Int32Array | null;
  readonly #chunks: Int32Array[] = [];
  readonly #fns = new Map<number, Fn | Promise<Fn>>();
  #inbox: unknown[] = [];
  #at = 0;
  #busy = false;
  #outbox: unknown[] = [];
  /** When the oldest unsent result was produced. */
  #oldestAt = 0;
  /** The job running now (0: none). */
  #current = 0;
  /** Jobs asked to stop before they started (process workers only). */
  readonly #cancelRequests = new Set<number>();

  constructor(post: (results: unknown[]) => void, signal: Int32Array | null) {
    this.#post = post;
    this.#signal = signal;
  }

  /** A new chunk of status slots (always announced before any job that uses it). */
  addChunk(id: number, buffer: SharedArrayBuffer): void {
    this.#chunks[id] = new Int32Array(buffer);
  }

  /** Whether no job is running or waiting (an async job keeps the runner busy until it settles). */
  get idle(): boolean {
    return !this.#busy;
  }

  /** A batch of jobs. */
  accept(jobs: unknown[]): void {
    if (this.#at >= this.#inbox.length) {
      this.#inbox = jobs;
      this.#at = 0;
    } else {
      for (const x of jobs) this.#inbox.push(x);
    }
    if (!this.#busy) this.#drain();
  }

  #drain(): void {
    this.#busy = true;
    const inbox = this.#inbox;
    while (this.#at < inbox.length) {
      const at = this.#at;
      const fnId = inbox[at + 3] as number;
      const definition = inbox[at + 4] as Definition | 0;
      if (definition !== 0 && !this.#fns.has(fnId)) this.#fns.set(fnId, compile(definition));
      const fn = this.#fns.get(fnId);
      if (fn instanceof Promise) {
        this.#flush();
        fn.then(
          (loaded) => this.#fns.set(fnId, loaded),
          (error: unknown) => this.#fns.set(fnId, thrower(error)),
        ).then(() => this.#drain());
        return;
      }
      this.#at = at + JOB_STRIDE;
      const jobId = inbox[at] as number;
      const view = this.#chunks[inbox[at + 1] as number] ?? null;
      const slot = inbox[at + 2] as number;
      if (view !== null && Atomics.compareExchange(view, slot * 2, PENDING, RUNNING) !== PENDING) {
        this.#outbox.push(jobId, 2, undefined); // cancelled while it waited here
        this.#flushIfDue(inbox);
        continue;
      }
      setCurrentJob(view, slot);
      this.#current = jobId;
      if (this.#cancelRequests.delete(jobId)) flagCurrentJob();
      const mode = inbox[at + 5] as number;
      const args = inbox[at + 6] as unknown[];
      let value: unknown;
      try {
        value =
          mode === 0
            ? (fn as Fn)(...decodeArgs(args))
            : mode === 1
              ? runChunk(fn as Fn, args as unknown[][])
              : runFlatChunk(fn as Fn, decodeArgs(args));
      } catch (error) {
        this.#finish(jobId, view, slot, 1, packError(error));
        this.#flushIfDue(inbox);
        continue;
      }
      if (isThenable(value)) {
        this.#flush();
        Promise.resolve(value)
          .then(
            (v) => this.#finish(jobId, view, slot, 0, v),
            (e: unknown) => this.#finish(jobId, view, slot, 1, packError(e)),
          )
          .then(() => this.#drain());
        return;
      }
      this.#finish(jobId, view, slot, 0, value);
      this.#flushIfDue(inbox);
    }
    this.#inbox = [];
    this.#at = 0;
    this.#busy = false;
    this.#flush();
  }

  #finish(
    jobId: number,
    view: Int32Array | null,
    slot: number,
    kind: number,
    value: unknown,
  ): void {
    setCurrentJob(null, 0);
    this.#current = 0;
    if (this.#outbox.length === 0) this.#oldestAt = performance.now();
    this.#outbox.push(jobId, kind, value);
    if (view !== null) Atomics.store(view, slot * 2, FINISHED);
  }

  /** Tells a thread blocked in resultSync() that answers were posted (after posting them). */
  #signalPosted(): void {
    const signal = this.#signal;
    if (signal === null) return;
    Atomics.add(signal, SIGNAL_COMPLETIONS, 1);
    // Only a thread blocked in resultSync() needs waking; notify costs a lock otherwise.
    if (Atomics.load(signal, SIGNAL_SLEEPERS) > 0) Atomics.notify(signal, SIGNAL_COMPLETIONS);
  }

  /** Posts the pending results if the batching rules (see the file comment) say it is time. */
  #flushIfDue(inbox: unknown[]): void {
    if (
      this.#outbox.length >= FLUSH_EVERY * RESULT_STRIDE ||
      inbox.length - this.#at < SMALL_BACKLOG * JOB_STRIDE ||
      performance.now() - this.#oldestAt > FLUSH_AFTER_MS
    ) {
      this.#flush();
    }
  }

  /** Posts the results not sent yet (a process calls it as it exits). */
  flush(): void {
    this.#flush();
  }

  /**
   * A "cancel" message for job `jobId` (process workers, which share no flag with the pool):
   * `isCancelled()` turns true in it, now if it runs, or from its start if it waits in the inbox.
   */
  cancel(jobId: number): void {
    if (this.#current === jobId) flagCurrentJob();
    else this.#cancelRequests.add(jobId);
  }

  #flush(): void {
    if (this.#outbox.length === 0) return;
    const out = this.#outbox;
    this.#outbox = [];
    try {
      this.#post(out);
      this.#signalPosted();
    } catch {
      // Some result cannot be cloned: send the others, and an explanation for that one.
      for (let i = 0; i < out.length; i += RESULT_STRIDE) {
        const one = [out[i], out[i + 1], out[i + 2]];
        try {
          this.#post(one);
        } catch (error) {
          const what = out[i + 1] === 1 ? "error" : "result";
          this.#post([
            out[i],
            1,
            packError(
              new TypeError(
                `the job's ${what} cannot be copied back to the submitting thread (${(error as Error).message}); return plain data (numbers, strings, arrays, plain objects, typed arrays)`,
              ),
            ),
          ]);
        }
      }
      this.#signalPosted();
    }
  }
}

function runChunk(fn: Fn, argLists: unknown[][]): unknown {
  // Chunks of map(): each item in turn, synchronously (an async fn gives an array of promises,
  // which Promise.all settles).
  const out = new Array<unknown>(argLists.length);
  let anyAsync = false;
  for (let i = 0; i < argLists.length; i++) {
    const v = fn(...decodeArgs(argLists[i] as unknown[]));
    if (isThenable(v)) anyAsync = true;
    out[i] = v;
  }
  return anyAsync ? Promise.all(out) : out;
}

function runFlatChunk(fn: Fn, items: unknown[]): unknown {
  // As runChunk, one argument per item.
  const out = new Array<unknown>(items.length);
  let anyAsync = false;
  for (let i = 0; i < items.length; i++) {
    const v = fn(items[i]);
    if (isThenable(v)) anyAsync = true;
    out[i] = v;
  }
  return anyAsync ? Promise.all(out) : out;
}

function isThenable(v: unknown): v is PromiseLike<unknown> {
  return (
    v !== null && typeof v === "object" && typeof (v as { then?: unknown }).then === "function"
  );
}
