// The pattern the queues exist for: a producer feeds jobs to a fixed set of workers, waits for
// all of them to be handled with join(), then cancels the workers (asyncio's docs example).
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  CancelledError,
  type Coroutine,
  LifoQueue,
  PriorityQueue,
  Queue,
  sleep,
  type Task,
} from "../../../src/asyncio/index.js";
import { runVirtual } from "../../support/virtual.js";

const JOBS = 1000;
const WORKERS = 10;
const JOB_SECONDS = 0.01;

for (const [kind, make] of [
  ["Queue", (maxsize: number) => new Queue<number>(maxsize, { name: "jobs" })],
  ["PriorityQueue", (maxsize: number) => new PriorityQueue<number>(maxsize, { name: "jobs" })],
  ["LifoQueue", (maxsize: number) => new LifoQueue<number>(maxsize, { name: "jobs" })],
] as const) {
  for (const maxsize of [0, 20]) {
    test(`${kind}(${maxsize}): 10 workers drain 1000 jobs; join() returns when the last is done`, async () => {
      const handled = new Map<number, string>();
      const perWorker = new Map<string, number>();
      let joinedAt = -1;
      await runVirtual(function* (loop) {
        const jobs = make(maxsize);
        function* worker(name: string): Coroutine<void> {
          for (;;) {
            const job = yield* jobs.get();
            try {
              yield* sleep(JOB_SECONDS);
              assert.equal(handled.has(job), false, `job ${job} handled twice`);
              handled.set(job, name);
              perWorker.set(name, (perWorker.get(name) ?? 0) + 1);
            } finally {
              jobs.taskDone();
            }
          }
        }
        const workers: Task<void>[] = [];
        for (let w = 1; w <= WORKERS; w++) {
          workers.push(loop.createTask(worker(`worker-${w}`), { name: `worker-${w}` }));
        }
        for (let job = 0; job < JOBS; job++) yield* jobs.put(job);
        yield* jobs.join();
        joinedAt = loop.time();
        assert.deepEqual(
          { ...jobs.statistics() },
          { size: 0, maxsize, getters: WORKERS, putters: 0, unfinished: 0, shutdown: false },
          "every worker is back waiting for a job",
        );
        for (const w of workers) w.cancel();
        for (const w of workers) {
          try {
            yield* w;
            assert.fail("a worker loops until cancelled");
          } catch (error) {
            assert.ok(error instanceof CancelledError);
          }
        }
      });
      assert.equal(handled.size, JOBS, "every job handled once");
      // Workers are served in line, so the work is shared evenly and no time is lost.
      assert.deepEqual([...perWorker.values()], new Array(WORKERS).fill(JOBS / WORKERS));
      assert.ok(
        Math.abs(joinedAt - (JOBS / WORKERS) * JOB_SECONDS) < 1e-6,
        `joined at ${joinedAt}`,
      );
    });
  }
}
