import { availableParallelism } from "node:os";
import { describeValue } from "../core/internal.js";
import type { Scenario } from "./run.js";

/**
 * Options of `explore`.
 * @example
 * await explore(bank, { runs: 5000, seed: 42, strategy: "pct", depth: 3 });
 */
export interface ExploreOptions {
  /** How many schedules to run (default 1000). Run 1 is always the default FIFO order. */
  runs?: number;
  /** The seed the schedules are drawn from (default: a random one, reported with any failure). */
  seed?: number;
  /** "pct" (default: probabilistic concurrency testing, with `depth`) or "random" (uniform). */
  strategy?: "pct" | "random";
  /** PCT's depth d: how many ordering constraints a bug may need (default 3). */
  depth?: number;
  /** A run longer than this many steps is a livelock failure (default 100,000). */
  maxSteps?: number;
  /**
   * Worker threads to explore on in parallel (default 1: this thread). Above the core count it
   * is clamped (and said once). Workers import the scenario, so give `module`.
   */
  workers?: number;
  /** The module that exports the scenario (`import.meta.url`), for `workers` above 1. */
  module?: string | URL;
  /** The scenario's export name in `module` (default: the function's own name). */
  exportName?: string;
  /** Called as runs complete (about every 100 ms): for progress bars. */
  onProgress?: (progress: ExploreProgress) => void;
}

/**
 * Progress of an exploration.
 * @example
 * explore(bank, { onProgress: (p) => console.log(`${p.done}/${p.runs}`) });
 */
export interface ExploreProgress {
  /** Runs finished. */
  readonly done: number;
  /** Runs planned. */
  readonly runs: number;
}

/** The options, checked and with their defaults. @internal */
export interface Settings {
  readonly runs: number;
  readonly seed: number;
  readonly strategy: "pct" | "random";
  readonly depth: number;
  readonly maxSteps: number;
  readonly workers: number;
  readonly module: string | null;
  readonly exportName: string;
  readonly onProgress: ((progress: ExploreProgress) => void) | null;
}

const KNOWN = [
  "runs",
  "seed",
  "strategy",
  "depth",
  "maxSteps",
  "workers",
  "module",
  "exportName",
  "onProgress",
];

const GeneratorFunction = Object.getPrototypeOf(function* () {}).constructor;
const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor;

/** Throws a TypeError naming the problem unless `scenario` is a generator or async function. @internal */
export function checkScenario(call: string, scenario: unknown): asserts scenario is Scenario {
  if (scenario instanceof GeneratorFunction || scenario instanceof AsyncFunction) return;
  const got = describeValue(scenario);
  const hint =
    typeof scenario === "object" && scenario !== null && Symbol.iterator in scenario
      ? ` — pass the function itself (${call.replace("()", "")}(bank), not ${call.replace("()", "")}(bank())): every run needs a fresh coroutine`
      : typeof scenario === "function"
        ? " — make it a generator function (`function*`, waiting with `yield*`) or an async function"
        : "";
  throw new TypeError(
    `${call} needs a scenario: a generator function (or an async function) that it runs once per schedule; got ${got}${hint}`,
  );
}

let clampSaid = false;

/** Checks `explore`'s options and fills in the defaults. @internal */
export function settings(scenario: Scenario, options: unknown): Settings {
  if (options === null || typeof options !== "object") {
    throw new TypeError(
      `explore(scenario, options) takes options like { runs: 1000, seed: 1 }; got ${describeValue(options)}`,
    );
  }
  const o = options as ExploreOptions;
  for (const key of Object.keys(o)) {
    if (!KNOWN.includes(key)) {
      throw new TypeError(
        `explore(): unknown option "${key}"; the options are ${KNOWN.join(", ")}`,
      );
    }
  }
  const runs = whole("runs", o.runs, 1000, 1);
  const seed = whole("seed", o.seed, randomSeed(), 0);
  if (seed > 0xffffffff) {
    throw new RangeError(`explore(): seed must be a whole number from 0 to 2^32-1; got ${seed}`);
  }
  const strategy = o.strategy ?? "pct";
  if (strategy !== "pct" && strategy !== "random") {
    throw new RangeError(
      `explore(): unknown strategy ${JSON.stringify(strategy)}; use "pct" (the default) or "random"`,
    );
  }
  const depth = whole("depth", o.depth, 3, 1);
  const maxSteps = whole("maxSteps", o.maxSteps, 100_000, 1);
  let workers = whole("workers", o.workers, 1, 1);
  const cores = availableParallelism();
  if (workers > cores) {
    if (!clampSaid) {
      clampSaid = true;
      console.warn(
        `spindle explore: workers: ${workers} is more than the ${cores} cores here; using ${cores}`,
      );
    }
    workers = cores;
  }
  const module = o.module === undefined ? null : String(o.module);
  if (workers > 1 && module === null) {
    throw new TypeError(
      `explore(): workers: ${workers} needs to know where the scenario is exported, since each worker thread imports it: pass { module: import.meta.url } (from a module that exports it without side effects)`,
    );
  }
  if (o.onProgress !== undefined && typeof o.onProgress !== "function") {
    throw new TypeError(
      `explore(): onProgress must be a function; got ${describeValue(o.onProgress)}`,
    );
  }
  return {
    runs,
    seed,
    strategy,
    depth,
    maxSteps,
    workers,
    module,
    exportName: o.exportName ?? scenario.name,
    onProgress: o.onProgress ?? null,
  };
}

function whole(name: string, value: unknown, fallback: number, min: number): number {
  if (value === undefined) return fallback;
  if (typeof value !== "number" || !Number.isInteger(value) || value < min) {
    throw new RangeError(
      `explore(): ${name} must be a whole number of at least ${min}; got ${describeValue(value)}`,
    );
  }
  return value;
}

/** A fresh seed for an exploration that was given none (it is reported with every failure). */
function randomSeed(): number {
  return Math.floor(Math.random() * 0x100000000);
}
