// X1 schedules per second: explore() end to end (a fresh loop per schedule, the run, its
// bookkeeping) on a 2-task scenario of about 50 steps, on one thread and on two worker threads,
// beside fast-check's scheduler running the same shape (two async functions of 24 scheduled
// awaits each, in an order its scheduler draws).
import type { Body, CaseFactory, Params } from "../lib/case.js";
import { timeSeconds } from "../lib/clock.js";
import { nodeImpl, type Workload } from "../lib/workload.js";

const RUNS = 200_000;
const scenarios = new URL("./scenarios.js", import.meta.url).href;
let seed = 1;

/** Runs `runs` schedules on `workers` threads; checks they all ran. */
async function explored(runs: number, workers: number): Promise<number> {
  const { explore } = await import("spindle/testing");
  const { twoTasks } = await import("./scenarios.js");
  const seconds = await timeSeconds(async () => {
    const result = await explore(twoTasks, {
      runs,
      seed: seed++,
      workers,
      ...(workers > 1 ? { module: scenarios } : {}),
    });
    if (result.runs !== runs) throw new Error(`explored ${result.runs} of ${runs} runs`);
  });
  return runs / seconds;
}

export const cases: Record<string, CaseFactory> = {
  async oneThread({ runs }: Params): Promise<Body> {
    return async () => ({ runsPerSec: await explored(runs!, 1) });
  },

  async twoWorkers({ runs }: Params): Promise<Body> {
    // The speedup is measured against a one-thread run in the same repetition, so both see the
    // same machine load.
    return async () => {
      const one = await explored(runs!, 1);
      const two = await explored(runs!, 2);
      return { runsPerSec: two, speedup: two / one };
    };
  },

  async fastCheck({ runs }: Params): Promise<Body> {
    const fc = await import("fast-check");
    return async () => {
      let checked = 0;
      const property = fc.asyncProperty(fc.scheduler(), async (s) => {
        const side = async () => {
          for (let i = 0; i < 24; i++) await s.schedule(Promise.resolve());
        };
        const both = Promise.all([side(), side()]);
        await s.waitIdle();
        await both;
        checked++;
      });
      const seconds = await timeSeconds(() =>
        fc.assert(property, { numRuns: runs!, seed: seed++ }),
      );
      if (checked !== runs) throw new Error(`fast-check ran ${checked} of ${runs}`);
      return { runsPerSec: runs! / seconds };
    };
  },
};

const here = import.meta.url;

export const x1: Workload = {
  id: "X1",
  title: `schedules/s: explore() of a 2-task, ~50-step scenario, ${RUNS / 1000}k runs`,
  metrics: [
    { key: "runsPerSec", label: "schedules/s", unit: "rate", better: "higher" },
    { key: "speedup", label: "2 workers / 1 thread", unit: "ratio", better: "higher" },
  ],
  impls: [
    nodeImpl(
      "one",
      "spindle explore, 1 thread",
      here,
      "oneThread",
      { runs: RUNS },
      { spindle: true },
    ),
    nodeImpl(
      "two",
      "spindle explore, workers: 2",
      here,
      "twoWorkers",
      { runs: RUNS },
      { spindle: true, reps: 3 },
    ),
    nodeImpl("fast-check", "fast-check 4 scheduler", here, "fastCheck", { runs: 4000 }),
  ],
  targets: [
    { impl: "one", metric: "runsPerSec", value: { op: ">=", limit: 20_000 } },
    { impl: "two", metric: "speedup", value: { op: ">=", limit: 1.7 } },
  ],
};
