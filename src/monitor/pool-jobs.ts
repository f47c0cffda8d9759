import { performance } from "node:perf_hooks";
import { type JobListener, jobEvents } from "../futures/index.js";

/**
 * Pool jobs on their worker's lane, for recordings. Pools tell when a job is sent to a worker and
 * when its answer comes back (`jobEvents` in spindle/futures); a worker runs its jobs one at a
 * time in the order sent, so a job's slice starts when it was sent or when the worker's previous
 * job ended, whichever is later, and ends when the main thread hears its answer (answers travel
 * in batches: an end can be late by a batch).
 */
export interface JobSink {
  /** One job ran on worker `worker` (numbered per pool, from 1) of `pool`. */
  job(pool: string, worker: number, start: number, end: number, ok: boolean): void;
}

interface WorkerState {
  readonly number: number;
  readonly sent: Map<number, number>;
  lastEnd: number;
}

const sinks = new Set<JobSink>();
const workers = new WeakMap<object, WorkerState>();
const perPool = new Map<string, number>();

const listener: JobListener = {
  sent(pool, worker, job) {
    let state = workers.get(worker);
    if (state === undefined) {
      const number = (perPool.get(pool) ?? 0) + 1;
      perPool.set(pool, number);
      state = { number, sent: new Map(), lastEnd: 0 };
      workers.set(worker, state);
    }
    state.sent.set(job, performance.now());
  },
  answered(pool, worker, job, ok) {
    const state = workers.get(worker);
    const sent = state?.sent.get(job);
    if (state === undefined || sent === undefined) return;
    state.sent.delete(job);
    const end = performance.now();
    const start = Math.max(sent, state.lastEnd);
    state.lastEnd = end;
    for (const sink of sinks) sink.job(pool, state.number, start, end, ok);
  },
};

/** Starts telling `sink` of pool jobs; returns the function that stops it. */
export function addJobSink(sink: JobSink): () => void {
  sinks.add(sink);
  jobEvents.listener = listener;
  return () => {
    sinks.delete(sink);
    if (sinks.size === 0) jobEvents.listener = null;
  };
}
