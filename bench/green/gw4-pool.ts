// gevent W4 Pool(10) over 300k jobs: pool.map of a job that yields once (sleep(0)) and returns
// its input. What a bounded pool costs per job: waiting for a slot, a green thread, its result.
import type { Body, CaseFactory, Params } from "../lib/case.js";
import { timeSeconds } from "../lib/clock.js";
import { nodeImpl, pythonImpl, type Workload } from "../lib/workload.js";

const JOBS = 300_000;
const SIZE = 10;

function body(who: string, jobs: number, once: (jobs: number) => Promise<number>): Body {
  return async () => {
    let sum = 0;
    const seconds = await timeSeconds(async () => {
      sum = await once(jobs);
    });
    const expected = (jobs * (jobs - 1)) / 2;
    if (sum !== expected) throw new Error(`${who}: results sum to ${sum}, expected ${expected}`);
    return { jobsPerSec: jobs / seconds };
  };
}

export const cases: Record<string, CaseFactory> = {
  async spindle({ jobs, size }: Params) {
    const { pool, run, sleep } = await import("spindle/gevent");
    function* job(n: number) {
      yield* sleep(0);
      return n;
    }
    return body("spindle gevent", jobs!, (n) =>
      run(function* () {
        const p = new pool.Pool(size!);
        const items = Array.from({ length: n }, (_, i) => i);
        const results = yield* p.map(job, items);
        let sum = 0;
        for (const r of results) sum += r;
        return sum;
      }),
    );
  },
};

const here = import.meta.url;
const metric = "jobsPerSec";
const params = { jobs: JOBS, size: SIZE };

export const gw4: Workload = {
  id: "W4g",
  title: `gevent Pool(${SIZE}).map over ${JOBS / 1000}k jobs (each sleep(0) once)`,
  metrics: [{ key: metric, label: "jobs/s", unit: "rate", better: "higher" }],
  impls: [
    nodeImpl("spindle", "spindle/gevent  Pool(10).map", here, "spindle", params, { spindle: true }),
    pythonImpl("gevent", "Python gevent  Pool(10).map", "green.py", "gevent_w4", params, {
      reps: 3,
    }),
  ],
  targets: [{ impl: "gevent", metric, ratio: { op: ">=", limit: 5 } }],
};
