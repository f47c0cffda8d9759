// W5b sequential round trip: 2,000 jobs one after the other, each submitted only when the previous
// result is in. What is measured is latency: the cost of waking a worker thread and waking the
// main thread back. The floor is a raw postMessage ping-pong with one echo worker. The spin rows
// are the opt-in spin-then-park mode, which busy-polls instead of parking on both sides.
import { Worker } from "node:worker_threads";
import type { Body, CaseFactory, Params } from "../lib/case.js";
import { timeSeconds } from "../lib/clock.js";
import { nodeImpl, pythonImpl, type Workload } from "../lib/workload.js";

const TRIPS = 2_000;
/** Spin mode's window: long enough to bridge the other side's turnaround. */
const SPIN = 200e-6;
const echoWorker = new URL("./echo-worker.js", import.meta.url);

function body(trips: number, once: (trips: number) => Promise<number>): Body {
  return async () => {
    let last = 0;
    const seconds = await timeSeconds(async () => {
      last = await once(trips);
    });
    if (last !== trips) throw new Error(`round trip: ended at ${last}, expected ${trips}`);
    return { tripsPerSec: trips / seconds, usPerTrip: (seconds * 1e6) / trips };
  };
}

export const cases: Record<string, CaseFactory> = {
  async spindle({ trips }: Params) {
    const { ThreadPoolExecutor } = await import("spindle/futures");
    const pool = new ThreadPoolExecutor({ maxWorkers: 1 });
    const addOne = (x: number) => x + 1;
    await pool.submit(addOne, 0);
    return body(trips!, async (n) => {
      let x = 0;
      for (let i = 0; i < n; i++) x = await pool.submit(addOne, x).result();
      return x;
    });
  },

  async spin({ trips }: Params) {
    const { ThreadPoolExecutor } = await import("spindle/futures");
    const pool = new ThreadPoolExecutor({ maxWorkers: 1, spin: SPIN });
    const addOne = (x: number) => x + 1;
    await pool.submit(addOne, 0);
    return body(trips!, async (n) => {
      let x = 0;
      for (let i = 0; i < n; i++) x = await pool.submit(addOne, x);
      return x;
    });
  },

  async spinSync({ trips }: Params) {
    const { ThreadPoolExecutor } = await import("spindle/futures");
    const pool = new ThreadPoolExecutor({ maxWorkers: 1, spin: SPIN });
    const addOne = (x: number) => x + 1;
    await pool.submit(addOne, 0);
    return body(trips!, async (n) => {
      let x = 0;
      for (let i = 0; i < n; i++) x = pool.submit(addOne, x).resultSync();
      return x;
    });
  },

  async raw({ trips }: Params) {
    const worker = new Worker(echoWorker);
    worker.unref();
    return body(trips!, async (n) => {
      worker.ref();
      let x = 0;
      for (let i = 0; i < n; i++) {
        x = await new Promise<number>((resolve) => {
          worker.once("message", resolve);
          worker.postMessage(x);
        });
      }
      worker.unref();
      return x;
    });
  },
};

const here = import.meta.url;
const params = { trips: TRIPS };

export const w5b: Workload = {
  id: "W5b",
  title: `sequential round trip: ${TRIPS} jobs, one at a time, on one worker thread`,
  metrics: [
    { key: "tripsPerSec", label: "trips/s", unit: "rate", better: "higher" },
    { key: "usPerTrip", label: "µs/trip", unit: "µs", better: "lower" },
  ],
  impls: [
    nodeImpl("spindle", "spindle  ThreadPoolExecutor(1)", here, "spindle", params, {
      spindle: true,
    }),
    nodeImpl("spin", "spindle  spin 200 µs, await", here, "spin", params, { spindle: true }),
    nodeImpl("spinSync", "spindle  spin 200 µs, resultSync()", here, "spinSync", params, {
      spindle: true,
    }),
    nodeImpl("raw", "raw postMessage ping-pong", here, "raw", params),
    pythonImpl("python", "Python ThreadPoolExecutor(1)", "pools.py", "w5b", params, { reps: 3 }),
  ],
  targets: [
    { impl: "raw", metric: "tripsPerSec", ratio: { op: ">=", limit: 1 / 1.1 } },
    { impl: "spinSync", metric: "usPerTrip", value: { op: "<=", limit: 5 } },
  ],
};
