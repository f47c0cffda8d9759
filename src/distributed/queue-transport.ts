// The Redis transport under the job book: jobs go out as BullMQ jobs (added in bulk, one
// addBulk per synchronous run of submissions), outcomes come back through BullMQ's event stream
// (QueueEvents), and cancel() becomes a removal (waiting job) or a message to the workers
// (running job).
import type { Queue, QueueEvents } from "bullmq";
import { BrokenExecutor, CancelledError, RuntimeError, TimeoutError } from "../core/index.js";
import type { Future } from "../futures/index.js";
import {
  type Entry,
  FINISHED,
  isSettled,
  JobBook,
  PENDING,
  RUNNING,
  type Transport,
} from "../futures/internal.js";
import { type RedisTarget, redisOptions } from "./connection.js";
import { RedisConnectionError, WorkerLostError } from "./errors.js";
import { loadBullMQ } from "./load.js";
import { deliverProgress, QueueFuture } from "./queue-future.js";
import { cancelChannel } from "./queue-keys.js";
import { rebuildError, type WireJob } from "./wire.js";

/** BullMQ's per-job options that spindle sets. @internal */
export interface WireOptions {
  readonly attempts?: number;
  readonly backoff?: number | { readonly type: "fixed" | "exponential"; readonly delay: number };
  readonly priority?: number;
  readonly delay?: number;
}

/** Jobs per addBulk call: bounds one Redis transaction. */
const BULK = 1000;
/** Events kept in the stream (BullMQ's default is 10,000): room for a large map's burst. */
const EVENTS_KEPT = 100_000;
/** Failed jobs kept in Redis for inspection (their stack is read from there). */
const KEEP_FAILED = { age: 24 * 3600, count: 1000 };

/** What BullMQ's stalled-job check says when a job was lost more often than maxStalledCount. */
const STALLED = /stalled more than allowable limit/;

/** Errors a failed job may come back as, by name (the rest become built-ins or Error). */
const CLASSES: Record<string, new (message: string) => Error> = {
  CancelledError,
  TimeoutError,
  WorkerLostError,
};

interface QueueJob {
  readonly id: string;
  readonly entry: Entry<QueueFuture<unknown>>;
  readonly name: string;
  readonly data: WireJob;
  readonly opts: WireOptions;
  /** Sent to Redis (the add was issued). */
  sent: boolean;
}

interface Connected {
  readonly queue: Queue;
  readonly events: QueueEvents;
}

/** The transport of a QueueExecutor. @internal */
export class QueueTransport implements Transport {
  readonly book: JobBook;
  readonly #queueName: string;
  readonly #target: RedisTarget;
  readonly #connectTimeout: number;
  /** A prefix that makes this executor's job ids unique: `${prefix}-${n}`. */
  readonly #idPrefix = `s${process.pid.toString(36)}${Math.random().toString(36).slice(2, 8)}`;
  #nextId = 0;
  readonly #jobs = new Map<string, QueueJob>();
  readonly #byFuture = new Map<Future<unknown>, QueueJob>();
  #outbox: QueueJob[] = [];
  #flushScheduled = false;
  #connected: Promise<Connected> | null = null;
  #lostWith: RedisConnectionError | null = null;
  #closed = false;
  #keepAlive: ReturnType<typeof setInterval> | null = null;

  constructor(queue: string, target: RedisTarget, connectTimeout: number) {
    this.#queueName = queue;
    this.#target = target;
    this.#connectTimeout = connectTimeout;
    // Slots stay here: nothing else reads them (status changes come from BullMQ's events).
    this.book = new JobBook(this, () => {});
  }

  /** Queues a job; it goes to Redis with the others of this synchronous run. */
  submit(name: string, data: WireJob, opts: WireOptions): QueueFuture<unknown> {
    const id = `${this.#idPrefix}-${++this.#nextId}`;
    const entry = this.book.open((host, slot) => new QueueFuture<unknown>(id, host, slot));
    const job: QueueJob = { id, entry, name, data, opts, sent: false };
    this.#jobs.set(id, job);
    this.#byFuture.set(entry.future, job);
    this.#outbox.push(job);
    if (!this.#flushScheduled) {
      this.#flushScheduled = true;
      queueMicrotask(() => {
        this.#flushScheduled = false;
        void this.#flush();
      });
    }
    return entry.future;
  }

  /** Jobs not sent to Redis yet, or waiting there: what shutdown({ cancelFutures }) cancels. */
  notStarted(): Future<unknown>[] {
    const out: Future<unknown>[] = [];
    for (const job of this.#jobs.values()) {
      if (!job.entry.future.running()) out.push(job.entry.future);
    }
    return out;
  }

  /** Counts for statistics(): jobs not known to have started, and running ones. */
  counts(): { queued: number; running: number } {
    let running = 0;
    for (const job of this.#jobs.values()) if (job.entry.future.running()) running++;
    return { queued: this.#jobs.size - running, running };
  }

  /** Closes the connections (after the book drained). */
  async close(): Promise<void> {
    this.#closed = true;
    const connected = this.#connected;
    this.#connected = null;
    if (connected === null) return;
    let connection: Connected;
    try {
      connection = await connected;
    } catch {
      return; // it never connected: nothing is open
    }
    const { queue, events } = connection;
    // A graceful close may wait on the blocking read, whose socket does not keep the process
    // alive: hold it alive meanwhile, and after a second cut the connections instead.
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<"late">((resolve) => {
      timer = setTimeout(() => resolve("late"), 1000);
    });
    const closing = Promise.allSettled([events.close(), queue.close()]);
    if ((await Promise.race([closing, late])) === "late") {
      for (const holder of [events, queue]) {
        const client = (await rawClient(holder).catch(() => null)) as {
          disconnect?(): void;
        } | null;
        client?.disconnect?.();
      }
    }
    clearTimeout(timer);
  }

  // --- Sending ---------------------------------------------------------------------------------

  #connection(): Promise<Connected> {
    this.#connected ??= this.#connect();
    return this.#connected;
  }

  async #connect(): Promise<Connected> {
    const { Queue, QueueEvents } = await loadBullMQ();
    const lost = (error: RedisConnectionError) => this.#lost(error);
    const forQueue = redisOptions(this.#target, this.#connectTimeout, lost);
    const forEvents = redisOptions(this.#target, this.#connectTimeout, lost);
    const queue = new Queue(this.#queueName, {
      connection: forQueue.options,
      streams: { events: { maxLen: EVENTS_KEPT } },
    });
    queue.on("error", (error) => forQueue.noteError(error));
    try {
      await queue.waitUntilReady();
      const client = (await rawClient(queue)) as {
        xrevrange(...args: unknown[]): Promise<[string, string[]][]>;
      };
      // Read events from the stream's current end: every event of our jobs comes after it.
      const last = await client.xrevrange(queue.keys.events as string, "+", "-", "COUNT", 1);
      const events = new QueueEvents(this.#queueName, {
        connection: forEvents.options,
        lastEventId: last[0]?.[0] ?? "0-0",
        // A plain blocking read: BullMQ's bounded read arms a timer per read, which would keep
        // the process alive while the executor is idle. A read interrupted by a reconnection is
        // sent again by ioredis from the same event id, so nothing is missed.
        blockingTimeout: 0,
      });
      events.on("error", (error) => forEvents.noteError(error));
      this.#listen(events);
      await events.waitUntilReady();
      const connected = { queue, events };
      unrefSockets(connected);
      return connected;
    } catch (error) {
      await queue.close().catch(() => {});
      throw this.#lostWith ?? error;
    }
  }

  async #flush(): Promise<void> {
    const batch = this.#outbox.filter((job) => !job.entry.future.cancelled());
    this.#outbox = [];
    if (batch.length === 0) return;
    let queue: Queue;
    try {
      ({ queue } = await this.#connection());
    } catch (error) {
      this.#lost(error as Error);
      return;
    }
    const sending: Promise<unknown>[] = [];
    for (let i = 0; i < batch.length; i += BULK) {
      const chunk = batch.slice(i, i + BULK).filter((job) => !job.entry.future.cancelled());
      for (const job of chunk) job.sent = true;
      const add = queue.addBulk(
        chunk.map((job) => ({
          name: job.name,
          data: job.data,
          opts: { ...job.opts, jobId: job.id, removeOnComplete: true, removeOnFail: KEEP_FAILED },
        })),
      );
      sending.push(
        add.catch((error: unknown) => {
          for (const job of chunk) this.#settle(job, false, error);
        }),
      );
    }
    await Promise.all(sending);
  }

  // --- Hearing back ----------------------------------------------------------------------------

  #listen(events: QueueEvents): void {
    events.on("active", ({ jobId }) => {
      const job = this.#jobs.get(jobId);
      if (job === undefined) return;
      const { view, index } = job.entry.slot;
      Atomics.compareExchange(view, index * 2, PENDING, RUNNING);
    });
    events.on("completed", ({ jobId, returnvalue }) => {
      const job = this.#jobs.get(jobId);
      if (job !== undefined) this.#settle(job, true, returnvalue);
    });
    events.on("failed", ({ jobId, failedReason }) => {
      const job = this.#jobs.get(jobId);
      if (job !== undefined) void this.#failed(job, failedReason);
    });
    events.on("progress", ({ jobId, data }) => {
      const job = this.#jobs.get(jobId);
      if (job !== undefined) deliverProgress(job.entry.future, data);
    });
    events.on("removed", ({ jobId }) => {
      const job = this.#jobs.get(jobId);
      if (job === undefined || job.entry.future.cancelled()) return;
      this.#settle(
        job,
        false,
        new RuntimeError(
          `job ${jobId} was removed from queue ${this.#queueName} by someone else (a dashboard, Queue.remove, obliterate) before it finished`,
        ),
      );
    });
  }

  async #failed(job: QueueJob, reason: string): Promise<void> {
    if (STALLED.test(reason)) {
      this.#settle(
        job,
        false,
        new WorkerLostError(
          `the workers running job ${job.id} were lost more often than their --max-stalled-count allows (BullMQ: ${reason}); look for workers being killed or blocked past their lock duration`,
        ),
      );
      return;
    }
    let stack: string | undefined;
    try {
      const { queue } = await this.#connection();
      const stored = await queue.getJob(job.id);
      stack = stored?.stacktrace?.at(-1) ?? undefined;
    } catch {
      // The stack is a nicety; the error's type and message are in the reason.
    }
    const error = rebuildError(reason, stack, CLASSES);
    if (error instanceof CancelledError) this.#settleCancelled(job, error);
    else this.#settle(job, false, error);
  }

  #forget(job: QueueJob): void {
    this.#jobs.delete(job.id);
    this.#byFuture.delete(job.entry.future);
  }

  #settle(job: QueueJob, ok: boolean, value: unknown): void {
    this.#forget(job);
    const future = job.entry.future;
    if (isSettled(future)) return; // cancelled before: its slot was released then
    const { view, index } = job.entry.slot;
    Atomics.store(view, index * 2, FINISHED);
    if (ok) this.book.succeed(future, value);
    else this.book.fail(future, value);
    this.book.release(job.entry.slot);
  }

  #settleCancelled(job: QueueJob, error: CancelledError): void {
    this.#forget(job);
    if (isSettled(job.entry.future)) return;
    this.book.cancelledWhileRunning(job.entry.future, error);
    this.book.release(job.entry.slot);
  }

  /** Redis stayed unreachable past connectTimeout: every unsettled job fails, the executor breaks. */
  #lost(error: Error): void {
    const e =
      error instanceof RedisConnectionError
        ? error
        : new RedisConnectionError(`lost Redis: ${error.message}`);
    if (this.#lostWith !== null) return;
    this.#lostWith = e;
    this.book.broken = new BrokenExecutor(
      `${e.message} — this executor takes no new jobs; create a new one once Redis is back`,
    );
    for (const job of [...this.#jobs.values()]) this.#settle(job, false, e);
    this.#outbox = [];
    void this.close();
  }

  // --- Transport (called by the book) ----------------------------------------------------------

  busy(on: boolean): void {
    // The process stays alive exactly while a future is unsettled (its sockets never hold it: they
    // are unref'd once connected), and an idle executor never keeps it alive, as idle pool workers
    // do not. A timer rather than the sockets' ref: BullMQ reconnects and replaces sockets.
    if (on) this.#keepAlive ??= setInterval(() => {}, 2 ** 30);
    else if (this.#keepAlive !== null) {
      clearInterval(this.#keepAlive);
      this.#keepAlive = null;
    }
  }

  settled(): void {}

  withdraw(future: Future<unknown>): void {
    const job = this.#byFuture.get(future);
    if (job === undefined) return;
    this.#forget(job);
    this.book.release(job.entry.slot);
    if (!job.sent) return; // dropped from the outbox at flush
    // It may have started in the instant before: then it is marked cancelled and told so.
    void this.#connection()
      .then(async ({ queue }) => {
        if ((await queue.remove(job.id)) === 1) return;
        await this.#markCancelled(queue, job);
      })
      .catch(() => {});
  }

  cancelRunning(future: Future<unknown>): void {
    const job = this.#byFuture.get(future);
    if (job === undefined) return;
    void this.#connection()
      .then(({ queue }) => this.#markCancelled(queue, job))
      .catch(() => {});
  }

  /**
   * A job that may be running: its data says it is cancelled (a worker that picks it up again,
   * after its first worker was lost, fails it at once) and its worker hears it by pub/sub.
   */
  async #markCancelled(queue: Queue, job: QueueJob): Promise<void> {
    const { Job } = await loadBullMQ();
    const stored = new Job(queue, job.name, job.data, {}, job.id);
    await stored.updateData({ ...job.data, c: 1 }).catch(() => {}); // gone already: fine
    const client = (await rawClient(queue)) as {
      publish(channel: string, message: string): Promise<number>;
    };
    await client.publish(cancelChannel(this.#queueName), job.id);
  }

  waitSync(_future: Future<unknown>, _deadline: number): void {
    throw new RuntimeError(
      "resultSync(): a QueueExecutor cannot block the thread for a result (it arrives from Redis through the event loop); await future.result() instead",
    );
  }

  get closed(): boolean {
    return this.#closed;
  }
}

/** The connections never keep the process alive by themselves (see busy()). */
function unrefSockets({ queue, events }: Connected): void {
  for (const holder of [queue, events]) {
    void rawClient(holder)
      .then((client) => {
        const redis = client as {
          stream?: { unref?(): void };
          on?(event: string, fn: () => void): void;
        };
        redis.stream?.unref?.();
        // A reconnection makes a new socket.
        redis.on?.("connect", () => redis.stream?.unref?.());
      })
      .catch(() => {});
  }
}

/**
 * The ioredis client under a BullMQ object (through BullMQ's Redis backend, its documented
 * escape hatch): for the stream's end, pub/sub, and the socket's ref.
 */
function rawClient(holder: Queue | QueueEvents): Promise<unknown> {
  return (holder.getBackend() as unknown as { client: Promise<unknown> }).client;
}
