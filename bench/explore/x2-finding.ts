// X2, X2d, X3 finding rates: for 100 seeds, does an exploration of 100 schedules find the bug,
// and on which run? Deterministic (seeds 1..100), so one repetition says it all. fast-check's
// scheduler runs the same races written as async functions whose awaits it orders.
import type { Body, CaseFactory, Params } from "../lib/case.js";
import { nodeImpl, type Workload } from "../lib/workload.js";

const SEEDS = 100;
const RUNS = 100;

/** The sample: how many seeds found it, and (when any did) the median run that found it. */
function sample(found: number[], withCycle: number): Record<string, number> {
  if (found.length === 0) return { found: 0, withCycle };
  const sorted = [...found].sort((a, b) => a - b);
  return { found: found.length, withCycle, medianRun: sorted[Math.floor(sorted.length / 2)]! };
}

/** Explores `scenario` for seeds 1..SEEDS; counts the finds of `kind`. */
async function spindleFinds(
  scenario: "lostUpdate" | "deepLostUpdate" | "lockOrder",
  strategy: "pct" | "random",
  runs: number,
  kind: string,
): Promise<Body> {
  const { explore, ScheduleFailure } = await import("spindle/testing");
  const { DeadlockError } = await import("spindle");
  const scenarios = await import("./scenarios.js");
  return async () => {
    const found: number[] = [];
    let withCycle = 0;
    for (let seed = 1; seed <= SEEDS; seed++) {
      try {
        await explore(scenarios[scenario], { runs, seed, strategy });
      } catch (error) {
        if (!(error instanceof ScheduleFailure) || error.kind !== kind) throw error;
        found.push(error.run);
        const cause = error.cause;
        if (cause instanceof DeadlockError && cause.cycle !== null && cause.cycle.length > 1) {
          withCycle++;
        }
      }
    }
    return sample(found, withCycle);
  };
}

/** The same races for fast-check: async functions whose scheduled awaits its scheduler orders. */
async function fastCheckFinds(lateYields: number, tasks: 2 | 3): Promise<Body> {
  const fc = await import("fast-check");
  return async () => {
    const found: number[] = [];
    for (let seed = 1; seed <= SEEDS; seed++) {
      const property = fc.asyncProperty(fc.scheduler(), async (s) => {
        let counter = 0;
        const add = async (yields: number, gap: boolean) => {
          for (let i = 0; i < yields; i++) await s.schedule(Promise.resolve());
          const seen = counter;
          if (gap) await s.schedule(Promise.resolve());
          counter = seen + 1;
        };
        const all =
          tasks === 3
            ? [add(0, true), add(2, false), add(lateYields, true)]
            : [add(0, true), add(lateYields, true)];
        await s.waitIdle();
        await Promise.all(all);
        return counter === all.length;
      });
      const result = await fc.check(property, { numRuns: RUNS, seed, endOnFailure: true });
      if (result.failed) found.push(result.numRuns);
    }
    return sample(found, 0);
  };
}

export const cases: Record<string, CaseFactory> = {
  lostPct: async ({ runs }: Params) => spindleFinds("lostUpdate", "pct", runs!, "lost-update"),
  lostRandom: async ({ runs }: Params) =>
    spindleFinds("lostUpdate", "random", runs!, "lost-update"),
  lostDefault: async () => spindleFinds("lostUpdate", "pct", 1, "lost-update"),
  lostFastCheck: async () => fastCheckFinds(3, 3),
  deepPct: async ({ runs }: Params) => spindleFinds("deepLostUpdate", "pct", runs!, "lost-update"),
  deepRandom: async ({ runs }: Params) =>
    spindleFinds("deepLostUpdate", "random", runs!, "lost-update"),
  deepFastCheck: async () => fastCheckFinds(12, 2),
  lockPct: async ({ runs }: Params) => spindleFinds("lockOrder", "pct", runs!, "deadlock"),
  lockRandom: async ({ runs }: Params) => spindleFinds("lockOrder", "random", runs!, "deadlock"),
};

const here = import.meta.url;
const once = { reps: 1, warmup: 0 };
const found = {
  key: "found",
  label: `seeds found (of ${SEEDS})`,
  unit: "count",
  better: "higher",
} as const;
const medianRun = {
  key: "medianRun",
  label: "median run found",
  unit: "count",
  better: "lower",
} as const;

export const x2: Workload = {
  id: "X2",
  title: `a lost update FIFO does not show (3 tasks, one yields 3 times first): ${RUNS} schedules per seed, ${SEEDS} seeds`,
  metrics: [found, medianRun],
  impls: [
    nodeImpl(
      "pct",
      "spindle explore, pct",
      here,
      "lostPct",
      { runs: RUNS },
      { spindle: true, ...once },
    ),
    nodeImpl("random", "spindle explore, random", here, "lostRandom", { runs: RUNS }, once),
    nodeImpl("default", "the default order alone (run 1)", here, "lostDefault", { runs: 1 }, once),
    nodeImpl("fast-check", "fast-check 4 scheduler", here, "lostFastCheck", { runs: RUNS }, once),
  ],
  targets: [{ impl: "pct", metric: "found", value: { op: ">=", limit: 99 } }],
};

export const x2d: Workload = {
  id: "X2d",
  title: `the same race made deep (one task must run 13 steps in a row): ${RUNS} schedules per seed. Report only`,
  metrics: [found, medianRun],
  impls: [
    nodeImpl(
      "pct",
      "spindle explore, pct",
      here,
      "deepPct",
      { runs: RUNS },
      { spindle: true, ...once },
    ),
    nodeImpl("random", "spindle explore, random", here, "deepRandom", { runs: RUNS }, once),
    nodeImpl("fast-check", "fast-check 4 scheduler", here, "deepFastCheck", { runs: RUNS }, once),
  ],
  targets: [],
};

export const x3: Workload = {
  id: "X3",
  title: `a lock-order deadlock only some orders reach: ${RUNS} schedules per seed, ${SEEDS} seeds`,
  metrics: [
    found,
    { key: "withCycle", label: "reported with its cycle", unit: "count", better: "higher" },
    medianRun,
  ],
  impls: [
    nodeImpl(
      "pct",
      "spindle explore, pct",
      here,
      "lockPct",
      { runs: RUNS },
      { spindle: true, ...once },
    ),
    nodeImpl("random", "spindle explore, random", here, "lockRandom", { runs: RUNS }, once),
  ],
  targets: [
    { impl: "pct", metric: "found", value: { op: ">=", limit: 99 } },
    { impl: "pct", metric: "withCycle", value: { op: ">=", limit: 99 } },
  ],
};
