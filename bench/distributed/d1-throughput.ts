// D1/D2: 20k trivial jobs (x => x * x) through Redis to 2 worker processes of concurrency 8.
// D1 submits them all at once — QueueExecutor.map (one job per item, sent in bulk) against raw
// BullMQ's Queue.addBulk (chunks of 1,000) — and waits for every result. D2 submits 5k one by one:
// QueueExecutor.submit against raw BullMQ's Queue.add. Results come back through BullMQ's events
// on both sides (QueueEvents). Redis, the workers and the connections are set up, and warmed by the
// warm-up run, before the clock starts.
import type { Body, CaseFactory, Params } from "../lib/case.js";
import { timeSeconds } from "../lib/clock.js";
import { nodeImpl, type Workload } from "../lib/workload.js";
import { type RawProducer, rawProducer } from "./raw-client.js";
import { CONCURRENCY, PROCESSES, setUp, TASKS } from "./setup.js";

const MAP_JOBS = 20_000;
const SUBMIT_JOBS = 5_000;
const BULK = 1000;

function check(results: number[], jobs: number): void {
  for (let i = 0; i < jobs; i++) {
    if (results[i] !== i * i) throw new Error(`job ${i} returned ${results[i]}`);
  }
}

async function spindle(
  queue: string,
  body: (pool: import("spindle/distributed").QueueExecutor, items: number[]) => Promise<number[]>,
  jobs: number,
): Promise<Body> {
  const redis = await setUp("spindle", queue);
  const { QueueExecutor } = await import("spindle/distributed");
  const pool = new QueueExecutor({ queue, connection: redis.url });
  const items = Array.from({ length: jobs }, (_, i) => i);
  return async () => {
    let results: number[] = [];
    const seconds = await timeSeconds(async () => {
      results = await body(pool, items);
    });
    check(results, jobs);
    return { jobsPerSec: jobs / seconds };
  };
}

const square = { module: TASKS, name: "square" };
let run = 0;

/**
 * Raw BullMQ's side: `enqueue` adds jobs `ids` (job i squares i) to the producer's queue; the
 * clock runs until every result has come back through its QueueEvents. Its connections keep the
 * process alive only while a run is timed.
 */
async function bullmq(
  queue: string,
  jobs: number,
  enqueue: (raw: RawProducer, ids: string[]) => Promise<unknown>,
): Promise<Body> {
  const redis = await setUp("bullmq", queue);
  const raw = await rawProducer(queue, redis.url);
  raw.hold(false);
  return async () => {
    raw.hold(true);
    const prefix = `r${run++}-`;
    let results: number[] = [];
    const seconds = await timeSeconds(async () => {
      const ids = Array.from({ length: jobs }, (_, i) => `${prefix}${i}`);
      const done = raw.completed(ids);
      await enqueue(raw, ids);
      results = await done;
    });
    raw.hold(false);
    check(results, jobs);
    return { jobsPerSec: jobs / seconds };
  };
}

export const cases: Record<string, CaseFactory> = {
  spindleMap: ({ jobs }: Params) =>
    spindle("d1", (pool, items) => pool.map(square, items) as Promise<number[]>, jobs!),

  spindleSubmit: ({ jobs }: Params) =>
    spindle(
      "d2",
      (pool, items) =>
        Promise.all(items.map((x) => pool.submit(square, x).result() as Promise<number>)),
      jobs!,
    ),

  bullmqBulk: ({ jobs }: Params) =>
    bullmq("d1", jobs!, (raw, ids) => {
      const adds: Promise<unknown>[] = [];
      for (let i = 0; i < ids.length; i += BULK) {
        const chunk = ids.slice(i, i + BULK).map((jobId, k) => ({
          name: "square",
          data: { x: i + k },
          opts: { jobId, removeOnComplete: true },
        }));
        adds.push(raw.queue.addBulk(chunk));
      }
      return Promise.all(adds);
    }),

  bullmqAdd: ({ jobs }: Params) =>
    bullmq("d2", jobs!, (raw, ids) =>
      Promise.all(
        ids.map((id, x) => raw.queue.add("square", { x }, { jobId: id, removeOnComplete: true })),
      ),
    ),
};

const here = import.meta.url;
const metric = "jobsPerSec";
const metrics = [
  { key: metric, label: "jobs/s", unit: "rate" as const, better: "higher" as const },
];
const shape = `${PROCESSES} worker processes × concurrency ${CONCURRENCY}`;

export const d1: Workload = {
  id: "D1",
  title: `${MAP_JOBS / 1000}k trivial jobs submitted at once, ${shape}`,
  metrics,
  impls: [
    nodeImpl(
      "spindle",
      "spindle  QueueExecutor.map",
      here,
      "spindleMap",
      { jobs: MAP_JOBS },
      { spindle: true, reps: 3 },
    ),
    nodeImpl(
      "bullmq",
      "BullMQ   Queue.addBulk + Worker",
      here,
      "bullmqBulk",
      { jobs: MAP_JOBS },
      { reps: 3 },
    ),
  ],
  targets: [{ impl: "bullmq", metric, ratio: { op: ">=", limit: 1 } }],
};

export const d2: Workload = {
  id: "D2",
  title: `${SUBMIT_JOBS / 1000}k trivial jobs submitted one by one, ${shape}`,
  metrics,
  impls: [
    nodeImpl(
      "spindle",
      "spindle  QueueExecutor.submit",
      here,
      "spindleSubmit",
      { jobs: SUBMIT_JOBS },
      { spindle: true, reps: 3 },
    ),
    nodeImpl(
      "bullmq",
      "BullMQ   Queue.add + Worker",
      here,
      "bullmqAdd",
      { jobs: SUBMIT_JOBS },
      { reps: 3 },
    ),
  ],
  targets: [{ impl: "bullmq", metric, ratio: { op: ">=", limit: 0.9 } }],
};
