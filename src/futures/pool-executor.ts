import { BrokenExecutor, RuntimeError } from "../core/index.js";
import { describeValue } from "../core/internal.js";
import type { Portable } from "../threading/index.js";
import { checkArgs, encodeArgs, toFunctionRef } from "../threading/internal.js";
import type { Executor, JobOptions, MapOptions, ShutdownOptions } from "./executor.js";
import type { Future } from "./future.js";
import type { JobMode } from "./job.js";
import { checkProcessArgs, checkTransfer, moveArgs } from "./job-checks.js";
import { mapOver } from "./map.js";
import { PoolCore } from "./pool-core.js";
import type { PoolStatistics } from "./pool-types.js";
import type { WorkerKind } from "./pool-worker.js";
import { registerExecutor } from "./registry.js";

/** Seconds a cancelled running job may go on before its worker is terminated (see cancelGrace). */
const DEFAULT_CANCEL_GRACE = 5;
/** A job's timeout when none is given. */
const NO_LIMIT = Number.POSITIVE_INFINITY;

/** What a concrete pool gives its base. @internal */
export interface Backend {
  /** The class name, for messages ("ThreadPoolExecutor"). */
  readonly what: string;
  readonly kind: WorkerKind;
  /** Whether jobs go to processes (no shared memory, no transfer). */
  readonly processes: boolean;
  readonly defaultMaxWorkers: number;
  /** resultSync()'s blocking wait, given the core. */
  waitSync(core: PoolCore): (future: Future<unknown>, deadline: number) => void;
}

/** The options every pool takes. @internal */
export interface BaseOptions {
  readonly maxWorkers?: number;
  readonly name?: string;
  readonly cancelGrace?: number;
}

/**
 * The public face shared by {@link ThreadPoolExecutor} and {@link ProcessPoolExecutor}: checks
 * every input at the call, then hands the job to the {@link PoolCore}.
 * @example
 * class MyPool extends PoolExecutor { constructor() { super({}, backend); } }
 */
export abstract class PoolExecutor implements Executor {
  readonly #core: PoolCore;
  readonly #processes: boolean;

  /** @internal */
  protected constructor(options: BaseOptions, backend: Backend) {
    const { what } = backend;
    const {
      maxWorkers = backend.defaultMaxWorkers,
      name = what,
      cancelGrace = DEFAULT_CANCEL_GRACE,
    } = options ?? {};
    if (!Number.isInteger(maxWorkers) || maxWorkers < 1) {
      throw new RangeError(
        `${what}({ maxWorkers }): maxWorkers must be a whole number >= 1, got ${String(maxWorkers)}`,
      );
    }
    if (typeof cancelGrace !== "number" || !(cancelGrace >= 0)) {
      throw new RangeError(
        `${what}({ cancelGrace }): cancelGrace must be a number of seconds >= 0 (Infinity: never terminate), got ${String(cancelGrace)}`,
      );
    }
    if (typeof name !== "string") {
      throw new TypeError(`${what}({ name }): name must be a string, got ${String(name)}`);
    }
    this.#processes = backend.processes;
    let core: PoolCore | null = null;
    const wait = (future: Future<unknown>, deadline: number) =>
      backend.waitSync(core as PoolCore)(future, deadline);
    core = new PoolCore(backend.kind, { maxWorkers, name, cancelGrace, waitSync: wait });
    this.#core = core;
    this.name = name;
    this.kind = backend.kind.noun;
    registerExecutor(this); // weakly: monitors list live pools (spindle/monitor)
  }

  /** The pool's name (its `name` option, or the class name): monitors show it. */
  readonly name: string;
  /** "thread" or "process". */
  readonly kind: string;

  /** Schedules `fn(...args)` in a worker and returns its {@link Future}. */
  submit<A extends unknown[], R>(fn: Portable<A, R>, ...args: A): Future<Awaited<R>> {
    return this.#submit("submit()", fn, args, 0, NO_LIMIT, null) as Future<Awaited<R>>;
  }

  /** `submit` with per-job options: a `timeout`, and ArrayBuffers to `transfer` (threads). */
  submitWith<A extends unknown[], R>(
    options: JobOptions,
    fn: Portable<A, R>,
    ...args: A
  ): Future<Awaited<R>> {
    const timeout = options?.timeout ?? NO_LIMIT;
    if (typeof timeout !== "number" || Number.isNaN(timeout)) {
      throw new RangeError(
        `submitWith({ timeout }): timeout must be a number of seconds (Infinity: no limit), got ${String(timeout)}`,
      );
    }
    const transfer = checkTransfer(options?.transfer, this.#processes);
    return this.#submit("submitWith()", fn, args, 0, timeout, transfer) as Future<Awaited<R>>;
  }

  /** Calls `fn` on items taken from each iterable in turn (as zip does); resolves to the results in order. */
  map<R>(
    fn: Portable<never[], R>,
    ...iterablesAndOptions: (Iterable<unknown> | MapOptions)[]
  ): Promise<Awaited<R>[]> {
    return mapOver(
      (mode, args) => this.#submit("map()", fn, args, mode, NO_LIMIT, null),
      fn,
      iterablesAndOptions,
    ) as Promise<Awaited<R>[]>;
  }

  /** Stops accepting jobs; with `wait` (the default) resolves once all ran and the workers are gone. */
  shutdown(options: ShutdownOptions = {}): Promise<void> {
    const { wait, cancelFutures } = checkShutdownOptions(options);
    const gone = this.#core.shutdown(cancelFutures);
    return wait ? gone : Promise.resolve();
  }

  [Symbol.dispose](): void {
    void this.shutdown({ wait: false });
  }

  [Symbol.asyncDispose](): Promise<void> {
    return this.shutdown();
  }

  /** A plain snapshot of the pool. */
  statistics(): PoolStatistics {
    return this.#core.statistics();
  }

  #submit(
    where: string,
    fn: unknown,
    args: unknown[],
    mode: JobMode,
    timeout: number,
    transfer: ArrayBuffer[] | null,
  ): Future<unknown> {
    const broken = this.#core.broken;
    if (broken !== null) throw new BrokenExecutor(`${where}: ${broken.message}`);
    if (this.#core.isShutdown) {
      throw new RuntimeError(
        `${where}: the executor is shut down and takes no new jobs; create a new executor, or submit before shutdown()`,
      );
    }
    const ref = toFunctionRef(fn, where);
    if (mode === 0) checkArgs(args, where);
    if (this.#processes) {
      if (mode === 1) for (const item of args as unknown[][]) checkProcessArgs(item, where);
      else checkProcessArgs(args, where); // mode 2: the items are the arguments
    }
    // Mode 2's items are top-level arguments too: primitives among them cross as descriptors.
    let encoded = mode === 1 ? (args as unknown[][]).map(encodeArgs) : encodeArgs(args);
    if (transfer !== null) {
      try {
        ({ args: encoded, transfer } = moveArgs(encoded, transfer));
      } catch (error) {
        throw new TypeError(
          `${where}: an argument cannot be copied into a worker (${(error as Error).message}); pass plain data, typed arrays or SharedArrayBuffers`,
        );
      }
    }
    return this.#core.submit(ref, mode, encoded, timeout, transfer);
  }
}

/** shutdown()'s options, checked before anything changes. */
function checkShutdownOptions(options: unknown): { wait: boolean; cancelFutures: boolean } {
  if (options === null || typeof options !== "object") {
    throw new TypeError(
      `shutdown(options): options must be an object like { wait: true, cancelFutures: false } or omitted, got ${describeValue(options)}`,
    );
  }
  const { wait = true, cancelFutures = false } = options as ShutdownOptions;
  for (const [name, value] of [
    ["wait", wait],
    ["cancelFutures", cancelFutures],
  ] as const) {
    if (typeof value !== "boolean") {
      throw new TypeError(
        `shutdown({ ${name} }): ${name} must be true or false, got ${describeValue(value)}`,
      );
    }
  }
  return { wait, cancelFutures };
}
