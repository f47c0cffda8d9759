/**
 * The determinism guard. While an explored scenario's code runs (a pass of its loop), the clocks
 * and the random generator it can reach are the run's own: `Date.now()` and `performance.now()`
 * follow the virtual clock, `Math.random()` is seeded the same in every run. A real timer is an
 * error naming the call, so a run never depends on real time silently.
 *
 * Outside a pass (the test runner, other code between the loop's turns) every patched global
 * behaves exactly as Node's own: the patch only acts for scenario code. The kernel is untouched:
 * its driver imports Node's timers from `node:timers` and reads `performance` from
 * `node:perf_hooks`; the global `performance` is replaced by a view, never mutated.
 */
import { current } from "./active.js";
import { NondeterminismError } from "./errors.js";

/** Date.now() at loop time 0 in every run: 2024-01-01T00:00:00Z. */
const EPOCH_MS = Date.UTC(2024, 0, 1);

type Globals = Record<string, unknown>;

/** What install() replaced, to put back exactly. */
interface Saved {
  setTimeout: unknown;
  setInterval: unknown;
  setImmediate: unknown;
  dateNow: () => number;
  random: () => number;
  performance: PropertyDescriptor | undefined;
}

let saved: Saved | null = null;

/** A call scenario code must not make: fails the run and throws at the call. */
function refuse(call: string, instead: string): never {
  const error = new NondeterminismError(
    `${call} inside an explored scenario: a real timer fires in real time, so no schedule of it can be explored or replayed; ${instead}`,
    call,
  );
  current.run?.fail("nondeterminism", error);
  throw error;
}

function timer(name: string, instead: string, original: Function): Function {
  const patched = function (this: unknown, ...args: unknown[]) {
    if (current.run?.inPass) refuse(`${name}()`, instead);
    return original.apply(this, args);
  };
  Object.defineProperty(patched, "name", { value: name });
  return patched;
}

/**
 * Patches the globals for the runs to come (idempotent while installed). `uninstall()` puts back
 * what was there; call it in a `finally`.
 * @internal
 */
export function install(): void {
  if (saved !== null) return;
  const g = globalThis as unknown as Globals;
  const dateNow = Date.now;
  const random = Math.random;
  const descriptor = Object.getOwnPropertyDescriptor(globalThis, "performance");
  const perf = globalThis.performance;
  saved = {
    setTimeout: g.setTimeout,
    setInterval: g.setInterval,
    setImmediate: g.setImmediate,
    dateNow,
    random,
    performance: descriptor,
  };
  g.setTimeout = timer(
    "setTimeout",
    "wait with `yield* sleep(seconds)` or schedule with loop.callLater()",
    g.setTimeout as Function,
  );
  g.setInterval = timer(
    "setInterval",
    "loop with `yield* sleep(seconds)` in a task instead",
    g.setInterval as Function,
  );
  g.setImmediate = timer(
    "setImmediate",
    "use `yield;` or loop.callSoon() instead",
    g.setImmediate as Function,
  );
  Date.now = function now() {
    const run = current.run;
    return run?.inPass ? Math.floor(EPOCH_MS + run.loop.time() * 1000) : dateNow.call(Date);
  };
  Math.random = function random_() {
    const run = current.run;
    return run?.inPass ? run.random() : random();
  };
  const now = () => {
    const run = current.run;
    return run?.inPass ? run.loop.time() * 1000 : perf.now();
  };
  const view = new Proxy(perf, {
    get(target, key) {
      if (key === "now") return now;
      const value = Reflect.get(target, key, target);
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
  Object.defineProperty(globalThis, "performance", {
    value: view,
    configurable: true,
    writable: true,
    enumerable: descriptor?.enumerable ?? true,
  });
}

/** Puts back every global install() replaced. Harmless when not installed. @internal */
export function uninstall(): void {
  const s = saved;
  if (s === null) return;
  saved = null;
  const g = globalThis as unknown as Globals;
  g.setTimeout = s.setTimeout;
  g.setInterval = s.setInterval;
  g.setImmediate = s.setImmediate;
  Date.now = s.dateNow;
  Math.random = s.random;
  if (s.performance !== undefined) Object.defineProperty(globalThis, "performance", s.performance);
  else delete (g as { performance?: unknown }).performance;
}
