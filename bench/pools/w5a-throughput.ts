// W5a pool throughput: 20k trivial jobs (x => x + 1) through a pool of 2 worker threads, all
// submitted at once, all results collected. What is measured is the pool's per-job overhead:
// messages, bookkeeping and wake-ups. The pools are created and warmed before the clock starts.
//
// Peers: piscina and tinypool (the pools Node users pick; one message per task); a raw
// postMessage per job to 2 echo workers (the floor of the one-message-per-job design); Python's
// ThreadPoolExecutor(2).
import { Worker } from "node:worker_threads";
import type { Body, CaseFactory, Params } from "../lib/case.js";
import { timeSeconds } from "../lib/clock.js";
import { nodeImpl, pythonImpl, type Workload } from "../lib/workload.js";

const JOBS = 20_000;
const WORKERS = 2;
const taskWorker = new URL("./task-worker.js", import.meta.url);
const echoWorker = new URL("./echo-worker.js", import.meta.url);

/** Times `once`, checks that job i returned i + 1, and reports jobs per second. */
function body(who: string, jobs: number, once: (jobs: number) => Promise<number[]>): Body {
  return async () => {
    let results: number[] = [];
    const seconds = await timeSeconds(async () => {
      results = await once(jobs);
    });
    for (let i = 0; i < jobs; i++) {
      if (results[i] !== i + 1) throw new Error(`${who}: job ${i} returned ${results[i]}`);
    }
    return { jobsPerSec: jobs / seconds };
  };
}

export const cases: Record<string, CaseFactory> = {
  async spindle({ jobs }: Params) {
    const { ThreadPoolExecutor } = await import("spindle/futures");
    const pool = new ThreadPoolExecutor({ maxWorkers: WORKERS });
    const addOne = (x: number) => x + 1;
    await Promise.all([pool.submit(addOne, 0), pool.submit(addOne, 0)]);
    return body("spindle", jobs!, (n) => {
      const fs = new Array<Promise<number>>(n);
      for (let i = 0; i < n; i++) fs[i] = pool.submit(addOne, i).result();
      return Promise.all(fs);
    });
  },

  async piscina({ jobs }: Params) {
    const { Piscina } = await import("piscina");
    const pool = new Piscina({
      filename: taskWorker.href,
      minThreads: WORKERS,
      maxThreads: WORKERS,
    });
    await Promise.all([pool.run(0), pool.run(0)]);
    return body("piscina", jobs!, (n) => {
      const fs = new Array<Promise<number>>(n);
      for (let i = 0; i < n; i++) fs[i] = pool.run(i);
      return Promise.all(fs);
    });
  },

  async tinypool({ jobs }: Params) {
    const { default: Tinypool } = await import("tinypool");
    const pool = new Tinypool({
      filename: taskWorker.href,
      minThreads: WORKERS,
      maxThreads: WORKERS,
    });
    await Promise.all([pool.run(0), pool.run(0)]);
    return body("tinypool", jobs!, (n) => {
      const fs = new Array<Promise<number>>(n);
      for (let i = 0; i < n; i++) fs[i] = pool.run(i) as Promise<number>;
      return Promise.all(fs);
    });
  },

  async raw({ jobs }: Params) {
    const workers = Array.from({ length: WORKERS }, () => new Worker(echoWorker));
    for (const w of workers) w.unref();
    return body("raw postMessage", jobs!, (n) => {
      const results = new Array<number>(n);
      let left = n;
      for (const w of workers) w.ref(); // while jobs are out; unref'd between runs so the child can exit
      return new Promise<number[]>((resolve) => {
        workers.forEach((w, k) => {
          let next = k; // worker k answers jobs k, k + WORKERS, … in order
          w.removeAllListeners("message");
          w.on("message", (v: number) => {
            results[next] = v;
            next += WORKERS;
            if (--left === 0) {
              for (const x of workers) x.unref();
              resolve(results);
            }
          });
        });
        for (let i = 0; i < n; i++) (workers[i % WORKERS] as Worker).postMessage(i);
      });
    });
  },
};

const here = import.meta.url;
const metric = "jobsPerSec";
const params = { jobs: JOBS };

export const w5a: Workload = {
  id: "W5a",
  title: `pool throughput: ${JOBS / 1000}k trivial jobs on ${WORKERS} worker threads`,
  metrics: [{ key: metric, label: "jobs/s", unit: "rate", better: "higher" }],
  impls: [
    nodeImpl("spindle", `spindle  ThreadPoolExecutor(${WORKERS})`, here, "spindle", params, {
      spindle: true,
    }),
    nodeImpl("piscina", `piscina (${WORKERS} threads)`, here, "piscina", params),
    nodeImpl("tinypool", `tinypool (${WORKERS} threads)`, here, "tinypool", params),
    nodeImpl("raw", "raw postMessage, one per job", here, "raw", params),
    pythonImpl("python", `Python ThreadPoolExecutor(${WORKERS})`, "pools.py", "w5a", params, {
      reps: 3,
    }),
  ],
  targets: [
    { impl: "piscina", metric, ratio: { op: ">=", limit: 3 } },
    { impl: "tinypool", metric, ratio: { op: ">=", limit: 3 } },
    { impl: "python", metric, ratio: { op: ">=", limit: 1 } },
  ],
};
