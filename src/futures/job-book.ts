import type { BrokenExecutor } from "../core/index.js";
import { cancelFuture, Future, isSettled, type JobHost, settleFuture } from "./future.js";
import { type Slot, SlotTable } from "./slots.js";

/**
 * What a {@link JobBook} needs of the transport that carries its jobs to workers (worker threads,
 * child processes, a Redis queue). @internal
 */
export interface Transport {
  /** The book went from no unsettled job to some (true), or back (false). */
  busy(on: boolean): void;
  /** A future settled (room for more work, perhaps). */
  settled(): void;
  /** cancel() succeeded on a job that had not started; it may still sit in a queue. */
  withdraw(future: Future<unknown>): void;
  /** cancel() was called on a running job: ask it to stop (and end it after a grace period). */
  cancelRunning(future: Future<unknown>): void;
  /** resultSync(): block the thread until `future` settles or `deadline` (ms, performance.now). */
  waitSync(future: Future<unknown>, deadline: number): void;
}

/** Counters of a {@link JobBook}. @internal */
export interface BookCounts {
  completed: number;
  failed: number;
  cancelled: number;
}

/** A job as the book opened it: its number, its future, its status slot. @internal */
export interface Entry<F extends Future<unknown> = Future<unknown>> {
  readonly id: number;
  readonly future: F;
  readonly slot: Slot;
}

/**
 * One job book, several transports: what every executor keeps about its jobs whatever carries
 * them — their futures and status slots, how many are unsettled, the outcome of each (counted
 * once), shutdown's wait for the last one, and a broken executor's refusal. The transports (the
 * pool core for threads and processes, the queue transport of spindle/distributed) move the jobs
 * and report back through `succeed`, `fail` and `cancelledWhileRunning`.
 *
 *     open() ──► future pending ──► succeed / fail / cancelledWhileRunning ──► settled (once)
 *                      └─► cancel() before it started (the future's CAS) ──► settled, cancelled
 *
 * Invariant: `unsettled` counts the futures opened and not settled; the transport hears
 * `busy(true)` when it leaves 0 and `busy(false)` when it returns to 0, so it keeps the process
 * alive exactly while there is work.
 * @internal
 */
export class JobBook implements JobHost {
  readonly #transport: Transport;
  readonly #slots: SlotTable;
  #nextJob = 1;
  #unsettled = 0;
  isShutdown = false;
  /** Set when the transport can carry no more jobs: new ones are refused with it. */
  broken: BrokenExecutor | null = null;
  #drained: (() => void) | null = null;
  readonly counts: BookCounts = { completed: 0, failed: 0, cancelled: 0 };

  /** `onChunk` hears of each new chunk of status slots (thread workers share them). */
  constructor(transport: Transport, onChunk: (id: number, buffer: SharedArrayBuffer) => void) {
    this.#transport = transport;
    this.#slots = new SlotTable(onChunk);
  }

  /** Futures opened and not settled yet. */
  get unsettled(): number {
    return this.#unsettled;
  }

  /** Opens a job: a number, a status slot and a pending future (made by `make`, if given). */
  open<F extends Future<unknown> = Future<unknown>>(
    make?: (host: JobHost, slot: Slot) => F,
  ): Entry<F> {
    const slot = this.#slots.take();
    const future = make === undefined ? (new Future<unknown>(this, slot) as F) : make(this, slot);
    if (this.#unsettled++ === 0) this.#transport.busy(true);
    return { id: this.#nextJob++, future, slot };
  }

  /** Returns a slot nothing will read again (its job settled, and no worker may still write it). */
  release(slot: Slot): void {
    this.#slots.give(slot);
  }

  /** The job returned `value` (ignored if its future settled already, e.g. cancelled). */
  succeed(future: Future<unknown>, value: unknown): void {
    if (isSettled(future)) return;
    this.counts.completed++;
    settleFuture(future, true, value);
    this.#settledOne();
  }

  /** The job failed with `error` (ignored if its future settled already). */
  fail(future: Future<unknown>, error: unknown): void {
    if (isSettled(future)) return;
    this.counts.failed++;
    settleFuture(future, false, error);
    this.#settledOne();
  }

  /** The job was cancelled while it ran and was ended (its grace period passed). */
  cancelledWhileRunning(future: Future<unknown>, error: Error): void {
    if (isSettled(future)) return;
    this.counts.cancelled++;
    cancelFuture(future, error);
    this.#settledOne();
  }

  /**
   * Stops taking jobs, cancels `notStarted` (shutdown's cancelFutures), and resolves once every
   * future has settled.
   */
  drain(notStarted: Iterable<Future<unknown>>): Promise<void> {
    this.isShutdown = true;
    for (const future of notStarted) future.cancel();
    return new Promise<void>((resolve) => {
      this.#drained = resolve;
      this.#maybeDrained();
    });
  }

  // --- JobHost (called by the futures) ---------------------------------------------------------

  cancelled(future: Future<unknown>): void {
    this.counts.cancelled++;
    this.#transport.withdraw(future);
    this.#settledOne();
  }

  cancelRunning(future: Future<unknown>): void {
    this.#transport.cancelRunning(future);
  }

  waitSync(future: Future<unknown>, deadline: number): void {
    this.#transport.waitSync(future, deadline);
  }

  #settledOne(): void {
    if (--this.#unsettled === 0) {
      this.#transport.busy(false);
      this.#maybeDrained();
    }
    this.#transport.settled();
  }

  #maybeDrained(): void {
    if (this.isShutdown && this.#unsettled === 0 && this.#drained !== null) {
      const resolve = this.#drained;
      this.#drained = null;
      resolve();
    }
  }
}
