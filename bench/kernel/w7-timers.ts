// W7 timers: 100k timers with pseudo-random delays in [0, 50) ms, the same delays for every
// implementation. Three questions: how long does scheduling them take (the timer heap's insert),
// how long until the last one fired (the heap's pop plus dispatch), and how late each fired.
//
// Lateness is fired time minus (t0 + delay), t0 being the moment just before the first timer
// was scheduled: what a program that asked for the whole batch at t0 experiences. It includes
// the time spent scheduling, which is why a slow insert also shows up as lateness.
//
// Delays are fractional milliseconds (spindle and Python take float seconds; Node accepts
// fractions and fires a delay under 1 ms after 1 ms, which shows up as its lateness).
import type { Body, CaseFactory, Params } from "../lib/case.js";
import { nowMs } from "../lib/clock.js";
import { mulberry32 } from "../lib/prng.js";
import { quantile } from "../lib/stats.js";
import { nodeImpl, pythonImpl, type Workload } from "../lib/workload.js";

const TIMERS = 100_000;
const MAX_DELAY_MS = 50;
const SEED = 7;

/** The delays every implementation schedules, in milliseconds. */
function delaysMs(n: number, seed: number): Float64Array {
  const random = mulberry32(seed);
  return Float64Array.from({ length: n }, () => random() * MAX_DELAY_MS);
}

/** What one run of an implementation hands back for scoring. */
interface Firing {
  t0: number;
  scheduledAt: number;
  fired: Float64Array;
}

function score(delays: Float64Array, { t0, scheduledAt, fired }: Firing) {
  const late = new Float64Array(delays.length);
  let last = 0;
  let checksum = 0;
  for (let i = 0; i < delays.length; i++) {
    late[i] = fired[i]! - (t0 + delays[i]!);
    last = Math.max(last, fired[i]!);
    checksum += delays[i]!;
  }
  return {
    scheduleMs: scheduledAt - t0,
    totalMs: last - t0,
    lateP50Ms: quantile(late, 0.5),
    lateP99Ms: quantile(late, 0.99),
    checksum,
  };
}

function body(once: (delays: Float64Array) => Promise<Firing>, params: Params): Body {
  const delays = delaysMs(params.timers!, params.seed!);
  return async () => score(delays, await once(delays));
}

export const cases: Record<string, CaseFactory> = {
  async spindle(params: Params) {
    const { run, getRunningLoop } = await import("spindle");
    return body((delays) => {
      // spindle counts seconds; convert outside the timed region, as a user's constants would be.
      const seconds = Float64Array.from(delays, (ms) => ms / 1000);
      const fired = new Float64Array(delays.length);
      return run(function* () {
        const loop = getRunningLoop();
        const allFired = loop.createFuture();
        let left = seconds.length;
        const onFire = (i: number) => {
          fired[i] = nowMs();
          if (--left === 0) allFired.setResult(undefined);
        };
        const t0 = nowMs();
        for (let i = 0; i < seconds.length; i++) loop.callLater(seconds[i]!, onFire, i);
        const scheduledAt = nowMs();
        yield* allFired;
        return { t0, scheduledAt, fired };
      });
    }, params);
  },

  async setTimeout(params: Params) {
    return body(
      (delays) =>
        new Promise<Firing>((resolve) => {
          const fired = new Float64Array(delays.length);
          let left = delays.length;
          const onFire = (i: number) => {
            fired[i] = nowMs();
            if (--left === 0) resolve({ t0, scheduledAt, fired });
          };
          const t0 = nowMs();
          for (let i = 0; i < delays.length; i++) setTimeout(onFire, delays[i]!, i);
          const scheduledAt = nowMs();
        }),
      params,
    );
  },
};

const here = import.meta.url;
const params = { timers: TIMERS, seed: SEED };

export const w7: Workload = {
  id: "W7",
  title: `timers: ${TIMERS / 1000}k timers, seeded random delays in [0, ${MAX_DELAY_MS}) ms`,
  metrics: [
    { key: "scheduleMs", label: "schedule ms", unit: "ms", better: "lower" },
    { key: "totalMs", label: "all fired ms", unit: "ms", better: "lower" },
    { key: "lateP50Ms", label: "late p50 ms", unit: "ms", better: "lower" },
    { key: "lateP99Ms", label: "late p99 ms", unit: "ms", better: "lower" },
  ],
  impls: [
    nodeImpl("spindle", "spindle  loop.callLater", here, "spindle", params, { spindle: true }),
    nodeImpl("setTimeout", "Node     setTimeout", here, "setTimeout", params),
    pythonImpl("asyncio", "Python asyncio  loop.call_later", "kernel.py", "w7", params, {
      reps: 3,
    }),
  ],
  targets: [
    { impl: "setTimeout", metric: "scheduleMs", ratio: { op: "<=", limit: 1 } },
    { impl: "setTimeout", metric: "totalMs", ratio: { op: "<=", limit: 1.5 } },
  ],
  checksum: "checksum",
};
