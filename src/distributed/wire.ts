// What travels through Redis: a job's data, its result, its error. Everything is JSON (BullMQ
// stores job data and return values as JSON), so values JSON would silently change — a Map that
// becomes {}, a Date that becomes a string, NaN that becomes null — are refused with a message
// naming where they are, instead of arriving altered.
import { describeValue } from "../core/internal.js";

/**
 * How a job's `a` (args) is laid out, as in the pools: 0, `fn(...a)`; 1, a chunk of argument
 * lists; 2, a chunk of single arguments. @internal
 */
export type WireMode = 0 | 1 | 2;

/**
 * A job's data in Redis (short keys: it is stored once per job).
 *
 *     { m: module URL, n: export name, k: mode, a: args, r: 1 if it may run again after its
 *       worker was lost, t: timeout in seconds (absent: none), c: 1 once the submitter
 *       cancelled it (set on a job that may have started) }
 * @internal
 */
export interface WireJob {
  readonly m: string;
  readonly n: string;
  readonly k: WireMode;
  readonly a: unknown[];
  readonly r: 0 | 1;
  readonly t?: number;
  readonly c?: 1;
}

/** The largest job data or result, in bytes of JSON, unless the executor or worker says otherwise. */
export const DEFAULT_MAX_PAYLOAD = 1 << 20;

/**
 * Throws a TypeError naming the first value inside `value` that JSON would not carry unchanged
 * (`what` names the value, e.g. "the arguments"), or a RangeError if its JSON text is over `max`
 * bytes. The walk bounds the size from above (each character at most 6 bytes of JSON, each number
 * at most 24), so the text is made only when it might be too large: BullMQ makes it once anyway.
 * @internal
 */
export function checkPayload(value: unknown, what: string, where: string, max: number): void {
  const bound = checkJson(value, what, where, new Set());
  if (bound <= max) return;
  const bytes = Buffer.byteLength(JSON.stringify(value) ?? "null");
  if (bytes > max) {
    throw new RangeError(
      `${where}: ${what} is ${bytes} bytes of JSON, over the bound of ${max} bytes (maxPayload); store large data elsewhere (a file, an object store) and pass its key, or raise maxPayload`,
    );
  }
}

/** Checks `value` (see checkPayload) and returns an upper bound of its JSON size in bytes. */
function checkJson(value: unknown, path: string, where: string, seen: Set<object>): number {
  if (typeof value === "string") return 2 + 6 * value.length;
  if (typeof value === "boolean" || value === null) return 5;
  if (typeof value === "number") {
    if (!Number.isFinite(value)) refuse(path, `${value}`, "JSON turns it into null", where);
    return 24;
  }
  if (typeof value !== "object") {
    refuse(path, describeValue(value), "JSON cannot carry it", where);
  }
  if (seen.has(value)) refuse(path, "a cycle", "JSON cannot carry cycles", where);
  let size = 2;
  if (Array.isArray(value)) {
    seen.add(value);
    for (let i = 0; i < value.length; i++) {
      if (value[i] === undefined) {
        refuse(`${path}[${i}]`, "undefined", "JSON turns it into null", where);
      }
      size += 1 + checkJson(value[i], `${path}[${i}]`, where, seen);
    }
    seen.delete(value);
    return size;
  }
  const proto = Object.getPrototypeOf(value);
  if (proto !== Object.prototype && proto !== null) {
    refuse(
      path,
      describeValue(value),
      "JSON keeps only plain objects and arrays (it would arrive changed or empty)",
      where,
    );
  }
  seen.add(value);
  for (const key of Object.keys(value)) {
    const v = (value as Record<string, unknown>)[key];
    if (v === undefined) continue; // dropped by JSON, as a missing key reads the same
    size += 4 + 6 * key.length + checkJson(v, `${path}.${key}`, where, seen);
  }
  seen.delete(value);
  return size;
}

function refuse(path: string, what: string, why: string, where: string): never {
  throw new TypeError(
    `${where}: ${path} is ${what}, which cannot travel through Redis (${why}); pass plain data — strings, finite numbers, booleans, null, arrays and plain objects (a Date as date.toISOString(), a Map as Object.fromEntries(map))`,
  );
}

/**
 * The message a worker fails a job with: `Name: message`, so that BullMQ's `failedReason`
 * (what dashboards show) reads like a Node error and the submitter can rebuild the type name.
 * @internal
 */
export function failedReason(error: unknown): string {
  if (error instanceof Error) return `${error.name || "Error"}: ${error.message}`;
  return `Error: a job threw a non-Error value: ${describeValue(error)}`;
}

const BUILTIN: Record<string, ErrorConstructor> = {
  Error,
  TypeError,
  RangeError,
  ReferenceError,
  SyntaxError,
  EvalError,
  URIError,
};

/**
 * Rebuilds an error from a `failedReason` and the worker's stack (when known): the matching
 * built-in class, or `classes[name]`, or Error with that name. @internal
 */
export function rebuildError(
  reason: string,
  stack: string | undefined,
  classes: Record<string, new (message: string) => Error>,
): Error {
  const match = /^([A-Za-z_$][\w$]*): ([\s\S]*)$/.exec(reason);
  const name = match?.[1] ?? "Error";
  const message = match?.[2] ?? reason;
  const Ctor = classes[name] ?? BUILTIN[name] ?? Error;
  const error = new Ctor(message);
  if (error.name !== name) {
    Object.defineProperty(error, "name", { value: name, configurable: true, writable: true });
  }
  if (stack !== undefined && stack !== "") error.stack = stack;
  return error;
}
