// QueueExecutor against a real redis-server and two real `spindle worker` processes.
import assert from "node:assert/strict";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import {
  asCompleted,
  CancelledError,
  FIRST_COMPLETED,
  type LocalRedis,
  QueueExecutor,
  RuntimeError,
  startRedisServer,
  wait,
} from "../../src/distributed/index.js";
import { FIXTURES, redisSkip, startWorker, type WorkerProcess } from "../support/redis.js";

const TASKS = join(FIXTURES, "tasks.js");
const task = (name: string) => ({ module: TASKS, name });

describe("QueueExecutor on Redis with two spindle workers", { skip: redisSkip() }, () => {
  let redis: LocalRedis;
  let workers: WorkerProcess[];
  let pool: QueueExecutor;

  before(async () => {
    redis = await startRedisServer();
    const args = ["--queue", "q", "--module", TASKS, "--redis", redis.url, "--concurrency", "4"];
    workers = await Promise.all([startWorker(args), startWorker(args)]);
    pool = new QueueExecutor({ queue: "q", connection: redis.url });
  });

  after(async () => {
    await pool?.shutdown();
    await Promise.all((workers ?? []).map((w) => w.stop()));
    await redis?.stop();
  });

  it("submit() gives a future that is awaitable and yields the result", async () => {
    const f = pool.submit(task("add"), 2, 3);
    assert.equal(f.done(), false);
    assert.equal(await f, 5);
    assert.equal(f.done(), true);
    assert.equal(await f.result(), 5);
    assert.match(f.jobId, /-\d+$/);
  });

  it("map() over 2,000 items returns every result in order", async () => {
    const items = Array.from({ length: 2000 }, (_, i) => i);
    assert.deepEqual(
      await pool.map(task("square"), items),
      items.map((x) => x * x),
    );
    assert.deepEqual(
      await pool.map(task("add"), [1, 2, 3], [10, 20, 30], { chunksize: 2 }),
      [11, 22, 33],
    );
  });

  it("a job's error keeps its type name, message and the worker's stack", async () => {
    const error = (await pool.submit(task("fail"), "no good").exception()) as Error;
    assert.ok(error instanceof RangeError);
    assert.equal(error.name, "RangeError");
    assert.equal(error.message, "no good");
    assert.match(error.stack ?? "", /at fail \(.*fixtures[/\\]tasks\.js/);
  });

  it("a job reports progress; the future exposes the latest and each report", async () => {
    const f = pool.submit(task("progress"), 4);
    const seen: unknown[] = [];
    f.onProgress((p) => seen.push(p));
    assert.equal(await f, "done");
    assert.deepEqual(seen, [0.25, 0.5, 0.75, 1]);
    assert.equal(f.progress(), 1);
  });

  it("wait() and asCompleted() work on its futures as on a pool's", async () => {
    const slow = pool.submit(task("sleep"), 0.5, "slow");
    const quick = pool.submit(task("sleep"), 0.01, "quick");
    const [done, pending] = await wait([slow, quick], { returnWhen: FIRST_COMPLETED });
    assert.ok(done.has(quick));
    assert.ok(pending.has(slow));
    const order: unknown[] = [];
    for (const next of asCompleted([slow, pool.submit(task("add"), 1, 1)])) order.push(await next);
    assert.deepEqual(order, [2, "slow"]);
  });

  it("cancel() of a job still waiting removes it: it never runs", async () => {
    const f = pool.submitWith({ delay: 30 }, task("square"), 3);
    await new Promise((resolve) => setTimeout(resolve, 100)); // it is in Redis, delayed
    assert.equal(f.cancel(), true);
    assert.equal(f.cancelled(), true);
    await assert.rejects(f.result(), CancelledError);
    assert.equal(pool.statistics().queued, 0);
  });

  it("cancel() of a running job sets its isCancelled() flag; a job that stops keeps its result", async () => {
    const f = pool.submit(task("polite"));
    while (!f.running()) await new Promise((resolve) => setTimeout(resolve, 5));
    assert.equal(f.cancel(), false); // running: asked to stop
    assert.equal(await f, "stopped");
    assert.equal(f.cancelled(), false);
  });

  it("attempts retries a failing job, then fails with its error", async () => {
    const error = await pool
      .submitWith({ attempts: 2, backoff: 0.01 }, task("fail"), "twice")
      .exception();
    assert.equal((error as Error).message, "twice");
  });

  it("statistics() counts outcomes; submit after shutdown throws at the call", async () => {
    const other = new QueueExecutor({ queue: "q", connection: redis.url });
    await other.submit(task("add"), 1, 2);
    await other.submit(task("fail"), "x").exception();
    const stats = other.statistics();
    assert.equal(stats.completed, 1);
    assert.equal(stats.failed, 1);
    await other.shutdown();
    assert.throws(() => other.submit(task("add"), 1, 2), RuntimeError);
    assert.equal(other.statistics().shutdown, true);
  });
});
