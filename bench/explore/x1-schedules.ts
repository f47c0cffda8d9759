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

/** What one exploration took: schedules per second of wall time and of CPU time (all threads). */
interface Rates {
  perSecond: number;
  perCpuSecond: number;
  /** CPU seconds per wall second: how many cores the process actually got. */
  cores: number;
}

/** Runs `runs` schedules on `workers` threads; checks they all ran. */
async function explored(runs: number, workers: number): Promise<Rates> {
  const { explore } = await import("spindle/testing");
  const { twoTasks } = await import("./scenarios.js");
  const cpu0 = process.cpuUsage();
  const seconds = await timeSeconds(async () => {
    const result = await explore(twoTasks, {
      runs,
      seed: seed++,
      workers,
      ...(workers > 1 ? { module: scenarios } : {}),
    });
    if (result.runs !== runs) throw new Error(`explored ${result.runs} of ${runs} runs`);
  });
  const cpu = process.cpuUsage(cpu0);
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  return {
    perSecond: runs / seconds,
    perCpuSecond: runs / cpuSeconds,
    cores: cpuSeconds / seconds,
  };
}

function sample(r: Rates): Record<string, number> {
  return { runsPerSec: r.perSecond, runsPerCpuSec: r.perCpuSecond, cores: r.cores };
}

export const cases: Record<string, CaseFactory> = {
  async oneThread({ runs }: Params): Promise<Body> {
    return async () => sample(await explored(runs!, 1));
  },

  async twoWorkers({ runs }: Params): Promise<Body> {
    // The speedup is measured against a one-thread run in the same repetition, so both see the
    // same machine load.
    return async () => {
      const one = await explored(runs!, 1);
      const two = await explored(runs!, 2);
      return { ...sample(two), speedup: two.perSecond / one.perSecond };
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
      const cpu0 = process.cpuUsage();
      const seconds = await timeSeconds(() =>
        fc.assert(property, { numRuns: runs!, seed: seed++ }),
      );
      const cpu = process.cpuUsage(cpu0);
      const cpuSeconds = (cpu.user + cpu.system) / 1e6;
      if (checked !== runs) throw new Error(`fast-check ran ${checked} of ${runs}`);
      return sample({
        perSecond: runs! / seconds,
        perCpuSecond: runs! / cpuSeconds,
        cores: cpuSeconds / seconds,
      });
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
    // Load-independent: on a shared machine a process gets what cores are free, and these two
    // rows say how much work a schedule costs and how many cores the run really had.
    { key: "runsPerCpuSec", label: "schedules per CPU-second", unit: "rate", better: "higher" },
    { key: "cores", label: "cores used (CPU s / wall s)", unit: "ratio", better: "higher" },
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
