// `spindle worker` under pressure: jobs that ignore cancellation or run past their timeout, a
// graceful SIGTERM, and the Redis commands an idle worker sends.
import assert from "node:assert/strict";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import { Redis } from "ioredis";
import {
  CancelledError,
  type LocalRedis,
  QueueExecutor,
  startRedisServer,
  TimeoutError,
} from "../../src/distributed/index.js";
import { FIXTURES, redisSkip, startWorker } from "../support/redis.js";

const TASKS = join(FIXTURES, "tasks.js");
const task = (name: string) => ({ module: TASKS, name });
const sleep = (s: number) => new Promise((resolve) => setTimeout(resolve, s * 1000));

async function started(f: { running(): boolean }): Promise<void> {
  while (!f.running()) await sleep(0.005);
}

describe("spindle worker", { skip: redisSkip() }, () => {
  let redis: LocalRedis;
  before(async () => {
    redis = await startRedisServer();
  });
  after(async () => {
    await redis?.stop();
  });

  it("a running job that ignores cancel() is failed after the cancel grace, and its process replaced", async () => {
    const worker = await startWorker([
      ...["--queue", "grace", "--module", TASKS, "--redis", redis.url, "--cancel-grace", "0.3"],
    ]);
    await using pool = new QueueExecutor({ queue: "grace", connection: redis.url });
    const f = pool.submit(task("stubborn"));
    await started(f);
    const from = worker.lines.length;
    assert.equal(f.cancel(), false);
    const error = await f.exception().catch((e: unknown) => e);
    assert.ok(error instanceof CancelledError, String(error));
    assert.equal(f.cancelled(), true);
    assert.match(
      (error as Error).message,
      /cancelled while running and ignored the request for 0\.3 s, so it was failed and its worker process replaced/,
    );
    await worker.waitFor(/asked to be replaced; starting a new one/, from);
    await worker.waitFor(/: ready, /, from);
    assert.equal(await pool.submit(task("add"), 1, 2), 3); // the new process works
    await worker.stop();
  });

  it("with --threads, a synchronous job that ignores cancel() has its thread replaced", async () => {
    const worker = await startWorker([
      ...["--queue", "threads", "--module", TASKS, "--redis", redis.url],
      ...["--threads", "1", "--cancel-grace", "0.3"],
    ]);
    await using pool = new QueueExecutor({ queue: "threads", connection: redis.url });
    assert.equal(await pool.submit(task("square"), 3), 9); // the thread is up
    const f = pool.submit(task("spin"));
    await started(f);
    await sleep(0.3); // it is in its thread now (cancelled before that, it would never start)
    f.cancel();
    const error = await f.exception().catch((e: unknown) => e);
    assert.ok(error instanceof CancelledError, String(error));
    assert.match((error as Error).message, /its worker thread was terminated/);
    assert.equal(await pool.submit(task("square"), 9), 81); // on a new thread, same process
    assert.ok(!worker.lines.some((line) => /asked to be replaced/.test(line)));
    await worker.stop();
  });

  it("submitWith({ timeout }): a job past it fails with TimeoutError", async () => {
    const worker = await startWorker([
      "--queue",
      "timeout",
      "--module",
      TASKS,
      "--redis",
      redis.url,
    ]);
    await using pool = new QueueExecutor({ queue: "timeout", connection: redis.url });
    const error = await pool.submitWith({ timeout: 0.2 }, task("sleep"), 5).exception();
    assert.ok(error instanceof TimeoutError, String(error));
    assert.match((error as Error).message, /ran longer than its timeout of 0\.2 s/);
    assert.equal(await pool.submitWith({ timeout: 5 }, task("sleep"), 0.01, "in time"), "in time");
    await worker.stop();
  });

  it("SIGTERM lets a running job finish, then the worker exits 0", async () => {
    const worker = await startWorker(["--queue", "term", "--module", TASKS, "--redis", redis.url]);
    await using pool = new QueueExecutor({ queue: "term", connection: redis.url });
    const f = pool.submit(task("sleep"), 0.5, "finished");
    await started(f);
    const code = worker.stop();
    assert.equal(await f, "finished");
    assert.equal(await code, 0);
    assert.ok(worker.lines.some((line) => /waiting up to 30 s for 1 running job/.test(line)));
  });

  it("SIGTERM past --shutdown-timeout hands a retryable running job back: another worker runs it", async () => {
    const args = ["--queue", "handback", "--module", TASKS, "--redis", redis.url];
    const first = await startWorker([...args, "--shutdown-timeout", "0.2"]);
    await using pool = new QueueExecutor({ queue: "handback", connection: redis.url });
    const f = pool.submit(task("sleep"), 1, "done elsewhere");
    await started(f);
    assert.equal(await first.stop(), 0);
    assert.ok(first.lines.some((line) => /handing 1 back to the queue/.test(line)));
    const second = await startWorker(args);
    assert.equal(await f, "done elsewhere");
    await second.stop();
  });

  it("an idle worker sends Redis fewer than 10 commands a second", async () => {
    const worker = await startWorker(["--queue", "idle", "--module", TASKS, "--redis", redis.url]);
    const client = new Redis(redis.url);
    const processed = async () => {
      const info = await client.info("stats");
      return Number(/total_commands_processed:(\d+)/.exec(info)?.[1]);
    };
    await sleep(1); // past its start-up commands
    const before = await processed();
    const seconds = 5.5; // longer than one wait for jobs (--drain-delay, 5 s)
    await sleep(seconds);
    const sent = (await processed()) - before - 1; // less this client's second INFO
    console.log(`# an idle worker sent ${sent} Redis commands in ${seconds} s`);
    assert.ok(sent / seconds < 10, `${sent} commands in ${seconds} s`);
    client.disconnect();
    await worker.stop();
  });
});
