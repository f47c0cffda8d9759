import assert from "node:assert/strict";
import { after, test } from "node:test";
import { run } from "../../src/asyncio/run.js";
import { getRunningLoop, WorkerCrashedError } from "../../src/core/index.js";
import { ProcessPoolExecutor } from "../../src/futures/index.js";
import { Lock } from "../../src/threading/index.js";

const jobs = new URL("./fixtures/jobs.js", import.meta.url);
const pool = new ProcessPoolExecutor({ maxWorkers: 2, cancelGrace: 0.1 });
after(() => pool.shutdown());

test("submit() runs the function in another process; the future is awaitable", async () => {
  const f = pool.submit((a: number, b: number) => a + b, 2, 3);
  assert.equal(f.done(), false);
  assert.equal(await f.result(), 5);
  assert.equal(f.done(), true);
  const pid = await pool.submit(() => process.pid);
  assert.notEqual(pid, process.pid);
});

test("structured clone carries typed arrays, Maps, Dates and errors both ways", async () => {
  const [isMap, date, bytes] = await pool.submit(
    (m: Map<number, Date>, a: Float64Array) => [m instanceof Map, m.get(1), a.map((x) => x * 2)],
    new Map([[1, new Date(0)]]),
    new Float64Array([1.5, 2]),
  );
  assert.equal(isMap, true);
  assert.ok(date instanceof Date && date.getTime() === 0);
  assert.deepEqual(bytes, new Float64Array([3, 4]));
  await assert.rejects(
    pool
      .submit(() => {
        throw new RangeError("out of range");
      })
      .result(),
    { name: "RangeError", message: "out of range" },
  );
});

test("{ module, name } runs an exported function; a closure is reported by name", async () => {
  assert.equal(await pool.submit({ module: jobs, name: "double" }, 21), 42);
  const secret = 1;
  await assert.rejects(pool.submit(() => secret).result(), /uses "secret", which does not exist/);
});

test("map() keeps order, with and without chunksize", async () => {
  const items = Array.from({ length: 200 }, (_, i) => i);
  assert.deepEqual(await pool.map((x: number) => x * x, items.slice(0, 5)), [0, 1, 4, 9, 16]);
  const out = await pool.map((x: number) => x + 1, items, { chunksize: 32 });
  assert.deepEqual(
    out,
    items.map((x) => x + 1),
  );
});

test("many small jobs all complete in order", async () => {
  const fs = Array.from({ length: 2000 }, (_, i) => pool.submit((x: number) => x + 1, i));
  const results = await Promise.all(fs.map((f) => f.result()));
  assert.ok(results.every((v, i) => v === i + 1));
});

test("a job sent to its process counts as running: cancel() returns false (as in Python)", async () => {
  const one = new ProcessPoolExecutor({ maxWorkers: 1 });
  try {
    const nap = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
    const first = one.submit(nap, 100); // goes to the idle process at once
    // Two more behind it are a deep enough queue to be sent ahead to the busy process.
    const sent = one.submit((x: number) => x, 1);
    const also = one.submit((x: number) => x, 2);
    await new Promise((r) => setTimeout(r, 20));
    assert.equal(sent.running(), true);
    assert.equal(sent.cancel(), false);
    assert.equal(await first, "timed-out");
    assert.equal(await sent, 1);
    assert.equal(await also, 2);
  } finally {
    await one.shutdown();
  }
});

test("queued jobs beyond the batch sent to the process can still be cancelled", async () => {
  const one = new ProcessPoolExecutor({ maxWorkers: 1 });
  try {
    const nap = (ms: number) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
    one.submit(nap, 100);
    const fs = Array.from({ length: 100 }, (_, i) => one.submit((x: number) => x, i));
    await new Promise((r) => setTimeout(r, 20));
    const last = fs[99] as (typeof fs)[number];
    assert.equal(last.cancel(), true);
    assert.equal(last.cancelled(), true);
    assert.equal(one.statistics().inWorkers <= 32, true);
    assert.equal(await fs[98], 98);
  } finally {
    await one.shutdown();
  }
});

test("an async job sees isCancelled() between awaits after cancel()", async () => {
  const f = pool.submit({ module: jobs, name: "asyncUntilCancelled" }, 5000);
  await new Promise((r) => setTimeout(r, 50));
  assert.equal(f.cancel(), false);
  assert.equal(await f, "stopped");
});

test("process.exit() in a job fails only that job with WorkerCrashedError; the process is replaced", async () => {
  const crashed = pool.submit(() => process.exit(3));
  await assert.rejects(crashed.result(), (e: unknown) => {
    assert.ok(e instanceof WorkerCrashedError);
    assert.equal(e.exitCode, 3);
    assert.equal(e.signal, null);
    assert.equal(
      e.message,
      "the worker process running this job exited with code 3; only this job failed and the worker was replaced — a job that calls process.exit() or throws asynchronously counts as a crash",
    );
    return true;
  });
  assert.equal(await pool.submit(() => "still here"), "still here");
});

test("a process killed by a signal: WorkerCrashedError with .signal; unstarted jobs it held run elsewhere", async () => {
  const one = new ProcessPoolExecutor({ maxWorkers: 1 });
  try {
    const killed = one.submit(() => {
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 30);
      process.kill(process.pid, "SIGKILL");
    });
    const behind = [1, 2, 3].map((x) => one.submit((y: number) => y * 10, x));
    await assert.rejects(killed.result(), (e: unknown) => {
      assert.ok(e instanceof WorkerCrashedError);
      assert.equal(e.exitCode, null);
      assert.equal(e.signal, "SIGKILL");
      assert.match(e.message, /^the worker process running this job was killed by SIGKILL;/);
      return true;
    });
    assert.deepEqual(await Promise.all(behind), [10, 20, 30]);
    assert.equal(one.statistics().crashed, 1);
  } finally {
    await one.shutdown();
  }
});

test("submitWith({ timeout }) kills a runaway process", async () => {
  const f = pool.submitWith({ timeout: 0.1 }, () => {
    for (;;) {}
  });
  await assert.rejects(f.result(), { name: "TimeoutError" });
  assert.equal(await pool.submit(() => "alive"), "alive");
});

test("SharedArrayBuffers and threading primitives are refused at submit(), naming the argument", async () => {
  assert.throws(() => pool.submit((_a: number, _b: unknown) => 1, 1, new SharedArrayBuffer(8)), {
    name: "TypeError",
    message:
      "submit(): argument 2 (SharedArrayBuffer) is backed by a SharedArrayBuffer, which a child process cannot share (processes share no memory); use a ThreadPoolExecutor for shared memory, or pass a copy of the data",
  });
  assert.throws(() => pool.submit((_l: unknown) => 1, new Lock()), {
    name: "TypeError",
    message:
      "submit(): argument 1 (Lock) is a spindle/threading primitive, which lives in shared memory a child process cannot share; use a ThreadPoolExecutor for shared memory",
  });
  await assert.rejects(
    pool.map((_a: unknown) => 1, [new Int32Array(new SharedArrayBuffer(8))], { chunksize: 2 }),
    /^TypeError: map\(\): argument 1 \(Int32Array\) is backed by a SharedArrayBuffer/,
  );
});

test("resultSync() cannot block for a process: RuntimeError saying to await result()", async () => {
  const f = pool.submit(() => 1);
  assert.throws(() => f.resultSync(), {
    name: "RuntimeError",
    message:
      "resultSync(): a ProcessPoolExecutor cannot block the thread for a result (a child process answers only through the event loop); await future.result() instead, or use a ThreadPoolExecutor",
  });
  assert.equal(await f, 1);
  assert.equal(f.resultSync(), 1);
});

test("loop.runInExecutor() and yield* bridge process futures into spindle tasks", async () => {
  const result = await run(function* () {
    const loop = getRunningLoop();
    const a = yield* loop.runInExecutor(pool, (x: number) => x * 3, 5);
    const b = yield* pool.submit((s: string) => s.length, "four");
    return [a, b];
  });
  assert.deepEqual(result, [15, 4]);
});
