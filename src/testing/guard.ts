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
type PerfObject = typeof globalThis.performance;

/** The globals install() replaced, to put back exactly (and for the patches to call). */
interface Saved {
  setTimeout: Function;
  setInterval: Function;
  setImmediate: Function;
  dateNow: () => number;
  random: () => number;
  performance: PropertyDescriptor | undefined;
  perf: PerfObject;
}

/** What the patches call outside scenario code: the globals of the latest install(). */
let originals: Saved | null = null;
let installed = false;

/** A call scenario code must not make: fails the run and throws at the call. */
function refuse(call: string, instead: string): never {
  const error = new NondeterminismError(
    `${call} inside an explored scenario: a real timer fires in real time, so no schedule of it can be explored or replayed; ${instead}`,
    call,
  );
  current.run?.fail("nondeterminism", error);
  throw error;
}

function timer(name: "setTimeout" | "setInterval" | "setImmediate", instead: string): Function {
  const patched = function (this: unknown, ...args: unknown[]) {
    if (current.run?.inPass) refuse(`${name}()`, instead);
    return originals![name].apply(this, args);
  };
  Object.defineProperty(patched, "name", { value: name });
  return patched;
}

/** The patched globals: made once, they look at the run in progress when called. */
const patches = {
  setTimeout: timer(
    "setTimeout",
    "wait with `yield* sleep(seconds)` or schedule with loop.callLater()",
  ),
  setInterval: timer("setInterval", "loop with `yield* sleep(seconds)` in a task instead"),
  setImmediate: timer("setImmediate", "use `yield;` or loop.callSoon() instead"),
  dateNow(): number {
    const run = current.run;
    return run?.inPass
      ? Math.floor(EPOCH_MS + run.loop.time() * 1000)
      : originals!.dateNow.call(Date);
  },
  random(): number {
    const run = current.run;
    return run?.inPass ? run.random() : originals!.random();
  },
  perfNow(): number {
    const run = current.run;
    return run?.inPass ? run.loop.time() * 1000 : originals!.perf.now();
  },
};
Object.defineProperty(patches.dateNow, "name", { value: "now" });
Object.defineProperty(patches.random, "name", { value: "random" });
Object.defineProperty(patches.perfNow, "name", { value: "now" });

/** A view of a `performance` object whose now() is the run's: one per object, made once. */
const views = new WeakMap<PerfObject, PerfObject>();

function viewOf(perf: PerfObject): PerfObject {
  let view = views.get(perf);
  if (view === undefined) {
    view = new Proxy(perf, {
      get(target, key) {
        if (key === "now") return patches.perfNow;
        const value = Reflect.get(target, key, target);
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
    views.set(perf, view);
  }
  return view;
}

/**
 * Patches the globals for the run to come (idempotent while installed). `uninstall()` puts back
 * what was there; call it in a `finally`.
 * @internal
 */
export function install(): void {
  if (installed) return;
  installed = true;
  const g = globalThis as unknown as Globals;
  const descriptor = Object.getOwnPropertyDescriptor(globalThis, "performance");
  originals = {
    setTimeout: g.setTimeout as Function,
    setInterval: g.setInterval as Function,
    setImmediate: g.setImmediate as Function,
    dateNow: Date.now,
    random: Math.random,
    performance: descriptor,
    perf: globalThis.performance,
  };
  g.setTimeout = patches.setTimeout;
  g.setInterval = patches.setInterval;
  g.setImmediate = patches.setImmediate;
  Date.now = patches.dateNow;
  Math.random = patches.random;
  Object.defineProperty(globalThis, "performance", {
    value: viewOf(originals.perf),
    configurable: true,
    writable: true,
    enumerable: descriptor?.enumerable ?? true,
  });
}

/** Puts back every global install() replaced. Harmless when not installed. @internal */
export function uninstall(): void {
  const s = originals;
  if (!installed || s === null) return;
  installed = false;
  const g = globalThis as unknown as Globals;
  g.setTimeout = s.setTimeout;
  g.setInterval = s.setInterval;
  g.setImmediate = s.setImmediate;
  Date.now = s.dateNow;
  Math.random = s.random;
  if (s.performance !== undefined) Object.defineProperty(globalThis, "performance", s.performance);
  else delete (g as { performance?: unknown }).performance;
}
