// D3: latency on loopback, submit → result, one job at a time (500 in a row): QueueExecutor.submit
// and await, against raw BullMQ's Queue.add and job.waitUntilFinished(queueEvents), the way its
// documentation awaits a job's result. p50 and p99 of the round trips, in milliseconds.
import type { CaseFactory, Params } from "../lib/case.js";
import { nodeImpl, type Workload } from "../lib/workload.js";
import { rawProducer } from "./raw-client.js";
import { percentile, setUp, TASKS } from "./setup.js";

const ROUND_TRIPS = 500;

export const cases: Record<string, CaseFactory> = {
  async spindle({ trips }: Params) {
    const redis = await setUp("spindle", "d3");
    const { QueueExecutor } = await import("spindle/distributed");
    const pool = new QueueExecutor({ queue: "d3", connection: redis.url });
    const square = { module: TASKS, name: "square" };
    return async () => {
      const ms: number[] = [];
      for (let i = 0; i < trips!; i++) {
        const t0 = performance.now();
        const r = await pool.submit(square, i);
        ms.push(performance.now() - t0);
        if (r !== i * i) throw new Error(`job ${i} returned ${r}`);
      }
      return { p50: percentile(ms, 0.5), p99: percentile(ms, 0.99) };
    };
  },

  async bullmq({ trips }: Params) {
    const redis = await setUp("bullmq", "d3");
    const raw = await rawProducer("d3", redis.url);
    raw.hold(false);
    return async () => {
      raw.hold(true);
      const ms: number[] = [];
      for (let i = 0; i < trips!; i++) {
        const t0 = performance.now();
        // Kept a while: waitUntilFinished reads the finished job (removed, it throws "Missing key").
        const job = await raw.queue.add("square", { x: i }, { removeOnComplete: { count: 1000 } });
        const r = await job.waitUntilFinished(raw.events);
        ms.push(performance.now() - t0);
        if (r !== i * i) throw new Error(`job ${i} returned ${r}`);
      }
      raw.hold(false);
      return { p50: percentile(ms, 0.5), p99: percentile(ms, 0.99) };
    };
  },
};

const here = import.meta.url;
const params = { trips: ROUND_TRIPS };

export const d3: Workload = {
  id: "D3",
  title: `latency submit → result on loopback, ${ROUND_TRIPS} jobs one at a time`,
  metrics: [
    { key: "p50", label: "p50", unit: "ms", better: "lower" },
    { key: "p99", label: "p99", unit: "ms", better: "lower" },
  ],
  impls: [
    nodeImpl("spindle", "spindle  QueueExecutor.submit + await", here, "spindle", params, {
      spindle: true,
      reps: 3,
    }),
    nodeImpl("bullmq", "BullMQ   Queue.add + waitUntilFinished", here, "bullmq", params, {
      reps: 3,
    }),
  ],
  targets: [
    { impl: "spindle", metric: "p50", value: { op: "<=", limit: 2 } },
    { impl: "spindle", metric: "p99", value: { op: "<=", limit: 10 } },
  ],
};
