import { TimeoutError } from "../core/index.js";
import { NodeTimer } from "../core/internal.js";
import type { MapOptions } from "./executor.js";
import type { Future } from "./future.js";
import type { JobMode } from "./job.js";

/**
 * `map()` for any pool: zips the iterables (stopping at the shortest, as Python's zip does),
 * submits one job per item or per `chunksize` items, and collects the results in order.
 * @internal
 */
export async function mapOver(
  submit: (mode: JobMode, args: unknown[]) => Future<unknown>,
  _fn: unknown,
  iterablesAndOptions: readonly unknown[],
): Promise<unknown[]> {
  let options: MapOptions = {};
  let iterables = iterablesAndOptions;
  const last = iterables[iterables.length - 1];
  if (last !== null && typeof last === "object" && !(Symbol.iterator in last)) {
    options = last as MapOptions;
    iterables = iterables.slice(0, -1);
  }
  const { chunksize = 1, timeout } = options;
  if (!Number.isInteger(chunksize) || chunksize < 1) {
    throw new RangeError(
      `map(..., { chunksize }): chunksize must be a whole number >= 1, got ${String(chunksize)}`,
    );
  }
  if (timeout !== undefined && (typeof timeout !== "number" || Number.isNaN(timeout))) {
    throw new RangeError(
      `map(..., { timeout }): timeout must be a number of seconds, got ${String(timeout)}`,
    );
  }
  if (iterables.length === 0) {
    throw new TypeError("map(fn, ...iterables): give at least one iterable of arguments");
  }
  for (const it of iterables) {
    if (it === null || typeof it !== "object" || !(Symbol.iterator in (it as object))) {
      throw new TypeError(`map(fn, ...iterables): expected iterables, got ${String(it)}`);
    }
  }
  const iterators = iterables.map((it) => (it as Iterable<unknown>)[Symbol.iterator]());
  const futures: Future<unknown>[] = [];
  // One iterable: chunks of single arguments (mode 2); several: chunks of argument lists (mode 1).
  const mode: JobMode = iterators.length === 1 ? 2 : 1;
  let chunk: unknown[] = [];
  for (;;) {
    const args: unknown[] = [];
    let ended = false;
    for (const it of iterators) {
      const r = it.next();
      if (r.done) {
        ended = true;
        break;
      }
      args.push(r.value);
    }
    if (ended) break;
    if (chunksize === 1) futures.push(submit(0, args));
    else {
      chunk.push(mode === 2 ? args[0] : args);
      if (chunk.length === chunksize) {
        futures.push(submit(mode, chunk));
        chunk = [];
      }
    }
  }
  if (chunk.length > 0) futures.push(submit(mode, chunk));
  const all = Promise.all(futures.map((f) => f.result()));
  let expire: (error: TimeoutError) => void = () => {};
  const expired = new Promise<never>((_, reject) => {
    expire = reject;
  });
  const timer =
    timeout === undefined
      ? null
      : new NodeTimer(() => {
          for (const f of futures) f.cancel();
          expire(
            new TimeoutError(
              `map(): not all results arrived within ${timeout} s; the jobs not started were cancelled`,
            ),
          );
        }, timeout);
  try {
    const results = timer === null ? await all : await Promise.race([all, expired]);
    return chunksize === 1 ? results : (results as unknown[][]).flat(1);
  } catch (error) {
    for (const f of futures) f.cancel();
    all.catch(() => {});
    throw error;
  } finally {
    timer?.cancel();
  }
}
