// Bad input to QueueExecutor, serve() and the jobs: a clear error at the call (or on the job's
// future, for what only the worker can know), nothing left running.
import assert from "node:assert/strict";
import { join } from "node:path";
import { after, before, describe, it } from "node:test";
import {
  BrokenExecutor,
  type LocalRedis,
  QueueExecutor,
  RedisConnectionError,
  serve,
  startRedisServer,
} from "../../src/distributed/index.js";
import { FIXTURES, redisSkip, startWorker, type WorkerProcess } from "../support/redis.js";

const TASKS = join(FIXTURES, "tasks.js");
const task = (name: string) => ({ module: TASKS, name });

describe("bad input refused at the call (no Redis needed)", () => {
  it("a queue name with a Redis key separator", () => {
    assert.throws(
      () => new QueueExecutor({ queue: "a:b" }),
      /QueueExecutor\(\): queue "a:b" contains ":", which Redis keys use as a separator/,
    );
    assert.throws(() => new QueueExecutor({ queue: "" }), TypeError);
  });

  it("a connection that is no redis:// URL, or a bad port", () => {
    assert.throws(
      () => new QueueExecutor({ queue: "q", connection: "http://x" }),
      /must start with redis:\/\//,
    );
    assert.throws(
      () => new QueueExecutor({ queue: "q", connection: { port: 70000 } }),
      /port must be a whole number from 1 to 65535, got 70000/,
    );
  });

  it("concurrency < 1 and times that are not seconds", async () => {
    const base = { queue: "q", connection: "redis://127.0.0.1:1", module: TASKS };
    await assert.rejects(
      serve({ ...base, concurrency: 0 }),
      /serve\(\): concurrency must be a whole number >= 1, got 0/,
    );
    await assert.rejects(
      serve({ ...base, lockDuration: -1 }),
      /lockDuration must be a number of seconds > 0/,
    );
    assert.throws(
      () => new QueueExecutor({ queue: "q", connectTimeout: Number.NaN }),
      /connectTimeout must be a number of seconds > 0, got NaN/,
    );
  });

  it("a plain function, or a relative module, instead of { module, name }", () => {
    const pool = new QueueExecutor({ queue: "q", connection: "redis://127.0.0.1:1" });
    assert.throws(
      () => pool.submit((x: number) => x, 1),
      /submit\(\): a QueueExecutor runs functions its workers import, so pass \{ module, name \}/,
    );
    assert.throws(
      () => pool.submit({ module: "./tasks.js", name: "square" }, 1),
      /module "\.\/tasks\.js" is relative/,
    );
  });

  it("arguments JSON would change are refused, naming where they are", () => {
    const pool = new QueueExecutor({ queue: "q", connection: "redis://127.0.0.1:1" });
    assert.throws(
      () => pool.submit(task("square"), { when: new Date(0) } as never),
      /submit\(\): the arguments\[0\]\.when is a Date object, which cannot travel through Redis \(JSON keeps only plain objects and arrays/,
    );
    assert.throws(
      () => pool.submit(task("square"), Number.NaN),
      /the arguments\[0\] is NaN, which cannot travel through Redis \(JSON turns it into null\)/,
    );
    assert.throws(
      () => pool.submit(task("square"), 10n as never),
      /the arguments\[0\] is the bigint 10/,
    );
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    assert.throws(() => pool.submit(task("square"), cycle as never), /\.self is a cycle/);
    assert.throws(
      () => pool.submitWith({ transfer: [] } as never, task("square"), 1),
      /cannot transfer buffers/,
    );
  });

  it("arguments over maxPayload are refused at the call", () => {
    const pool = new QueueExecutor({
      queue: "q",
      connection: "redis://127.0.0.1:1",
      maxPayload: 100,
    });
    assert.throws(
      () => pool.submit(task("square"), "x".repeat(200) as never),
      /the arguments is 204 bytes of JSON, over the bound of 100 bytes \(maxPayload\)/,
    );
  });
});

describe("Redis not reachable", () => {
  it("submitted futures fail within connectTimeout, naming host and port; nothing is left running", async () => {
    const before = process.getActiveResourcesInfo().length;
    const pool = new QueueExecutor({
      queue: "q",
      connection: "redis://127.0.0.1:1",
      connectTimeout: 0.5,
    });
    const started = performance.now();
    const error = await pool.submit(task("square"), 2).exception();
    const took = (performance.now() - started) / 1000;
    assert.ok(error instanceof RedisConnectionError, String(error));
    assert.match(
      (error as Error).message,
      /could not reach Redis at 127\.0\.0\.1:1 within 0\.5 s \(ECONNREFUSED\)/,
    );
    assert.ok(took < 3, `took ${took} s`);
    assert.throws(() => pool.submit(task("square"), 2), BrokenExecutor);
    await pool.shutdown();
    await new Promise((resolve) => setTimeout(resolve, 100));
    // No socket or timer of the executor remains (no retrying in the background).
    assert.ok(
      process.getActiveResourcesInfo().length <= before,
      process.getActiveResourcesInfo().join(),
    );
  });

  it("serve() rejects within connectTimeout, naming host and port", async () => {
    await assert.rejects(
      serve({
        queue: "q",
        connection: "redis://127.0.0.1:1",
        module: TASKS,
        connectTimeout: 0.5,
        log: null,
      }),
      /could not reach Redis at 127\.0\.0\.1:1 within 0\.5 s/,
    );
  });
});

describe("bad input only the worker can see", { skip: redisSkip() }, () => {
  let redis: LocalRedis;
  let worker: WorkerProcess;
  let pool: QueueExecutor;
  before(async () => {
    redis = await startRedisServer();
    worker = await startWorker([
      "--queue",
      "w",
      "--module",
      TASKS,
      "--redis",
      redis.url,
      "--max-payload",
      "1000",
    ]);
    pool = new QueueExecutor({ queue: "w", connection: redis.url });
  });
  after(async () => {
    await pool?.shutdown();
    await worker?.stop();
    await redis?.stop();
  });

  it("a module the worker does not serve, or a name it does not export: the job fails saying so", async () => {
    const other = await pool.submit({ module: "/nowhere/else.js", name: "f" }).exception();
    assert.match(
      String(other),
      /TypeError: this worker does not serve module file:\/\/\/nowhere\/else\.js \(it serves .*tasks\.js\)/,
    );
    const missing = await pool.submit(task("nope")).exception();
    assert.match(String(missing), /has no exported function "nope" \(its exports: .*square/);
  });

  it("a result JSON cannot carry, or over the worker's --max-payload, fails its job naming it", async () => {
    const map = await pool.submit(task("aMap")).exception();
    assert.match(
      String(map),
      /the job's result is a Map object, which cannot travel through Redis/,
    );
    const big = await pool.submit(task("big"), 5000).exception();
    assert.match(
      String(big),
      /the job's result is 5002 bytes of JSON, over the bound of 1000 bytes/,
    );
    assert.equal(await pool.submit(task("big"), 10), "xxxxxxxxxx");
  });

  it("a worker started with a module it cannot import exits with the import error", async () => {
    const bad = startWorker([
      "--queue",
      "w",
      "--module",
      "/nowhere/at-all.js",
      "--redis",
      redis.url,
    ]);
    await assert.rejects(bad, /could not import its module file:\/\/\/nowhere\/at-all\.js/);
  });
});
