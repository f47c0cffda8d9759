// W5c/W5d process pool throughput: 20k trivial jobs (x => x + 1) through 2 child processes.
// W5c submits them one by one, then awaits every future (the per-job cost: messages between
// processes, bookkeeping). W5d sends the same jobs as one map() with chunksize 500 (the cost of
// moving data: 40 messages each way). The pools are created and warmed before the clock starts.
//
// Peer: Python's concurrent.futures.ProcessPoolExecutor(2), the same two shapes.
import type { Body, CaseFactory, Params } from "../lib/case.js";
import { timeSeconds } from "../lib/clock.js";
import { nodeImpl, pythonImpl, type Workload } from "../lib/workload.js";

const JOBS = 20_000;
const PROCESSES = 2;
const CHUNK = 500;

/** Times `once`, checks that job i returned i + 1, and reports jobs per second. */
function body(jobs: number, once: (jobs: number) => Promise<number[]>): Body {
  return async () => {
    let results: number[] = [];
    const seconds = await timeSeconds(async () => {
      results = await once(jobs);
    });
    for (let i = 0; i < jobs; i++) {
      if (results[i] !== i + 1) throw new Error(`spindle: job ${i} returned ${results[i]}`);
    }
    return { jobsPerSec: jobs / seconds };
  };
}

async function warmPool() {
  const { ProcessPoolExecutor } = await import("spindle/futures");
  const pool = new ProcessPoolExecutor({ maxWorkers: PROCESSES });
  const addOne = (x: number) => x + 1;
  await Promise.all([pool.submit(addOne, 0), pool.submit(addOne, 0)]);
  return { pool, addOne };
}

export const cases: Record<string, CaseFactory> = {
  async submit({ jobs }: Params) {
    const { pool, addOne } = await warmPool();
    return body(jobs!, (n) => {
      const fs = new Array<Promise<number>>(n);
      for (let i = 0; i < n; i++) fs[i] = pool.submit(addOne, i).result();
      return Promise.all(fs);
    });
  },

  async map({ jobs }: Params) {
    const { pool, addOne } = await warmPool();
    const items = Array.from({ length: jobs! }, (_, i) => i);
    return body(jobs!, () => pool.map(addOne, items, { chunksize: CHUNK }));
  },
};

const here = import.meta.url;
const metric = "jobsPerSec";
const params = { jobs: JOBS };
const metrics = [
  { key: metric, label: "jobs/s", unit: "rate" as const, better: "higher" as const },
];

export const w5c: Workload = {
  id: "W5c",
  title: `process pool throughput: ${JOBS / 1000}k trivial jobs submitted on ${PROCESSES} processes`,
  metrics,
  impls: [
    nodeImpl("spindle", `spindle  ProcessPoolExecutor(${PROCESSES})`, here, "submit", params, {
      spindle: true,
    }),
    pythonImpl("python", `Python ProcessPoolExecutor(${PROCESSES})`, "pools.py", "w5c", params, {
      reps: 3,
    }),
  ],
  targets: [{ impl: "python", metric, ratio: { op: ">=", limit: 1 } }],
};

export const w5d: Workload = {
  id: "W5d",
  title: `process pool map: ${JOBS / 1000}k trivial jobs, chunksize ${CHUNK}, ${PROCESSES} processes`,
  metrics,
  impls: [
    nodeImpl("spindle", `spindle  ProcessPoolExecutor.map`, here, "map", params, {
      spindle: true,
    }),
    pythonImpl("python", `Python ProcessPoolExecutor.map`, "pools.py", "w5d", params, {
      reps: 3,
    }),
  ],
  targets: [],
};
