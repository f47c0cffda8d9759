import { BrokenExecutor, RuntimeError } from "../core/index.js";
import { describeValue } from "../core/internal.js";
import type { Executor, MapOptions, ModuleFunction, ShutdownOptions } from "../futures/index.js";
import { mapOver } from "../futures/internal.js";
import { type Connection, parseConnection } from "./connection.js";
import { checkInstalled } from "./load.js";
import { moduleKey } from "./modules.js";
import { checkQueueName, checkSeconds } from "./options.js";
import type { QueueFuture } from "./queue-future.js";
import { QueueTransport, type WireOptions } from "./queue-transport.js";
import { checkPayload, DEFAULT_MAX_PAYLOAD, type WireJob, type WireMode } from "./wire.js";

/**
 * Options of a {@link QueueExecutor}.
 * @example
 * new QueueExecutor({ queue: "images", connection: "redis://127.0.0.1:6379", connectTimeout: 2 });
 */
export interface QueueExecutorOptions {
  /** The BullMQ queue the jobs go to (no `:`, Redis's key separator); workers serve the same name. */
  readonly queue: string;
  /** Where Redis is: `redis://HOST:PORT` or `{ host, port }` (default redis://127.0.0.1:6379). */
  readonly connection?: Connection;
  /**
   * Seconds to wait for Redis, when connecting and after losing it (default 5). Past it, every
   * unsettled future fails with RedisConnectionError naming host and port, and the executor takes
   * no more jobs; nothing keeps retrying in the background.
   */
  readonly connectTimeout?: number;
  /** The largest job data, in bytes of JSON (default 1 MiB); larger arguments are refused at submit. */
  readonly maxPayload?: number;
}

/**
 * Options of one job, for {@link QueueExecutor.submitWith}. Times are in seconds.
 * @example
 * pool.submitWith({ attempts: 3, backoff: { type: "exponential", delay: 1 }, retryable: true }, fetchPage, url);
 */
export interface QueueJobOptions {
  /** Seconds the job may run; past it the worker fails it with TimeoutError (and is replaced if the job will not stop). */
  readonly timeout?: number;
  /** Times the job is tried if it throws (default 1: no retry). */
  readonly attempts?: number;
  /** Seconds between attempts, or `{ type: "fixed" | "exponential", delay }` in seconds. */
  readonly backoff?: number | { readonly type: "fixed" | "exponential"; readonly delay: number };
  /** 1 (first) to 2,097,151; jobs without a priority go before prioritized ones (BullMQ's rule). */
  readonly priority?: number;
  /** Seconds to wait before the job may start. */
  readonly delay?: number;
  /**
   * Whether the job may run again when its worker is lost mid-job (killed, crashed): true (the
   * default) lets another worker pick it up (at-least-once); false fails it with WorkerLostError
   * instead (at-most-once, for jobs with side effects).
   */
  readonly retryable?: boolean;
}

/**
 * A snapshot of a {@link QueueExecutor}.
 * @example
 * const { queued, running, completed } = pool.statistics();
 */
export interface QueueStatistics {
  /** Jobs submitted and not known to have started (here or waiting in Redis). */
  queued: number;
  /** Jobs a worker has started (as far as this executor has heard). */
  running: number;
  completed: number;
  failed: number;
  cancelled: number;
  shutdown: boolean;
}

/**
 * The `Executor` of spindle/futures on BullMQ and Redis: jobs go to a queue that `spindle worker`
 * processes (on any machine that reaches the Redis) take them from, and each `submit` gives the
 * same {@link QueueFuture} the thread and process pools give — awaitable, `yield*`-able, with
 * `done()`, `cancel()`, `addDoneCallback`, and usable with `wait` and `asCompleted`.
 *
 * - Jobs name their function as `{ module, name }` (an absolute path, `file:` URL or package
 *   name that the workers were started with); arguments and results travel as JSON, and values
 *   JSON would change (Maps, Dates, NaN, class instances, undefined in arrays) are refused at the
 *   call, naming where they are.
 * - `cancel()` of a waiting job removes it from the queue; of a running job, sets its cancel flag
 *   (`isCancelled()` in the worker); a job that ignores it past the worker's cancel grace is failed
 *   and its worker process replaced, and the future ends cancelled.
 * - A worker lost mid-job (killed, crashed): its job is picked up by another worker once its lock
 *   expires (BullMQ's stalled-job recovery), or fails with WorkerLostError if it was submitted
 *   with `retryable: false`. Its future settles once either way.
 * - Nothing connects until the first job; an idle executor never keeps the process alive.
 * @example
 * await using pool = new QueueExecutor({ queue: "squares", connection: "redis://127.0.0.1:6379" });
 * const square = { module: new URL("./tasks.js", import.meta.url), name: "square" };
 * console.log(await pool.submit(square, 7)); // 49, computed by a `spindle worker`
 * console.log(await pool.map(square, [1, 2, 3])); // [1, 4, 9]
 */
export class QueueExecutor implements Executor {
  readonly #transport: QueueTransport;
  readonly #maxPayload: number;
  readonly #queue: string;

  constructor(options: QueueExecutorOptions) {
    const where = "QueueExecutor()";
    if (options === null || typeof options !== "object") {
      throw new TypeError(
        `${where}: expected options { queue, connection }, got ${describeValue(options)}`,
      );
    }
    const queue = checkQueueName(options.queue, where);
    const target = parseConnection(options.connection ?? "redis://127.0.0.1:6379", where);
    const connectTimeout = checkSeconds(options.connectTimeout, 5, "connectTimeout", where);
    const maxPayload = options.maxPayload ?? DEFAULT_MAX_PAYLOAD;
    if (!Number.isInteger(maxPayload) || maxPayload < 1) {
      throw new RangeError(
        `${where}: maxPayload must be a whole number of bytes >= 1, got ${String(options.maxPayload)}`,
      );
    }
    checkInstalled(where);
    this.#queue = queue;
    this.#maxPayload = maxPayload;
    this.#transport = new QueueTransport(queue, target, connectTimeout);
  }

  /** Schedules `fn(...args)` on a worker of the queue and returns its future. */
  submit<A extends unknown[], R>(
    fn: ModuleFunction | ((...args: A) => R),
    ...args: A
  ): QueueFuture<Awaited<R>> {
    return this.#submit("submit()", fn, 0, args, {}) as QueueFuture<Awaited<R>>;
  }

  /** `submit` with per-job options: timeout, attempts, backoff, priority, delay, retryable. */
  submitWith<A extends unknown[], R>(
    options: QueueJobOptions,
    fn: ModuleFunction | ((...args: A) => R),
    ...args: A
  ): QueueFuture<Awaited<R>> {
    return this.#submit("submitWith()", fn, 0, args, options) as QueueFuture<Awaited<R>>;
  }

  /**
   * Calls `fn` on items taken from each iterable in turn (as zip does); resolves to the results in
   * order. The jobs of one call go to Redis in bulk; `chunksize` items travel as one job.
   */
  map<R>(
    fn: ModuleFunction | ((...args: never[]) => R),
    ...iterablesAndOptions: (Iterable<unknown> | MapOptions)[]
  ): Promise<Awaited<R>[]> {
    this.#usable("map()");
    return mapOver(
      (mode, args) => this.#submit("map()", fn, mode, args, {}),
      fn,
      iterablesAndOptions,
    ) as Promise<Awaited<R>[]>;
  }

  /**
   * Stops accepting jobs; with `wait` (the default) resolves once every job settled and the
   * connections are closed. `cancelFutures` cancels the jobs no worker has started.
   */
  shutdown(options: ShutdownOptions = {}): Promise<void> {
    const { wait = true, cancelFutures = false } = options;
    const transport = this.#transport;
    const gone = transport.book
      .drain(cancelFutures ? transport.notStarted() : [])
      .then(() => transport.close());
    return wait ? gone : Promise.resolve();
  }

  [Symbol.dispose](): void {
    void this.shutdown({ wait: false });
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.shutdown();
  }

  /** A plain snapshot: jobs queued and running as this executor knows them, and outcomes. */
  statistics(): QueueStatistics {
    const book = this.#transport.book;
    return { ...this.#transport.counts(), ...book.counts, shutdown: book.isShutdown };
  }

  /** A description for logs. */
  toString(): string {
    return `<QueueExecutor queue=${this.#queue}>`;
  }

  #usable(where: string): void {
    const book = this.#transport.book;
    if (book.broken !== null) throw new BrokenExecutor(`${where}: ${book.broken.message}`);
    if (book.isShutdown) {
      throw new RuntimeError(
        `${where}: the executor is shut down and takes no new jobs; create a new executor, or submit before shutdown()`,
      );
    }
  }

  #submit(
    where: string,
    fn: unknown,
    mode: WireMode,
    args: unknown[],
    options: QueueJobOptions,
  ): QueueFuture<unknown> {
    this.#usable(where);
    const ref = functionOf(fn, where);
    const opts = checkJobOptions(options, where);
    checkPayload(args, mode === 0 ? "the arguments" : "the items", where, this.#maxPayload);
    const data: WireJob = {
      m: ref.module,
      n: ref.name,
      k: mode,
      a: args,
      r: options?.retryable === false ? 0 : 1,
      ...(options?.timeout === undefined ? {} : { t: options.timeout }),
    };
    return this.#transport.submit(ref.name, data, opts);
  }
}

/** `{ module, name }` checked; a plain function is refused (workers run only their modules). */
function functionOf(fn: unknown, where: string): { module: string; name: string } {
  if (typeof fn === "function") {
    throw new TypeError(
      `${where}: a QueueExecutor runs functions its workers import, so pass { module, name } (the module the workers were started with and the export's name) instead of the function ${fn.name || "(anonymous)"}`,
    );
  }
  if (fn === null || typeof fn !== "object" || !("module" in fn) || !("name" in fn)) {
    throw new TypeError(`${where}: expected { module, name }, got ${describeValue(fn)}`);
  }
  const { module, name } = fn as ModuleFunction;
  if (typeof name !== "string" || name === "") {
    throw new TypeError(`${where}: { module, name } needs name to be the export's name (a string)`);
  }
  return { module: moduleKey(module, null, where), name };
}

function checkJobOptions(options: QueueJobOptions, where: string): WireOptions {
  if (options === null || typeof options !== "object") {
    throw new TypeError(`${where}: options must be an object, got ${describeValue(options)}`);
  }
  if ("transfer" in options) {
    throw new TypeError(
      `${where}: a QueueExecutor cannot transfer buffers (jobs travel through Redis as JSON); drop the transfer option`,
    );
  }
  const out: { -readonly [K in keyof WireOptions]: WireOptions[K] } = {};
  if (options.timeout !== undefined) checkSeconds(options.timeout, 0, "timeout", where);
  if (options.attempts !== undefined) {
    if (!Number.isInteger(options.attempts) || options.attempts < 1) {
      throw new RangeError(
        `${where}: attempts must be a whole number >= 1, got ${String(options.attempts)}`,
      );
    }
    out.attempts = options.attempts;
  }
  if (options.backoff !== undefined) {
    const b = options.backoff;
    if (typeof b === "number") {
      out.backoff = Math.round(checkSeconds(b, 0, "backoff", where, true) * 1000);
    } else if (
      b !== null &&
      typeof b === "object" &&
      (b.type === "fixed" || b.type === "exponential")
    ) {
      out.backoff = {
        type: b.type,
        delay: Math.round(checkSeconds(b.delay, 0, "backoff.delay", where, true) * 1000),
      };
    } else {
      throw new TypeError(
        `${where}: backoff must be seconds or { type: "fixed" | "exponential", delay: seconds }, got ${describeValue(b)}`,
      );
    }
  }
  if (options.priority !== undefined) {
    if (
      !Number.isInteger(options.priority) ||
      options.priority < 1 ||
      options.priority > 2_097_151
    ) {
      throw new RangeError(
        `${where}: priority must be a whole number from 1 (first) to 2097151, got ${String(options.priority)}`,
      );
    }
    out.priority = options.priority;
  }
  if (options.delay !== undefined) {
    out.delay = Math.round(checkSeconds(options.delay, 0, "delay", where, true) * 1000);
  }
  if (options.retryable !== undefined && typeof options.retryable !== "boolean") {
    throw new TypeError(
      `${where}: retryable must be true or false, got ${describeValue(options.retryable)}`,
    );
  }
  return out;
}
