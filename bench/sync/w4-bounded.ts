// W4 bounded concurrency: 300k jobs, at most 10 running at once. The asyncio way: a task per job,
// each taking a Semaphore(10) around its work, all gathered. Every job is a tiny coroutine that
// yields once (its "I/O"), so the cost measured is the limiter itself: 300k task lives, 300k
// semaphore waits and hand-offs, and collecting 300k results in order.
//
// Peers: effect's `Effect.forEach(jobs, job, { concurrency: 10 })` (a fiber per running job) with
// `Effect.yieldNow` as the yield; p-limit(10) + Promise.all with `await null` (the cheapest yield
// a promise has); Python `asyncio.Semaphore(10)` + `gather` with `asyncio.sleep(0)`. Every
// implementation checks the results' sum and that exactly `limit` jobs were running at the peak.
import type { Body, CaseFactory, Params } from "../lib/case.js";
import { timeSeconds } from "../lib/clock.js";
import { nodeImpl, pythonImpl, type Workload } from "../lib/workload.js";

const JOBS = 300_000;
const LIMIT = 10;
/** asyncio parks 300k tasks on one semaphore at ~40k jobs/s: 30k keep a run under a second. */
const PYTHON_JOBS = 30_000;

/** How many jobs are running now, and the most that ever were. */
class Concurrency {
  now = 0;
  peak = 0;

  enter(): void {
    if (++this.now > this.peak) this.peak = this.now;
  }

  leave(): void {
    this.now--;
  }
}

/** Times `once`, which returns the jobs' results; checks the results and the peak concurrency. */
function body(
  who: string,
  { jobs, limit }: Params,
  once: (jobs: number, limit: number, c: Concurrency) => Promise<number[]>,
): Body {
  return async () => {
    const c = new Concurrency();
    let results: number[] = [];
    const seconds = await timeSeconds(async () => {
      results = await once(jobs!, limit!, c);
    });
    let sum = 0;
    for (const r of results) sum += r;
    if (results.length !== jobs || sum !== (jobs! * (jobs! - 1)) / 2 || c.peak !== limit) {
      throw new Error(
        `${who}: ${results.length} results summing to ${sum}, peak concurrency ${c.peak} (limit ${limit})`,
      );
    }
    return { jobsPerSec: jobs! / seconds };
  };
}

export const cases: Record<string, CaseFactory> = {
  async spindle(params: Params) {
    const { run, gatherAll, Semaphore, sleep } = await import("spindle");
    type Semaphore = InstanceType<typeof Semaphore>;
    function* job(i: number, semaphore: Semaphore, c: Concurrency) {
      yield* semaphore.acquire();
      try {
        c.enter();
        yield* sleep(0);
        c.leave();
        return i;
      } finally {
        semaphore.release();
      }
    }
    // gatherAll: gather over an array (a spread of 300k arguments exceeds a JavaScript call).
    return body("spindle", params, (jobs, limit, c) =>
      run(function* () {
        const semaphore = new Semaphore(limit);
        const all = new Array<ReturnType<typeof job>>(jobs);
        for (let i = 0; i < jobs; i++) all[i] = job(i, semaphore, c);
        return yield* gatherAll(all);
      }),
    );
  },

  async effect(params: Params) {
    const { Effect } = await import("effect");
    const job = (i: number, c: Concurrency) =>
      Effect.gen(function* () {
        c.enter();
        yield* Effect.yieldNow;
        c.leave();
        return i;
      });
    return body("effect", params, (jobs, limit, c) => {
      const all = new Array<number>(jobs);
      for (let i = 0; i < jobs; i++) all[i] = i;
      return Effect.runPromise(Effect.forEach(all, (i) => job(i, c), { concurrency: limit }));
    });
  },

  async pLimit(params: Params) {
    const { default: pLimit } = await import("p-limit");
    const job = async (i: number, c: Concurrency) => {
      c.enter();
      await null;
      c.leave();
      return i;
    };
    return body("p-limit", params, (jobs, limit, c) => {
      const run = pLimit(limit);
      const all = new Array<Promise<number>>(jobs);
      for (let i = 0; i < jobs; i++) all[i] = run(job, i, c);
      return Promise.all(all);
    });
  },
};

const here = import.meta.url;
const metric = "jobsPerSec";
const params = { jobs: JOBS, limit: LIMIT };

export const w4: Workload = {
  id: "W4",
  title: `bounded concurrency: ${JOBS / 1000}k one-yield jobs, at most ${LIMIT} at once`,
  metrics: [{ key: metric, label: "jobs/s", unit: "rate", better: "higher" }],
  impls: [
    nodeImpl("spindle", `spindle  Semaphore(${LIMIT}) + gatherAll`, here, "spindle", params, {
      spindle: true,
    }),
    nodeImpl("effect", `effect 4  forEach({concurrency: ${LIMIT}})`, here, "effect", params),
    nodeImpl("p-limit", `p-limit(${LIMIT}) + Promise.all`, here, "pLimit", params),
    pythonImpl(
      "asyncio",
      `Python asyncio.Semaphore(${LIMIT}) + gather`,
      "sync.py",
      "w4",
      { jobs: PYTHON_JOBS, limit: LIMIT },
      { reps: 3 },
    ),
  ],
  targets: [
    { impl: "effect", metric, ratio: { op: ">=", limit: 1 } },
    { impl: "p-limit", metric, ratio: { op: ">=", limit: 3 } },
  ],
};
