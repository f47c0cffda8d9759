// The worker side: a BullMQ Worker whose processor calls the function a job names, in this process
// or on a thread pool, with spindle's cancellation contract on top (a cancel flag the job can
// poll, and past the grace period the job fails and the worker asks to be replaced).
import type { Job, Worker } from "bullmq";
import type { Redis } from "ioredis";
import { CancelledError, ThreadPoolExecutor, TimeoutError } from "../futures/index.js";
import { address, redisOptions } from "./connection.js";
import { RedisConnectionError, WorkerLostError } from "./errors.js";
import { currentJob, type JobContext } from "./job-context.js";
import { checkInstalled, loadBullMQ, loadIORedis } from "./load.js";
import { ModuleTable } from "./modules.js";
import { cancelChannel } from "./queue-keys.js";
import { checkServeOptions, type ServeConfig, type ServeOptions } from "./serve-options.js";
import { checkPayload, failedReason, type WireJob } from "./wire.js";

/**
 * How a worker ended: `replace` is true when it stopped because a job it could not stop (a
 * cancelled or timed-out job still running in this process) may still hold its thread, so a
 * fresh process should take its place (`spindle worker` does that by itself).
 */
export interface WorkerExit {
  readonly replace: boolean;
  readonly reason: string;
}

/**
 * A running worker, from {@link serve}.
 * @example
 * const worker = await serve({ queue: "jobs", connection: url, module: "./tasks.js" });
 * process.once("SIGTERM", () => worker.close());
 */
export interface QueueWorker extends AsyncDisposable {
  readonly name: string;
  /** Jobs running now. */
  running(): number;
  /**
   * Stops taking jobs and waits up to `timeout` seconds (default: the lock duration) for the
   * running ones; then hands the retryable ones back to the queue (another worker runs them) and
   * fails the others with WorkerLostError. Resolves once the worker is stopped.
   */
  close(options?: { readonly timeout?: number }): Promise<void>;
  /** Resolves when the worker stopped, by close() or because it asked to be replaced. */
  readonly closed: Promise<WorkerExit>;
}

/** A job this worker runs, with what can end it early. */
interface Running extends JobContext {
  readonly job: Job;
  /** BullMQ's lock token for the job (to hand it back). */
  readonly token: string;
  readonly retryable: boolean;
  /** Ends the job's processor now with this error (the job's function may still run). */
  abandon(error: Error): void;
  /** In thread mode, the pool's future, cancelled with the job. */
  poolFuture: { cancel(): boolean } | null;
  grace: ReturnType<typeof setTimeout> | null;
}

/**
 * Runs a worker in this process: takes jobs from `queue` and calls the functions they name, which
 * must be exports of `module`. Resolves once it is connected and its modules are imported;
 * rejects with RedisConnectionError (naming host and port) if Redis cannot be reached within
 * `connectTimeout`, or with the import error of a module. `spindle worker` runs this in a child
 * process that it replaces when needed.
 * @example
 * import { serve } from "spindle/distributed";
 * const worker = await serve({ queue: "jobs", connection: "redis://127.0.0.1:6379", module: "./tasks.js", concurrency: 4 });
 * process.once("SIGTERM", () => void worker.close());
 */
export async function serve(options: ServeOptions): Promise<QueueWorker> {
  const config = checkServeOptions(options, "serve()");
  checkInstalled("serve()");
  const [bullmq, ioredis, modules] = await Promise.all([
    loadBullMQ(),
    loadIORedis(),
    ModuleTable.load(config.modules),
  ]);
  const served = new ServedQueue(config, modules);
  await served.start(bullmq.Worker, ioredis.Redis);
  return served;
}

/** An unrecoverable failure: BullMQ fails the job without retrying it. */
function unrecoverable(error: Error): Error {
  const out = new Error(failedReason(error));
  out.name = "UnrecoverableError";
  if (error.stack !== undefined) out.stack = error.stack;
  return out;
}

class ServedQueue implements QueueWorker {
  readonly name: string;
  readonly closed: Promise<WorkerExit>;
  readonly #config: ServeConfig;
  readonly #modules: ModuleTable;
  readonly #running = new Map<string, Running>();
  readonly #pool: ThreadPoolExecutor | null;
  #worker: Worker | null = null;
  #subscriber: Redis | null = null;
  #closing: Promise<void> | null = null;
  #exit!: (exit: WorkerExit) => void;
  #replace: string | null = null;
  #gaveUp: RedisConnectionError | null = null;

  constructor(config: ServeConfig, modules: ModuleTable) {
    this.#config = config;
    this.#modules = modules;
    this.name = config.name;
    this.closed = new Promise((resolve) => {
      this.#exit = resolve;
    });
    this.#pool =
      config.threads > 0
        ? new ThreadPoolExecutor({
            maxWorkers: config.threads,
            name: `spindle-worker-${config.queue}`,
            cancelGrace: config.cancelGrace,
          })
        : null;
  }

  #log(what: string): void {
    this.#config.log(`spindle worker ${this.name} (queue ${this.#config.queue}): ${what}`);
  }

  async start(WorkerClass: typeof Worker, RedisClass: typeof Redis): Promise<void> {
    const c = this.#config;
    const giveUp = (error: RedisConnectionError) => {
      if (this.#gaveUp !== null) return;
      this.#gaveUp = error;
      if (this.#worker !== null) {
        this.#log(`${error.message}; stopping`);
        void this.#stop("lost Redis", false);
      }
    };
    const forWorker = redisOptions(c.target, c.connectTimeout, giveUp);
    const forSubscriber = redisOptions(c.target, c.connectTimeout, giveUp);
    const worker = new WorkerClass(c.queue, (job, token) => this.#process(job, token), {
      connection: forWorker.options,
      concurrency: c.concurrency,
      lockDuration: c.lockDuration * 1000,
      stalledInterval: c.stalledInterval * 1000,
      maxStalledCount: c.maxStalledCount,
      drainDelay: c.drainDelay,
      name: c.name,
      autorun: false,
    });
    worker.on("error", (error) => {
      forWorker.noteError(error);
      if (this.#gaveUp === null && this.#worker !== null && !isConnectionNoise(error)) {
        this.#log(`BullMQ reported: ${error.message}`);
      }
    });
    const subscriber = new RedisClass(forSubscriber.options);
    subscriber.on("error", (error) => forSubscriber.noteError(error));
    // Ready, or ended once the retry strategy gave up (ioredis's connect() would reject at the
    // first refused attempt instead).
    const subscribed = new Promise<void>((resolve, reject) => {
      subscriber.once("ready", resolve);
      subscriber.once("end", () => reject(new Error("Connection is closed.")));
    });
    try {
      await Promise.all([worker.waitUntilReady(), subscribed]);
      await subscriber.subscribe(cancelChannel(c.queue));
    } catch (error) {
      await Promise.allSettled([worker.close(true), subscriber.quit()]);
      subscriber.disconnect();
      await this.#pool?.shutdown({ wait: false });
      throw (
        this.#gaveUp ??
        new RedisConnectionError(
          `could not reach Redis at ${address(c.target)}: ${(error as Error).message}; start redis-server there (or pass the right connection)`,
        )
      );
    }
    subscriber.on("message", (_channel: string, message: string) => this.#cancelRequest(message));
    this.#worker = worker;
    this.#subscriber = subscriber;
    void worker.run().catch((error: unknown) => {
      this.#log(`BullMQ's worker loop failed: ${(error as Error).message}; stopping`);
      void this.#stop("worker loop failed", false);
    });
    const where = this.#pool === null ? "in this process" : `on ${c.threads} threads`;
    this.#log(
      `ready, running up to ${c.concurrency} jobs at once ${where}, functions of ${this.#modules.keys.join(", ")}`,
    );
  }

  running(): number {
    return this.#running.size;
  }

  close(options: { readonly timeout?: number } = {}): Promise<void> {
    const timeout = options.timeout ?? this.#config.lockDuration;
    if (typeof timeout !== "number" || !(timeout >= 0)) {
      throw new RangeError(
        `close({ timeout }): timeout must be a number of seconds >= 0, got ${String(timeout)}`,
      );
    }
    return this.#stop("asked to stop", true, timeout);
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.close();
  }

  // --- Running jobs ----------------------------------------------------------------------------

  async #process(job: Job, token: string | undefined): Promise<unknown> {
    const data = job.data as WireJob;
    const id = job.id as string;
    if (data.c === 1) {
      throw unrecoverable(
        new CancelledError("the job was cancelled before this worker started it"),
      );
    }
    // Started more often than its attempts failed: an earlier run's worker was lost mid-job.
    if (data.r === 0 && job.attemptsStarted > job.attemptsMade + 1) {
      throw unrecoverable(
        new WorkerLostError(
          "the worker running this job was lost (killed, crashed, or blocked past its lock duration) and the job is not retryable, so it was not run again; make it idempotent and submit it with retryable: true to have it rerun",
        ),
      );
    }
    let abandon: (error: Error) => void = () => {};
    const abandoned = new Promise<never>((_, reject) => {
      abandon = reject;
    });
    const ctx: Running = {
      id,
      job,
      token: token ?? "",
      retryable: data.r === 1,
      controller: new AbortController(),
      progress: async (value) => {
        checkPayload(value, "the progress value", "reportProgress()", this.#config.maxPayload);
        await job.updateProgress(value as object);
      },
      abandon,
      poolFuture: null,
      grace: null,
    };
    this.#running.set(id, ctx);
    let timer: ReturnType<typeof setTimeout> | undefined;
    try {
      if (data.t !== undefined && this.#pool === null) {
        timer = setTimeout(() => this.#timedOut(ctx, data.t as number), data.t * 1000);
      }
      const value = await Promise.race([this.#call(ctx, data), abandoned]);
      try {
        checkPayload(value, "the job's result", `job ${id} (${data.n})`, this.#config.maxPayload);
      } catch (error) {
        throw unrecoverable(error as Error); // running it again would give the same
      }
      return value;
    } catch (error) {
      if ((error as Error)?.name === "UnrecoverableError" || isWaiting(error)) throw error;
      const e = error instanceof Error ? error : new Error(failedReason(error));
      // From the thread pool (thread mode): the job was cancelled or timed out; not to be rerun.
      if (e instanceof CancelledError || e instanceof TimeoutError) throw unrecoverable(e);
      const out = new Error(failedReason(e)); // BullMQ retries it if it has attempts left
      if (e.stack !== undefined) out.stack = e.stack;
      throw out;
    } finally {
      clearTimeout(timer);
      if (ctx.grace !== null) clearTimeout(ctx.grace);
      this.#running.delete(id);
    }
  }

  async #call(ctx: Running, data: WireJob): Promise<unknown> {
    let fn: (...args: unknown[]) => unknown;
    try {
      fn = this.#modules.find(data.m, data.n);
    } catch (error) {
      throw unrecoverable(error as Error); // no worker of this kind would find it either
    }
    if (this.#pool !== null) {
      const ref = { module: data.m, name: data.n };
      const pool = this.#pool;
      const future =
        data.k === 0
          ? data.t === undefined
            ? pool.submit(ref, ...data.a)
            : pool.submitWith({ timeout: data.t }, ref, ...data.a)
          : pool.submit(runChunk, ref, data.k, data.a);
      ctx.poolFuture = future;
      if (ctx.controller.signal.aborted) future.cancel();
      return await future.result();
    }
    return await currentJob.run(ctx, () => {
      if (data.k === 0) return fn(...data.a);
      const out =
        data.k === 1
          ? (data.a as unknown[][]).map((args) => fn(...args))
          : data.a.map((arg) => fn(arg));
      return out.some(isThenable) ? Promise.all(out) : out;
    });
  }

  #cancelRequest(message: string): void {
    const ctx = this.#running.get(message);
    if (ctx === undefined || ctx.controller.signal.aborted) return;
    ctx.controller.abort();
    if (ctx.poolFuture !== null) {
      ctx.poolFuture.cancel(); // the pool's cancelGrace replaces the thread if it goes on
      return;
    }
    const grace = this.#config.cancelGrace;
    if (!Number.isFinite(grace)) return;
    ctx.grace = setTimeout(() => {
      if (!this.#running.has(ctx.id)) return;
      this.#log(
        `job ${ctx.id} ignored its cancellation for ${grace} s; failing it, and this worker stops to be replaced`,
      );
      ctx.abandon(
        unrecoverable(
          new CancelledError(
            `the job was cancelled while running and ignored the request for ${grace} s, so it was failed and its worker process replaced — poll isCancelled() in long jobs, or raise the worker's cancelGrace`,
          ),
        ),
      );
      this.#askReplacement(`job ${ctx.id} ignored its cancellation`);
    }, grace * 1000);
  }

  #timedOut(ctx: Running, timeout: number): void {
    if (!this.#running.has(ctx.id)) return;
    ctx.controller.abort();
    this.#log(
      `job ${ctx.id} ran past its timeout of ${timeout} s; failing it, and this worker stops to be replaced`,
    );
    ctx.abandon(
      unrecoverable(
        new TimeoutError(
          `the job ran longer than its timeout of ${timeout} s; it was failed and its worker process replaced — raise the timeout, or make the job poll isCancelled()`,
        ),
      ),
    );
    this.#askReplacement(`job ${ctx.id} ran past its timeout`);
  }

  /** A job this process cannot stop may still run: stop taking jobs, finish the others, exit. */
  #askReplacement(reason: string): void {
    this.#replace ??= reason;
    void this.#stop(reason, true, this.#config.lockDuration);
  }

  // --- Stopping --------------------------------------------------------------------------------

  #stop(reason: string, graceful: boolean, timeout = 0): Promise<void> {
    this.#closing ??= this.#shutDown(reason, graceful, timeout);
    return this.#closing;
  }

  async #shutDown(reason: string, graceful: boolean, timeout: number): Promise<void> {
    const worker = this.#worker as Worker;
    const n = this.#running.size;
    this.#log(
      `${reason}: stopping${n > 0 && graceful ? `, waiting up to ${timeout} s for ${n} running job${n === 1 ? "" : "s"}` : ""}`,
    );
    const closing = worker.close(!graceful);
    if (graceful && n > 0) {
      let timer: ReturnType<typeof setTimeout> | undefined;
      const late = new Promise<"late">((resolve) => {
        timer = setTimeout(() => resolve("late"), timeout * 1000);
      });
      const outcome = await Promise.race([closing.then(() => "done" as const), late]);
      clearTimeout(timer);
      if (outcome === "late") await this.#handBack();
    }
    await closing.catch(() => {});
    await this.#subscriber?.quit().catch(() => {});
    this.#subscriber?.disconnect();
    await this.#pool?.shutdown({ wait: false, cancelFutures: true });
    const replace = this.#replace !== null;
    this.#log(replace ? `stopped, to be replaced (${this.#replace})` : "stopped");
    this.#exit({ replace, reason: this.#replace ?? reason });
  }

  /** Running jobs past close()'s timeout: retryable ones go back to the queue, others fail. */
  async #handBack(): Promise<void> {
    const { WaitingError } = await loadBullMQ();
    const jobs = [...this.#running.values()];
    const back = jobs.filter((ctx) => ctx.retryable).length;
    this.#log(
      `${jobs.length} job${jobs.length === 1 ? "" : "s"} still running: handing ${back} back to the queue, failing ${jobs.length - back} that are not retryable`,
    );
    await Promise.all(
      jobs.map(async (ctx) => {
        ctx.controller.abort();
        if (!ctx.retryable) {
          ctx.abandon(
            unrecoverable(
              new WorkerLostError(
                "the worker was shut down while this job ran, and the job is not retryable, so it was not handed to another worker; make it idempotent and submit it with retryable: true to have it rerun",
              ),
            ),
          );
          return;
        }
        try {
          await ctx.job.moveToWait(ctx.token);
          ctx.abandon(new WaitingError());
        } catch {
          // Its lock is gone already: the stalled-job check hands it on.
        }
      }),
    );
  }
}

/** BullMQ's signal that the processor moved its job back to waiting itself. */
function isWaiting(error: unknown): boolean {
  return (error as Error)?.name === "WaitingError";
}

/** BullMQ reports each failed reconnection; the give-up message says it once. */
function isConnectionNoise(error: Error & { code?: string }): boolean {
  return (
    error.code === "ECONNREFUSED" ||
    error.code === "ECONNRESET" ||
    /Connection is closed|ECONNREFUSED/.test(error.message)
  );
}

function isThenable(v: unknown): boolean {
  return (
    v !== null && typeof v === "object" && typeof (v as { then?: unknown }).then === "function"
  );
}

/**
 * A chunk of map() run on a pool thread (sent as source: self-contained). Imports the function in
 * the thread, as the pool does for { module, name }.
 */
async function runChunk(ref: { module: string; name: string }, mode: number, items: unknown[]) {
  const mod = (await import(ref.module)) as Record<string, (...args: unknown[]) => unknown>;
  const fn = mod[ref.name] as (...args: unknown[]) => unknown;
  const out =
    mode === 1 ? (items as unknown[][]).map((args) => fn(...args)) : items.map((x) => fn(x));
  return Promise.all(out);
}
