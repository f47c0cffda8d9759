// The options of serve() and `spindle worker`, checked at the call. Times are in seconds.
import { hostname } from "node:os";
import { describeValue } from "../core/internal.js";
import { type Connection, parseConnection, type RedisTarget } from "./connection.js";
import { moduleKey } from "./modules.js";
import { checkQueueName, checkSeconds } from "./options.js";
import { DEFAULT_MAX_PAYLOAD } from "./wire.js";

/**
 * Options of {@link serve} (and the flags of `spindle worker`).
 * @example
 * await serve({ queue: "jobs", connection: "redis://127.0.0.1:6379", module: "./tasks.js", concurrency: 4 });
 */
export interface ServeOptions {
  /** The queue to take jobs from (no `:`, Redis's key separator). */
  readonly queue: string;
  /** Where Redis is: `redis://HOST:PORT` or `{ host, port }`. */
  readonly connection: Connection;
  /**
   * The module(s) whose exported functions jobs may call: paths (relative to the current
   * directory), `file:` URLs or package names. Jobs naming any other module fail.
   */
  readonly module: string | URL | readonly (string | URL)[];
  /** Jobs run at once in this process (default 1). */
  readonly concurrency?: number;
  /**
   * Run jobs on a ThreadPoolExecutor of this many threads instead of this process's own thread
   * (default 0): for CPU-bound jobs. Then a job that ignores cancellation has its thread replaced.
   */
  readonly threads?: number;
  /** Seconds a cancelled running job may go on before the worker fails it and is replaced (default 5). */
  readonly cancelGrace?: number;
  /** Seconds a job's lock lasts; it is renewed every half of it while the job runs (default 30). */
  readonly lockDuration?: number;
  /** Seconds between checks for jobs whose worker was lost (default 30). */
  readonly stalledInterval?: number;
  /** Times a job may be recovered from a lost worker before it fails with WorkerLostError (default 1). */
  readonly maxStalledCount?: number;
  /** Seconds an idle worker waits for a job per Redis call (default 5: one call per 5 s when idle). */
  readonly drainDelay?: number;
  /** Seconds to wait for Redis before giving up (default 5). */
  readonly connectTimeout?: number;
  /** The largest result, in bytes of JSON (default 1 MiB); a larger one fails its job. */
  readonly maxPayload?: number;
  /** Where state changes are logged, one line each (default: standard error); null for silence. */
  readonly log?: ((line: string) => void) | null;
  /** This worker's name in logs and in BullMQ's job records (default `HOSTNAME:PID`). */
  readonly name?: string;
}

/** Checked serve() options. @internal */
export interface ServeConfig {
  readonly queue: string;
  readonly target: RedisTarget;
  readonly modules: readonly string[];
  readonly concurrency: number;
  readonly threads: number;
  readonly cancelGrace: number;
  readonly lockDuration: number;
  readonly stalledInterval: number;
  readonly maxStalledCount: number;
  readonly drainDelay: number;
  readonly connectTimeout: number;
  readonly maxPayload: number;
  readonly log: (line: string) => void;
  readonly name: string;
}

/** Checks serve()'s options; every failure is a TypeError or RangeError naming the option. @internal */
export function checkServeOptions(options: ServeOptions, where: string): ServeConfig {
  if (options === null || typeof options !== "object") {
    throw new TypeError(
      `${where}: expected options { queue, connection, module, … }, got ${describeValue(options)}`,
    );
  }
  const list = Array.isArray(options.module) ? options.module : [options.module];
  if (list.length === 0) {
    throw new TypeError(`${where}: module must name at least one module whose functions jobs call`);
  }
  const modules = list.map((m: unknown) => moduleKey(m, process.cwd(), where));
  const whole = (name: string, value: unknown, fallback: number, min: number): number => {
    const v = value ?? fallback;
    if (!Number.isInteger(v) || (v as number) < min) {
      throw new RangeError(
        `${where}: ${name} must be a whole number >= ${min}, got ${String(value)}`,
      );
    }
    return v as number;
  };
  const log =
    options.log === null
      ? () => {}
      : (options.log ?? ((line: string) => process.stderr.write(`${line}\n`)));
  return {
    queue: checkQueueName(options.queue, where),
    target: parseConnection(options.connection, where),
    modules,
    concurrency: whole("concurrency", options.concurrency, 1, 1),
    threads: whole("threads", options.threads, 0, 0),
    cancelGrace: checkSeconds(options.cancelGrace, 5, "cancelGrace", where, true),
    lockDuration: checkSeconds(options.lockDuration, 30, "lockDuration", where),
    stalledInterval: checkSeconds(options.stalledInterval, 30, "stalledInterval", where),
    maxStalledCount: whole("maxStalledCount", options.maxStalledCount, 1, 0),
    drainDelay: checkSeconds(options.drainDelay, 5, "drainDelay", where),
    connectTimeout: checkSeconds(options.connectTimeout, 5, "connectTimeout", where),
    maxPayload: whole("maxPayload", options.maxPayload, DEFAULT_MAX_PAYLOAD, 1),
    log,
    name: options.name ?? `${hostname()}:${process.pid}`,
  };
}
