// W4q workers on a queue: the other asyncio way to bound concurrency. One producer puts 300k jobs
// into a bounded Queue(100); 10 workers loop {get; yield once (the job); taskDone}; the producer
// then join()s the queue and cancels the workers. Both sides park: the producer when the queue is
// full, the workers when it is empty, so this measures put, get, taskDone and both hand-offs.
import type { Body, CaseFactory, Params } from "../lib/case.js";
import { timeSeconds } from "../lib/clock.js";
import { nodeImpl, pythonImpl, type Workload } from "../lib/workload.js";

const JOBS = 300_000;
const WORKERS = 10;
const MAXSIZE = 100;
/** asyncio runs ~250k jobs/s here: 100k keep a run well under a second. */
const PYTHON_JOBS = 100_000;

/** Times `once`, which returns the sum of the items the workers processed; checks it. */
function body(who: string, params: Params, once: (p: Params) => Promise<number>): Body {
  const jobs = params.jobs!;
  return async () => {
    let sum = 0;
    const seconds = await timeSeconds(async () => {
      sum = await once(params);
    });
    if (sum !== (jobs * (jobs - 1)) / 2) throw new Error(`${who}: items sum to ${sum}`);
    return { jobsPerSec: jobs / seconds };
  };
}

export const cases: Record<string, CaseFactory> = {
  async spindle(params: Params) {
    const { run, createTask, CancelledError, Queue, sleep } = await import("spindle");
    type Queue = InstanceType<typeof Queue<number>>;
    const processed = { sum: 0 };
    function* worker(queue: Queue) {
      while (true) {
        const item = yield* queue.get();
        yield* sleep(0);
        processed.sum += item;
        queue.taskDone();
      }
    }
    return body("spindle Queue", params, ({ jobs, workers, maxsize }) =>
      run(function* () {
        processed.sum = 0;
        const queue = new Queue<number>(maxsize);
        const tasks = [];
        for (let w = 0; w < workers!; w++) tasks.push(createTask(worker(queue)));
        for (let i = 0; i < jobs!; i++) yield* queue.put(i);
        yield* queue.join();
        for (const task of tasks) task.cancel();
        for (const task of tasks) {
          try {
            yield* task;
          } catch (error) {
            if (!(error instanceof CancelledError)) throw error;
          }
        }
        return processed.sum;
      }),
    );
  },
};

const here = import.meta.url;
const metric = "jobsPerSec";
const params = { jobs: JOBS, workers: WORKERS, maxsize: MAXSIZE };

export const w4q: Workload = {
  id: "W4q",
  title: `${WORKERS} workers on a Queue(${MAXSIZE}): ${JOBS / 1000}k jobs put, got, taskDone, join`,
  metrics: [{ key: metric, label: "jobs/s", unit: "rate", better: "higher" }],
  impls: [
    nodeImpl(
      "spindle",
      `spindle  Queue(${MAXSIZE}) + ${WORKERS} workers`,
      here,
      "spindle",
      params,
      {
        spindle: true,
      },
    ),
    pythonImpl(
      "asyncio",
      `Python asyncio.Queue(${MAXSIZE}) + ${WORKERS} workers`,
      "sync.py",
      "w4q",
      { ...params, jobs: PYTHON_JOBS },
      { reps: 3 },
    ),
  ],
  targets: [{ impl: "asyncio", metric, ratio: { op: ">=", limit: 2 } }],
};
