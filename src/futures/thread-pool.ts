import { receiveMessageOnPort } from "node:worker_threads";
import { RuntimeError, TimeoutError, WorkerCrashedError } from "../core/index.js";
import {
  checkArgs,
  type FunctionRef,
  type Portable,
  toFunctionRef,
} from "../threading/portable.js";
import { encodeArgs } from "../threading/transfer.js";
import { unpackError } from "./errors-wire.js";
import type { Executor, JobOptions, MapOptions, ShutdownOptions } from "./executor.js";
import { Future, isSettled, type JobHost, settleFuture } from "./future.js";
import type { Job } from "./job.js";
import { mapOver } from "./map.js";
import type { PoolStatistics, ThreadPoolOptions } from "./pool-types.js";
import { JOB_STRIDE, RESULT_STRIDE } from "./runner.js";
import { FINISHED, RUNNING, SIGNAL_COMPLETIONS, SIGNAL_SLEEPERS, SlotTable } from "./slots.js";
import { defaultMaxWorkers, ThreadWorker } from "./thread-worker.js";

/** Most jobs sent to one worker at a time (messages are batched; more would starve its peers). */
const MAX_BATCH = 64;

/**
 * A pool of worker threads running jobs (Python's `concurrent.futures.ThreadPoolExecutor`): real
 * parallelism on Node's worker_threads. Functions cross as source (self-contained) or as
 * `{ module, name }`; arguments and results are structured-cloned (SharedArrayBuffers and
 * spindle/threading primitives are shared). Jobs travel in batches and report their status in
 * shared memory. A worker that crashes fails only its job and is replaced. Idle workers never
 * keep the process alive; `shutdown()` ends them.
 * @example
 * await using pool = new ThreadPoolExecutor({ maxWorkers: 3 });
 * const future = pool.submit((s: string) => s.repeat(2), "hello");
 * console.log(future.done()); // false
 * console.log(await future);   // "hellohello"
 */
export class ThreadPoolExecutor implements Executor, JobHost {
  readonly #maxWorkers: number;
  readonly #name: string;
  readonly #signal = new SharedArrayBuffer(8);
  readonly #signalView = new Int32Array(this.#signal);
  readonly #workers: ThreadWorker[] = [];
  readonly #slots = new SlotTable((id, buffer) => {
    for (const w of this.#workers) w.sendChunk(id, buffer);
  });
  readonly #fnIds = new Map<string, number>();
  #queue: Job[] = [];
  #queueHead = 0;
  #nextJob = 1;
  #outstanding = 0;
  #dispatchScheduled = false;
  #shutdown = false;
  #drained: (() => void) | null = null;
  #stats = { completed: 0, failed: 0, cancelled: 0, crashed: 0 };

  constructor(options: ThreadPoolOptions = {}) {
    const { maxWorkers = defaultMaxWorkers(), name = "ThreadPoolExecutor" } = options;
    if (!Number.isInteger(maxWorkers) || maxWorkers < 1) {
      throw new RangeError(
        `ThreadPoolExecutor({ maxWorkers }): maxWorkers must be a whole number >= 1, got ${String(maxWorkers)}`,
      );
    }
    this.#maxWorkers = maxWorkers;
    this.#name = name;
  }

  submit<A extends unknown[], R>(fn: Portable<A, R>, ...args: A): Future<Awaited<R>> {
    return this.#submit("submit()", fn, args, 0, 0) as Future<Awaited<R>>;
  }

  submitWith<A extends unknown[], R>(
    options: JobOptions,
    fn: Portable<A, R>,
    ...args: A
  ): Future<Awaited<R>> {
    const timeout = options?.timeout ?? 0;
    if (typeof timeout !== "number" || !(timeout >= 0) || !Number.isFinite(timeout)) {
      throw new RangeError(
        `submitWith({ timeout }): timeout must be a finite number of seconds >= 0, got ${String(timeout)}`,
      );
    }
    return this.#submit("submitWith()", fn, args, 0, timeout) as Future<Awaited<R>>;
  }

  map<R>(
    fn: Portable<never[], R>,
    ...iterablesAndOptions: (Iterable<unknown> | MapOptions)[]
  ): Promise<Awaited<R>[]> {
    return mapOver(
      (mode, args) => this.#submit("map()", fn, args, mode, 0),
      fn,
      iterablesAndOptions,
    ) as Promise<Awaited<R>[]>;
  }

  shutdown(options: ShutdownOptions = {}): Promise<void> {
    const { wait = true, cancelFutures = false } = options;
    this.#shutdown = true;
    if (cancelFutures) {
      for (let i = this.#queueHead; i < this.#queue.length; i++) this.#queue[i]?.future.cancel();
    }
    const gone = new Promise<void>((resolve) => {
      this.#drained = resolve;
      this.#maybeRetire();
    }).then(() => this.#terminateAll());
    return wait ? gone : Promise.resolve();
  }

  [Symbol.dispose](): void {
    void this.shutdown({ wait: false });
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.shutdown();
  }

  statistics(): PoolStatistics {
    let inWorkers = 0;
    for (const w of this.#workers) inWorkers += w.inFlight.size;
    return {
      maxWorkers: this.#maxWorkers,
      workers: this.#workers.length,
      queued: this.#queue.length - this.#queueHead,
      inWorkers,
      ...this.#stats,
      shutdown: this.#shutdown,
    };
  }

  // --- JobHost ---------------------------------------------------------------------------------

  /** @internal */
  cancelled(_future: Future<unknown>): void {
    // The job stays where it is (queue or a worker's inbox); both skip it and free its slot.
    this.#stats.cancelled++;
    this.#settledOne();
  }

  /** @internal */
  waitSync(future: Future<unknown>, deadline: number): void {
    const signal = this.#signalView;
    Atomics.add(signal, SIGNAL_SLEEPERS, 1);
    try {
      while (!isSettled(future)) {
        const seen = Atomics.load(signal, SIGNAL_COMPLETIONS);
        let got = false;
        for (const w of this.#workers.slice()) {
          for (
            let m = receiveMessageOnPort(w.port);
            m !== undefined;
            m = receiveMessageOnPort(w.port)
          ) {
            this.#answers(w, m.message as unknown[]);
            got = true;
          }
        }
        this.#dispatch();
        if (got || isSettled(future)) continue;
        const left = deadline - performance.now();
        if (left <= 0) return;
        // Bounded naps: a worker that dies cannot notify, so look again now and then.
        Atomics.wait(signal, SIGNAL_COMPLETIONS, seen, Math.min(left, 100));
      }
    } finally {
      Atomics.sub(signal, SIGNAL_SLEEPERS, 1);
    }
  }

  // --- Submitting ------------------------------------------------------------------------------

  #submit(
    where: string,
    fn: unknown,
    args: unknown[],
    mode: 0 | 1,
    timeout: number,
  ): Future<unknown> {
    if (this.#shutdown) {
      throw new RuntimeError(
        `${where}: the executor is shut down and takes no new jobs; create a new executor, or submit before shutdown()`,
      );
    }
    const ref = toFunctionRef(fn, where);
    if (mode === 0) checkArgs(args, where);
    const slot = this.#slots.take();
    const future = new Future<unknown>(this, slot);
    const job: Job = {
      id: this.#nextJob++,
      future,
      slot,
      fnId: this.#fnId(ref),
      ref,
      mode,
      args: mode === 0 ? encodeArgs(args) : (args as unknown[][]).map(encodeArgs),
      timeout,
      timer: null,
    };
    this.#queue.push(job);
    if (this.#outstanding++ === 0) for (const w of this.#workers) w.ref(true);
    if (!this.#dispatchScheduled) {
      this.#dispatchScheduled = true;
      // Submissions in one synchronous run go out together, as batches.
      queueMicrotask(() => {
        this.#dispatchScheduled = false;
        this.#dispatch();
      });
    }
    return future;
  }

  #fnId(ref: FunctionRef): number {
    let id = this.#fnIds.get(ref.key);
    if (id === undefined) {
      id = this.#fnIds.size + 1;
      this.#fnIds.set(ref.key, id);
    }
    return id;
  }

  // --- Dispatching -----------------------------------------------------------------------------

  /** Takes the next job still worth running, freeing the slots of those cancelled in the queue. */
  #nextQueued(): Job | null {
    while (this.#queueHead < this.#queue.length) {
      const job = this.#queue[this.#queueHead++] as Job;
      if (!job.future.cancelled()) return job;
      this.#slots.give(job.slot);
    }
    this.#queue = [];
    this.#queueHead = 0;
    return null;
  }

  #queued(): number {
    return this.#queue.length - this.#queueHead;
  }

  /**
   * Sends queued jobs to workers: every idle worker gets a fair share (at most MAX_BATCH); new
   * workers start while there is more work than idle workers and the pool is below maxWorkers; under a deep queue, busy
   * workers are topped up so they never wait for the next batch. Jobs with a timeout go alone to
   * an idle worker (the timer must measure that job only).
   */
  #dispatch(): void {
    while (this.#queued() > 0) {
      const idle = this.#workers.filter((w) => w.inFlight.size === 0 && !w.retiring);
      // As Python does: a new worker while there is more work than idle workers, up to the cap.
      while (idle.length < this.#queued() && this.#workers.length < this.#maxWorkers) {
        idle.push(this.#spawn());
      }
      const deep = this.#queued() >= this.#workers.length * 2;
      const targets =
        idle.length > 0
          ? idle
          : deep
            ? this.#workers.filter((w) => !w.retiring && w.inFlight.size < MAX_BATCH)
            : [];
      if (targets.length === 0) return;
      const share = Math.max(1, Math.min(MAX_BATCH, Math.ceil(this.#queued() / targets.length)));
      let sent = 0;
      for (const w of targets) sent += this.#send(w, share);
      if (sent === 0) return;
    }
  }

  #send(w: ThreadWorker, count: number): number {
    const batch: unknown[] = [];
    let n = 0;
    while (n < count) {
      const head = this.#queue[this.#queueHead];
      if (head === undefined) break;
      if (head.timeout > 0 && (n > 0 || w.inFlight.size > 0)) break; // goes alone, to an idle worker
      const job = this.#nextQueued();
      if (job === null) break;
      const known = w.knownFns.has(job.fnId);
      if (!known) w.knownFns.add(job.fnId);
      const ref = job.ref;
      const definition = known ? 0 : (ref.source ?? { module: ref.module, name: ref.name });
      batch.push(job.id, job.slot.chunk, job.slot.index, job.fnId, definition, job.mode, job.args);
      w.inFlight.set(job.id, job);
      n++;
      if (job.timeout > 0) {
        job.timer = setTimeout(() => this.#timedOut(w, job), job.timeout * 1000);
        break;
      }
    }
    if (n === 0) return 0;
    try {
      w.worker.postMessage({ t: "jobs", jobs: batch });
    } catch {
      this.#postOneByOne(w, batch);
    }
    return n;
  }

  /** Some argument in the batch cannot be cloned: send the others, fail that job with a clear error. */
  #postOneByOne(w: ThreadWorker, batch: unknown[]): void {
    for (let i = 0; i < batch.length; i += JOB_STRIDE) {
      const one = batch.slice(i, i + JOB_STRIDE);
      try {
        w.worker.postMessage({ t: "jobs", jobs: one });
      } catch (error) {
        const job = w.inFlight.get(one[0] as number) as Job;
        w.inFlight.delete(job.id);
        if (one[4] !== 0) w.knownFns.delete(job.fnId);
        this.#slots.give(job.slot);
        this.#fail(
          job,
          new TypeError(
            `submit(): an argument cannot be copied into a worker (${(error as Error).message}); pass plain data, typed arrays or SharedArrayBuffers`,
          ),
        );
      }
    }
  }

  // --- Answers ---------------------------------------------------------------------------------

  #answers(w: ThreadWorker, results: unknown[]): void {
    for (let i = 0; i < results.length; i += RESULT_STRIDE) {
      const job = w.inFlight.get(results[i] as number);
      if (job === undefined) continue;
      w.inFlight.delete(job.id);
      if (job.timer !== null) clearTimeout(job.timer);
      this.#slots.give(job.slot);
      const kind = results[i + 1];
      if (kind === 0) {
        this.#stats.completed++;
        settleFuture(job.future, true, results[i + 2]);
        this.#settledOne();
      } else if (kind === 1) {
        this.#fail(job, unpackError(results[i + 2]));
      } // kind 2: skipped, the future was already cancelled and counted
    }
  }

  #fail(job: Job, error: unknown): void {
    this.#stats.failed++;
    settleFuture(job.future, false, error);
    this.#settledOne();
  }

  #settledOne(): void {
    if (--this.#outstanding === 0) {
      for (const w of this.#workers) w.ref(false);
      this.#maybeRetire();
    }
    if (this.#queued() > 0 && !this.#dispatchScheduled) this.#dispatch();
  }

  // --- Workers ---------------------------------------------------------------------------------

  #spawn(): ThreadWorker {
    const w = new ThreadWorker(
      `${this.#name}-${this.#workers.length}`,
      this.#signal,
      this.#slots.chunks,
    );
    w.port.on("message", (results: unknown[]) => this.#answers(w, results));
    w.worker.on("error", (error) => {
      w.lastError = error;
    });
    w.worker.on("exit", (code) => this.#exited(w, code));
    this.#workers.push(w);
    return w;
  }

  #timedOut(w: ThreadWorker, job: Job): void {
    job.timer = null;
    if (isSettled(job.future) || !w.inFlight.has(job.id)) return;
    w.inFlight.delete(job.id);
    w.retiring = true;
    this.#fail(
      job,
      new TimeoutError(
        `the job ran longer than its timeout of ${job.timeout} s; its worker was terminated (a new one takes its place) — raise the timeout, or make the job poll isCancelled()`,
      ),
    );
    void w.worker.terminate();
  }

  #exited(w: ThreadWorker, code: number): void {
    const at = this.#workers.indexOf(w);
    if (at >= 0) this.#workers.splice(at, 1);
    w.port.close();
    const requeue: Job[] = [];
    for (const job of w.inFlight.values()) {
      if (job.timer !== null) clearTimeout(job.timer);
      const status = Atomics.load(job.slot.view, job.slot.index * 2);
      if (job.future.cancelled()) {
        this.#slots.give(job.slot);
      } else if (status === RUNNING || status === FINISHED) {
        this.#slots.give(job.slot);
        const why =
          w.lastError === null ? "" : `: ${(w.lastError as Error)?.message ?? String(w.lastError)}`;
        this.#fail(
          job,
          new WorkerCrashedError(
            `the worker thread running this job exited with code ${code}${why}; only this job failed and the worker was replaced — a job that calls process.exit() or throws asynchronously counts as a crash`,
            code,
            null,
          ),
        );
      } else {
        requeue.push(job); // never started: it runs on another worker
      }
    }
    w.inFlight.clear();
    if (!w.retiring) this.#stats.crashed++;
    if (requeue.length > 0) {
      this.#queue = [...requeue, ...this.#queue.slice(this.#queueHead)];
      this.#queueHead = 0;
    }
    if (this.#queued() > 0) this.#dispatch();
  }

  #maybeRetire(): void {
    if (this.#shutdown && this.#outstanding === 0 && this.#drained !== null) {
      const resolve = this.#drained;
      this.#drained = null;
      resolve();
    }
  }

  async #terminateAll(): Promise<void> {
    const workers = this.#workers.slice();
    for (const w of workers) w.retiring = true;
    await Promise.all(workers.map((w) => w.worker.terminate()));
  }
}
