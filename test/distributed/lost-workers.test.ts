// No job lost: real `spindle worker` processes are SIGKILLed mid-job, and BullMQ's stalled-job
// recovery (short lock durations here) hands their jobs to another worker — or, for jobs
// submitted with retryable: false, fails them with WorkerLostError instead of running them twice.
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import {
  type LocalRedis,
  QueueExecutor,
  type QueueFuture,
  startRedisServer,
  WorkerLostError,
} from "../../src/distributed/index.js";
import { FIXTURES, redisSkip, startWorker, type WorkerProcess } from "../support/redis.js";

const TASKS = join(FIXTURES, "tasks.js");
const record = { module: TASKS, name: "record" };
const FAST = ["--lock-duration", "1", "--stalled-interval", "0.5"];

/** Runs recorded in `file`, by tag: how many times each job started. */
function runs(file: string): Map<string, number> {
  const counts = new Map<string, number>();
  let text = "";
  try {
    text = readFileSync(file, "utf8");
  } catch {}
  for (const line of text.split("\n").filter(Boolean)) {
    const tag = line.split(" ")[0] as string;
    counts.set(tag, (counts.get(tag) ?? 0) + 1);
  }
  return counts;
}

const sleep = (s: number) => new Promise((resolve) => setTimeout(resolve, s * 1000));

describe("workers SIGKILLed mid-job", { skip: redisSkip() }, () => {
  let redis: LocalRedis;
  let dir: string;
  before(async () => {
    redis = await startRedisServer();
    dir = mkdtempSync(join(tmpdir(), "spindle-lost-"));
  });
  after(async () => {
    await redis?.stop();
    if (dir !== undefined) rmSync(dir, { recursive: true, force: true });
  });

  async function twoWorkers(queue: string): Promise<WorkerProcess[]> {
    const args = ["--queue", queue, "--module", TASKS, "--redis", redis.url, ...FAST];
    return Promise.all([startWorker(args), startWorker(args)]);
  }

  /** The worker whose job process recorded `tag` first. */
  async function holder(file: string, tag: string, workers: WorkerProcess[]) {
    for (;;) {
      const line = readFileSafe(file)
        .split("\n")
        .find((l) => l.startsWith(`${tag} `));
      if (line !== undefined) {
        const pid = Number(line.split(" ")[1]);
        const w = workers.find((x) => x.jobPid() === pid);
        if (w !== undefined) return { w, pid };
      }
      await sleep(0.01);
    }
  }

  it("a retryable job is picked up by another worker and its future settles once", async () => {
    const workers = await twoWorkers("lost-a");
    await using pool = new QueueExecutor({ queue: "lost-a", connection: redis.url });
    const file = join(dir, "a.txt");
    const f = pool.submit(record, file, "job", 1);
    const { pid } = await holder(file, "job", workers);
    process.kill(pid, "SIGKILL");
    assert.equal(await f.result(), "job");
    assert.equal(runs(file).get("job"), 2); // ran again elsewhere, once
    await Promise.all(workers.map((w) => w.stop()));
  });

  it("a job submitted with retryable: false fails with WorkerLostError instead of running twice", async () => {
    const workers = await twoWorkers("lost-b");
    await using pool = new QueueExecutor({ queue: "lost-b", connection: redis.url });
    const file = join(dir, "b.txt");
    const f = pool.submitWith({ retryable: false }, record, file, "once", 1);
    const { w, pid } = await holder(file, "once", workers);
    const from = w.lines.length;
    process.kill(pid, "SIGKILL");
    const error = await f.exception();
    assert.ok(error instanceof WorkerLostError, String(error));
    assert.match((error as Error).message, /was lost .* not retryable, so it was not run again/);
    assert.equal(runs(file).get("once"), 1);
    // The supervisor replaced the killed process.
    await w.waitFor(/worker process \d+ was killed by SIGKILL; starting a new one/, from);
    await Promise.all(workers.map((x) => x.stop()));
  });

  it("1,000 jobs with a worker killed every ~100: every future settles once, none lost, none run twice if not retryable", async () => {
    const workers = await twoWorkers("lost-c");
    await using pool = new QueueExecutor({ queue: "lost-c", connection: redis.url });
    const file = join(dir, "c.txt");
    const n = 1000;
    const futures: QueueFuture<unknown>[] = [];
    for (let i = 0; i < n; i++) {
      const retryable = i % 5 !== 0;
      futures.push(pool.submitWith({ retryable }, record, file, `j${i}`, 0.01));
    }
    let settled = 0;
    const settledTimes = new Map<QueueFuture<unknown>, number>();
    for (const f of futures) {
      f.addDoneCallback(() => {
        settled++;
        settledTimes.set(f, (settledTimes.get(f) ?? 0) + 1);
      });
    }
    let kills = 0;
    let nextKill = 100;
    while (settled < n) {
      if (settled >= nextKill && kills < 9) {
        const w = workers[kills % 2] as WorkerProcess;
        const pid = w.jobPid();
        try {
          process.kill(pid, "SIGKILL");
          kills++;
        } catch {}
        nextKill += 100;
        await w.waitFor(/: ready, /, w.lines.length, 20); // its replacement
      }
      await sleep(0.02);
    }
    assert.ok(kills >= 6, `killed ${kills} times`);
    const counts = runs(file);
    let lost = 0;
    for (let i = 0; i < n; i++) {
      const f = futures[i] as QueueFuture<unknown>;
      assert.equal(settledTimes.get(f), 1, `future ${i} settled ${settledTimes.get(f)} times`);
      if (i % 5 !== 0) {
        assert.equal(await f.result(), `j${i}`); // retryable: always completes
      } else {
        assert.ok((counts.get(`j${i}`) ?? 0) <= 1, `j${i} ran ${counts.get(`j${i}`)} times`);
        const error = await f.exception();
        if (error === undefined) assert.equal(await f.result(), `j${i}`);
        else {
          assert.ok(error instanceof WorkerLostError, String(error));
          lost++;
        }
      }
    }
    // Every retryable job ran (at least once); a non-retryable one lost with its worker may have
    // been killed before its body began, so it may never have run — it failed with
    // WorkerLostError above instead.
    for (let i = 0; i < n; i++) {
      if (i % 5 !== 0) assert.ok((counts.get(`j${i}`) ?? 0) >= 1, `j${i} never ran`);
    }
    console.log(`# ${kills} kills, ${lost} non-retryable jobs failed with WorkerLostError`);
    await Promise.all(workers.map((w) => w.stop()));
  });
});

function readFileSafe(file: string): string {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return "";
  }
}
