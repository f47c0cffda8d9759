import assert from "node:assert/strict";
import { after, test } from "node:test";
import { run } from "../../src/asyncio/run.js";
import {
  CancelledError,
  getRunningLoop,
  TimeoutError,
  WorkerCrashedError,
} from "../../src/core/index.js";
import { type Future, ThreadPoolExecutor } from "../../src/futures/index.js";
import { Event } from "../../src/threading/index.js";

const jobs = new URL("./fixtures/jobs.js", import.meta.url);
const pool = new ThreadPoolExecutor({ maxWorkers: 2 });
after(() => pool.shutdown());

/** Blocks a worker thread for `ms` (a job body: self-contained). */
const napJob = (ms: number, value: unknown) => {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
  return value;
};

test("submit() runs the function in a worker; the future is awaitable and thenable", async () => {
  const f = pool.submit((a: number, b: number) => a + b, 2, 3);
  assert.equal(f.done(), false);
  assert.equal(await f.result(), 5);
  assert.equal(await f, 5);
  assert.equal(f.done(), true);
  assert.equal(f.running(), false);
  assert.equal(f.cancelled(), false);
});

test("done() is true as soon as the worker finished, before the main thread read any message", async () => {
  const f = pool.submit((s: string) => s.toUpperCase(), "hi");
  await new Promise((r) => setImmediate(r)); // let the batch go out
  const start = Date.now();
  while (!f.done()) {
    // busy: this thread processes no messages, so only shared memory can tell us
    if (Date.now() - start > 5000) assert.fail("done() never became true");
  }
  assert.equal(await f, "HI");
});

test("resultSync() blocks the calling thread until the result arrives", () => {
  const f = pool.submit(napJob, 20, "slept");
  assert.equal(f.resultSync(), "slept");
  assert.equal(f.resultSync(), "slept");
});

test("resultSync(timeout) throws TimeoutError when the job takes longer", () => {
  const f = pool.submit(napJob, 200, "late");
  assert.throws(() => f.resultSync(0.02), {
    name: "TimeoutError",
    message:
      "resultSync(0.02): the job did not finish within 0.02 s; it is still running — wait longer, or cancel() it",
  });
  assert.equal(f.resultSync(), "late");
});

test("result(timeout) rejects with TimeoutError; the job keeps running", async () => {
  const f = pool.submit(napJob, 100, "done later");
  await assert.rejects(f.result(0.01), TimeoutError);
  assert.equal(await f.result(), "done later");
});

test("errors come back with their type, message and the worker's stack", async () => {
  const f = pool.submit(() => {
    throw new RangeError("out of range");
  });
  await assert.rejects(f.result(), { name: "RangeError", message: "out of range" });
  assert.ok((await f.exception()) instanceof RangeError);
  assert.equal(await pool.submit(() => 1).exception(), undefined);
});

test("a closure over an outer variable fails with an error naming the variable", async () => {
  const secret = 42;
  await assert.rejects(pool.submit(() => secret + 1).result(), {
    name: "ReferenceError",
    message:
      'the job\'s function uses "secret", which does not exist in the worker: a function sent to a worker must be self-contained (its parameters, its own locals and globals) — pass "secret" as an argument, or pass { module, name } so the worker imports the function',
  });
  // globals are fine
  assert.equal(await pool.submit((x: number) => Math.max(x, 3), 1), 3);
});

test("{ module, name } runs an exported function", async () => {
  assert.equal(await pool.submit({ module: jobs, name: "double" }, 21), 42);
});

test("cancel() of a queued job: it never runs, result() rejects with CancelledError", async () => {
  const one = new ThreadPoolExecutor({ maxWorkers: 1 });
  try {
    const busy = one.submit(napJob, 50, "first");
    const queued = one.submit((x: number) => x, 2);
    assert.equal(queued.cancel(), true);
    assert.equal(queued.cancelled(), true);
    assert.equal(queued.done(), true);
    await assert.rejects(queued.result(), CancelledError);
    assert.equal(await busy, "first");
    assert.equal(busy.cancel(), false);
    assert.equal(one.statistics().cancelled, 1);
  } finally {
    await one.shutdown();
  }
});

test("cancel() of a running job returns false and sets the flag isCancelled() reads in the worker", async () => {
  const f = pool.submit({ module: jobs, name: "untilCancelled" }, 5000);
  while (!f.running()) await new Promise((r) => setTimeout(r, 1));
  assert.equal(f.cancel(), false);
  assert.equal(await f, "stopped");
});

test("addDoneCallback() runs callbacks in order when done, and at once when already done", async () => {
  const log: string[] = [];
  const f = pool.submit(() => "x");
  f.addDoneCallback(() => log.push("a"));
  f.addDoneCallback((g) => log.push(`b:${g.done()}`));
  await f;
  f.addDoneCallback(() => log.push("c"));
  assert.deepEqual(log, ["a", "b:true", "c"]);
});

test("map() returns the results in order, zips iterables, and batches with chunksize", async () => {
  const squares = await pool.map((x: number) => x * x, [1, 2, 3, 4, 5]);
  assert.deepEqual(squares, [1, 4, 9, 16, 25]);
  const products = await pool.map((a: number, b: number) => a * b, [1, 2, 3], [4, 5, 6, 7], {
    chunksize: 2,
  });
  assert.deepEqual(products, [4, 10, 18]);
  // One iterable with chunksize: the chunk travels as a flat array of items.
  const halves = await pool.map((x: number) => x / 2, [2, 4, 6, 8, 10], { chunksize: 2 });
  assert.deepEqual(halves, [1, 2, 3, 4, 5]);
});

test("map() over one iterable with chunksize shares threading primitives among the items", async () => {
  const events = [new Event(), new Event(), new Event()];
  const seen = await pool.map(
    (e: Event) => {
      e.set();
      return e.name;
    },
    events,
    { chunksize: 2 },
  );
  assert.deepEqual(
    seen,
    events.map((e) => e.name),
  );
  assert.deepEqual(
    events.map((e) => e.isSet()),
    [true, true, true],
    "set in the worker, seen here",
  );
});

test("many small jobs all complete, in submission order of results", async () => {
  const fs: Future<number>[] = [];
  for (let i = 0; i < 2000; i++) fs.push(pool.submit((x: number) => x + 1, i));
  const results = await Promise.all(fs.map((f) => f.result()));
  assert.equal(results.length, 2000);
  assert.equal(results[1999], 2000);
  assert.equal(
    results.every((v, i) => v === i + 1),
    true,
  );
});

test("a job that calls process.exit() fails with WorkerCrashedError; the pool goes on", async () => {
  const crashed = pool.submit(() => process.exit(3));
  await assert.rejects(crashed.result(), (e: unknown) => {
    assert.ok(e instanceof WorkerCrashedError);
    assert.equal(e.exitCode, 3);
    assert.equal(e.signal, null);
    assert.match(
      e.message,
      /^the worker thread running this job exited with code 3; only this job failed/,
    );
    return true;
  });
  assert.equal(await pool.submit((s: string) => `${s}!`, "still here"), "still here!");
  assert.ok(pool.statistics().crashed >= 1);
});

test("submitWith({ timeout }) terminates a runaway worker and fails the job with TimeoutError", async () => {
  const f = pool.submitWith({ timeout: 0.1 }, () => {
    for (;;) {}
  });
  await assert.rejects(f.result(), {
    name: "TimeoutError",
    message:
      "the job ran longer than its timeout of 0.1 s; its worker was terminated (a new one takes its place) — raise the timeout, or make the job poll isCancelled()",
  });
  assert.equal(await pool.submit(() => "alive"), "alive");
});

test("SharedArrayBuffers are shared with the job, not copied", async () => {
  const shared = new Int32Array(new SharedArrayBuffer(4));
  await pool.submit((buf: Int32Array) => {
    Atomics.add(buf, 0, 7);
  }, shared);
  assert.equal(shared[0], 7);
});

test("loop.runInExecutor() and yield* bridge pool futures into spindle tasks", async () => {
  const result = await run(function* () {
    const loop = getRunningLoop();
    const a = yield* loop.runInExecutor(pool, (x: number) => x * 3, 5);
    const b = yield* pool.submit((s: string) => s.length, "four");
    const c = yield* pool.submit(() => "r").result();
    return [a, b, c];
  });
  assert.deepEqual(result, [15, 4, "r"]);
});

test("statistics() is a plain snapshot", () => {
  const s = pool.statistics();
  assert.equal(s.maxWorkers, 2);
  assert.equal(s.shutdown, false);
  assert.equal(typeof s.completed, "number");
});

test("resultSync() ends with WorkerCrashedError when the worker dies while the caller blocks", () => {
  const f = pool.submit(() => {
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 30);
    process.exit(4);
  });
  assert.throws(
    () => f.resultSync(10),
    (e: unknown) => {
      assert.ok(e instanceof WorkerCrashedError);
      assert.equal(e.exitCode, 4);
      return true;
    },
  );
});
