import type { BrokenExecutor } from "../core/index.js";
import { NodeTimer } from "../core/internal.js";
import type { FunctionRef } from "../threading/portable.js";
import { unpackError } from "./errors-wire.js";
import { type Future, isSettled } from "./future.js";
import type { Job, JobMode } from "./job.js";
import { JobBook, type Transport } from "./job-book.js";
import { JobQueue } from "./job-queue.js";
import {
  brokenError,
  crashError,
  expiredError,
  graceError,
  timeoutError,
  uncloneableError,
} from "./pool-errors.js";
import type { PoolStatistics } from "./pool-types.js";
import type { PoolWorker, WorkerKind } from "./pool-worker.js";
import { JOB_STRIDE, RESULT_STRIDE } from "./runner.js";
import { FINISHED, PENDING, RUNNING } from "./slots.js";

/** Workers in a row that may die before running anything before the pool counts as broken. */
const START_FAILURES = 3;

/** What a pool needs to know at construction. @internal */
export interface CoreOptions {
  readonly maxWorkers: number;
  readonly name: string;
  /** Seconds a cancelled running job may go on before its worker is terminated. */
  readonly cancelGrace: number;
  /** Blocks for resultSync() (thread pools read answers synchronously; process pools cannot). */
  readonly waitSync: (future: Future<unknown>, deadline: number) => void;
}

/**
 * The transport of thread and process pools, on the {@link JobBook} that keeps their futures: the
 * queue, dispatch in batches, answers, crashed workers (their job fails, the unstarted ones are
 * requeued, a new worker replaces them), timeouts, the cancel grace period and worker shutdown. It
 * runs on any {@link WorkerKind}.
 *
 * Invariants: every job is in exactly one place, the queue (from queueHead) or one worker's
 * inFlight, until its future settles; workers are ref'd exactly while the book has unsettled
 * futures.
 * @internal
 */
export class PoolCore implements Transport {
  readonly #kind: WorkerKind;
  readonly #options: CoreOptions;
  readonly workers: PoolWorker[] = [];
  readonly #book: JobBook;
  readonly #fnIds = new Map<string, number>();
  readonly #queue: JobQueue;
  #spawned = 0;
  #dispatchScheduled = false;
  /** While a batch of answers is settled: dispatch once after it, not once per job. */
  #settling = false;
  /** Workers in a row that died before answering anything (reset by any answer). */
  #startFailures = 0;
  /** Workers that answered at least once: they started, whatever kills them later. */
  readonly #answered = new WeakSet<PoolWorker>();
  /** Workers that died and were replaced. */
  #crashed = 0;

  constructor(kind: WorkerKind, options: CoreOptions) {
    this.#kind = kind;
    this.#options = options;
    this.#book = new JobBook(this, (id, buffer) => kind.chunk(id, buffer, this.workers));
    this.#queue = new JobQueue((job) => this.#book.release(job.slot));
  }

  get isShutdown(): boolean {
    return this.#book.isShutdown;
  }

  /** Set once workers keep dying before they run anything: the pool takes no more jobs. */
  get broken(): BrokenExecutor | null {
    return this.#book.broken;
  }

  /** Queues a job (arguments already checked and encoded) and returns its future. */
  submit(
    ref: FunctionRef,
    mode: JobMode,
    args: unknown[],
    timeout: number,
    transfer: ArrayBuffer[] | null,
  ): Future<unknown> {
    const { id, future, slot } = this.#book.open();
    if (timeout <= 0) {
      // Its time is up before it started (a deadline already past): it never runs, no worker ends.
      this.#book.fail(future, expiredError(timeout));
      this.#book.release(slot);
      return future;
    }
    const fnId = this.#fnId(ref);
    this.#queue.push({
      id,
      future,
      slot,
      fnId,
      ref,
      mode,
      args,
      timeout,
      transfer,
      timer: null,
      grace: null,
    });
    if (this.#dispatchScheduled) return future; // a batch is being gathered: it joins it
    if (this.#readyForOne()) {
      // As a Python worker takes its job at once: it runs even if this thread blocks next.
      this.dispatch();
    } else {
      this.#dispatchScheduled = true;
      // Jobs piling up behind busy workers in one synchronous run go out together, as batches.
      queueMicrotask(() => {
        this.#dispatchScheduled = false;
        this.dispatch();
      });
    }
    return future;
  }

  /** Whether a job sent now would start at once: a worker is idle, or one more may start. */
  #readyForOne(): boolean {
    let live = 0;
    for (const w of this.workers) {
      if (!accepting(w)) continue;
      if (w.inFlight.size === 0) return true;
      live++;
    }
    return live < this.#options.maxWorkers;
  }

  statistics(): PoolStatistics {
    let inWorkers = 0;
    for (const w of this.workers) inWorkers += w.inFlight.size;
    return {
      maxWorkers: this.#options.maxWorkers,
      workers: this.workers.length,
      queued: this.#queue.size,
      inWorkers,
      ...this.#book.counts,
      crashed: this.#crashed,
      shutdown: this.isShutdown,
    };
  }

  /** Stops taking jobs; resolves once all ran (or were cancelled) and the workers are gone. */
  shutdown(cancelFutures: boolean): Promise<void> {
    const queued = cancelFutures ? [...this.#queue.waiting()].map((job) => job.future) : [];
    return this.#book.drain(queued).then(() => this.#terminateAll());
  }

  // --- Transport (called by the book) ----------------------------------------------------------

  busy(on: boolean): void {
    for (const w of this.workers) w.ref(on);
  }

  settled(): void {
    if (this.#queue.size > 0 && !this.#dispatchScheduled && !this.#settling) this.dispatch();
  }

  withdraw(_future: Future<unknown>): void {
    // The job stays where it is (queue or a worker's inbox); both skip it and free its slot.
  }

  cancelRunning(future: Future<unknown>): void {
    const found = this.#holder(future);
    if (found === null) return;
    const [w, job] = found;
    if (job.grace !== null) return; // asked already; the first request's grace period runs
    w.requestCancel(job.id);
    // Infinity: ask only, as Python does (the job runs to its end).
    if (Number.isFinite(this.#options.cancelGrace)) this.#armGrace(w, job);
  }

  waitSync(future: Future<unknown>, deadline: number): void {
    this.#options.waitSync(future, deadline);
  }

  // --- Dispatching -----------------------------------------------------------------------------

  #fnId(ref: FunctionRef): number {
    let id = this.#fnIds.get(ref.key);
    if (id === undefined) {
      id = this.#fnIds.size + 1;
      this.#fnIds.set(ref.key, id);
    }
    return id;
  }

  /**
   * Sends queued jobs to workers: every idle worker gets a fair share (at most maxBatch); new
   * workers start while there is more work than idle workers and the pool is below maxWorkers;
   * under a deep queue, busy workers are topped up so they never wait for the next batch. Jobs
   * with a timeout go alone to an idle worker (the timer must measure that job only).
   */
  dispatch(): void {
    const max = this.#kind.maxBatch;
    while (this.#queue.size > 0) {
      const idle = this.workers.filter((w) => w.inFlight.size === 0 && accepting(w));
      // As Python does: a new worker while there is more work than idle workers, up to the cap.
      while (idle.length < this.#queue.size && this.#live() < this.#options.maxWorkers) {
        idle.push(this.#spawn());
      }
      const deep = this.#queue.size >= this.workers.length * 2;
      const targets =
        idle.length > 0
          ? idle
          : deep
            ? this.workers.filter((w) => accepting(w) && w.inFlight.size <= this.#kind.refillAt)
            : [];
      if (targets.length === 0) return;
      const share = Math.max(1, Math.min(max, Math.ceil(this.#queue.size / targets.length)));
      let sent = 0;
      for (const w of targets) sent += this.#send(w, Math.min(share, max - w.inFlight.size));
      if (sent === 0) return;
    }
  }

  /** Workers taking jobs (a retiring or dead one is replaced at once, not when it is gone). */
  #live(): number {
    let n = 0;
    for (const w of this.workers) if (accepting(w)) n++;
    return n;
  }

  #send(w: PoolWorker, count: number): number {
    const batch: unknown[] = [];
    let transfer: ArrayBuffer[] | null = null;
    let n = 0;
    while (n < count) {
      const head = this.#queue.peek();
      if (head === undefined) break;
      const limited = head.timeout !== Number.POSITIVE_INFINITY;
      if (limited && (n > 0 || w.inFlight.size > 0)) break; // goes alone, to an idle worker
      const job = this.#queue.next();
      if (job === null) break;
      const known = w.knownFns.has(job.fnId);
      if (!known) w.knownFns.add(job.fnId);
      const ref = job.ref;
      const definition = known ? 0 : (ref.source ?? { module: ref.module, name: ref.name });
      batch.push(job.id, job.slot.chunk, job.slot.index, job.fnId, definition, job.mode, job.args);
      if (job.transfer !== null) transfer = [...(transfer ?? []), ...job.transfer];
      w.inFlight.set(job.id, job);
      // Without shared status, a job sent is a job running (as in Python's call queue).
      if (!this.#kind.sharedStatus) Atomics.store(job.slot.view, job.slot.index * 2, RUNNING);
      n++;
      if (job.timeout !== Number.POSITIVE_INFINITY) {
        job.timer = new NodeTimer(() => this.#timedOut(w, job), job.timeout);
        break;
      }
    }
    if (n === 0) return 0;
    try {
      w.post(batch, transfer ?? []);
    } catch {
      this.#postOneByOne(w, batch);
    }
    this.#kind.afterPost?.(w);
    return n;
  }

  /** Some argument in the batch cannot be cloned: send the others, fail that job with a clear error. */
  #postOneByOne(w: PoolWorker, batch: unknown[]): void {
    for (let i = 0; i < batch.length; i += JOB_STRIDE) {
      const one = batch.slice(i, i + JOB_STRIDE);
      const job = w.inFlight.get(one[0] as number) as Job;
      try {
        w.post(one, job.transfer ?? []);
      } catch (error) {
        w.inFlight.delete(job.id);
        if (one[4] !== 0) w.knownFns.delete(job.fnId);
        job.timer?.cancel();
        this.#book.release(job.slot);
        this.#book.fail(job.future, uncloneableError(error));
      }
    }
  }

  // --- Answers ---------------------------------------------------------------------------------

  /** A batch of answers from worker `w`. */
  answers(w: PoolWorker, results: unknown[]): void {
    this.#answered.add(w);
    this.#startFailures = 0;
    this.#settling = true;
    try {
      this.#settle(w, results);
    } finally {
      this.#settling = false;
    }
    if (this.#queue.size > 0 && !this.#dispatchScheduled) this.dispatch();
  }

  #settle(w: PoolWorker, results: unknown[]): void {
    for (let i = 0; i < results.length; i += RESULT_STRIDE) {
      const job = w.inFlight.get(results[i] as number);
      if (job === undefined) continue;
      w.inFlight.delete(job.id);
      this.#clearTimers(job);
      if (!this.#kind.sharedStatus) Atomics.store(job.slot.view, job.slot.index * 2, FINISHED);
      this.#book.release(job.slot);
      const kind = results[i + 1];
      if (kind === 0) {
        this.#book.succeed(job.future, results[i + 2]);
      } else if (kind === 1) {
        this.#book.fail(job.future, unpackError(results[i + 2]));
      } // kind 2: skipped, the future was already cancelled and counted
    }
  }

  #clearTimers(job: Job): void {
    job.timer?.cancel();
    job.grace?.cancel();
    job.timer = job.grace = null;
  }

  // --- Workers ---------------------------------------------------------------------------------

  #spawn(): PoolWorker {
    const w: PoolWorker = this.#kind.spawn(`${this.#options.name}-${this.#spawned++}`, {
      answers: (results) => this.answers(w, results),
      error: (error) => {
        w.lastError = error;
      },
      exit: (code, signal) => this.#exited(w, code, signal),
    });
    this.workers.push(w);
    if (this.#book.unsettled === 0) w.ref(false);
    return w;
  }

  #holder(future: Future<unknown>): [PoolWorker, Job] | null {
    for (const w of this.workers) {
      for (const job of w.inFlight.values()) if (job.future === future) return [w, job];
    }
    return null;
  }

  /** Ends worker `w` on purpose: its held jobs are failed by `settle` or requeued on exit. */
  #retire(w: PoolWorker, job: Job, settle: () => void): void {
    w.inFlight.delete(job.id);
    this.#clearTimers(job);
    w.retiring = true;
    // The slot is not given back: the dying worker may still write to it.
    settle();
    void w.terminate();
    if (this.#queue.size > 0) this.dispatch();
  }

  #timedOut(w: PoolWorker, job: Job): void {
    job.timer = null;
    if (isSettled(job.future) || !w.inFlight.has(job.id)) return;
    this.#retire(w, job, () => this.#book.fail(job.future, timeoutError(job.timeout)));
  }

  #armGrace(w: PoolWorker, job: Job): void {
    const grace = this.#options.cancelGrace;
    job.grace = new NodeTimer(() => {
      job.grace = null;
      if (isSettled(job.future) || !w.inFlight.has(job.id)) return;
      if (!this.#kind.sharedStatus && w.inFlight.keys().next().value !== job.id) {
        this.#armGrace(w, job); // still behind other jobs in its process: not running yet
        return;
      }
      this.#retire(w, job, () =>
        this.#book.cancelledWhileRunning(job.future, graceError(grace, this.#kind.noun)),
      );
    }, grace);
  }

  #exited(w: PoolWorker, code: number | null, signal: string | null): void {
    const at = this.workers.indexOf(w);
    if (at >= 0) this.workers.splice(at, 1);
    const requeue: Job[] = [];
    // A worker retired on purpose lost the job it ran already: the rest had not started.
    let oldest = !w.retiring;
    let anyStarted = false;
    for (const job of w.inFlight.values()) {
      this.#clearTimers(job);
      if (job.future.cancelled()) {
        this.#book.release(job.slot);
        continue;
      }
      const status = Atomics.load(job.slot.view, job.slot.index * 2);
      // A process that never said it was ready started nothing (see process-entry.ts).
      const started = this.#kind.sharedStatus
        ? status === RUNNING || status === FINISHED
        : oldest && this.#answered.has(w);
      oldest = false;
      if (started) {
        anyStarted = true;
        this.#book.release(job.slot);
        this.#book.fail(job.future, crashError(this.#kind.noun, code, signal, w.lastError));
      } else {
        // Never started: it runs on another worker.
        if (!this.#kind.sharedStatus) Atomics.store(job.slot.view, job.slot.index * 2, PENDING);
        requeue.push(job);
      }
    }
    w.inFlight.clear();
    if (!w.retiring) this.#crashed++;
    if (!w.retiring && !anyStarted && !this.#answered.has(w)) {
      if (++this.#startFailures >= START_FAILURES) {
        this.#break(w, code, signal, requeue);
        return;
      }
    }
    this.#queue.requeue(requeue);
    if (this.#queue.size > 0) this.dispatch();
  }

  /**
   * Workers keep dying before they run anything (their entry cannot load, the process cannot
   * start): replacing them again would spin forever. As Python's BrokenThreadPool, the pool
   * fails every job it holds and refuses new ones.
   */
  #break(w: PoolWorker, code: number | null, signal: string | null, held: Job[]): void {
    const error = brokenError(this.#kind.noun, START_FAILURES, code, signal, w.lastError);
    this.#book.broken = error;
    const jobs = [...held];
    while (this.#queue.size > 0) {
      const job = this.#queue.next();
      if (job !== null) jobs.push(job);
    }
    for (const other of this.workers) {
      for (const job of other.inFlight.values()) {
        this.#clearTimers(job);
        jobs.push(job);
      }
      other.inFlight.clear();
    }
    for (const job of jobs) {
      this.#book.release(job.slot);
      this.#book.fail(job.future, error);
    }
    void this.#terminateAll();
  }

  async #terminateAll(): Promise<void> {
    const workers = this.workers.slice();
    for (const w of workers) w.retiring = true;
    await Promise.all(workers.map((w) => w.terminate()));
  }
}

function accepting(w: PoolWorker): boolean {
  return !w.retiring && !w.gone;
}
