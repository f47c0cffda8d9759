import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { threadId } from "node:worker_threads";
import {
  CancelledError,
  createTask,
  gather,
  getRunningLoop,
  run,
  sleep,
  toThread,
} from "../../../src/asyncio/index.js";
import { ThreadPoolExecutor } from "../../../src/futures/index.js";

test("toThread() runs the function in a worker thread and gives back its result", async () => {
  const [result, where] = await run(function* () {
    const result = yield* toThread((a: number, b: number) => a * b, 6, 7);
    const where = yield* toThread(() => process.getBuiltinModule("node:worker_threads").threadId);
    return [result, where];
  });
  assert.equal(result, 42);
  assert.notEqual(where, threadId, "the function ran on another thread");
});

test("the loop keeps running other tasks while toThread() works", async () => {
  const log = await run(function* () {
    const log: string[] = [];
    const ticker = createTask(function* () {
      for (let i = 0; i < 3; i++) {
        log.push(`tick ${i}`);
        yield* sleep(0.01);
      }
    });
    // Busy for ~60 ms in the worker; the loop's thread stays free for the ticker.
    const spun = yield* toThread(() => {
      const end = Date.now() + 60;
      let n = 0;
      while (Date.now() < end) n++;
      return n > 0;
    });
    log.push(`spun ${spun}`);
    yield* ticker;
    return log;
  });
  assert.deepEqual(log, ["tick 0", "tick 1", "tick 2", "spun true"]);
});

test("toThread() failures arrive as the function's own error", async () => {
  await assert.rejects(
    run(function* () {
      yield* toThread(() => {
        throw new RangeError("bad input");
      });
    }),
    { name: "RangeError", message: "bad input" },
  );
});

/** The process's OS threads (Linux): worker threads are among them, idle or not. */
function osThreads(): number {
  const status = readFileSync("/proc/self/status", "utf8");
  return Number(/^Threads:\s+(\d+)/m.exec(status)?.[1]);
}

test("run() shuts the default executor down: its threads are gone when run() returns", async () => {
  const before = osThreads();
  const during = await run(function* () {
    yield* gather(
      toThread(() => 1),
      toThread(() => 2),
    );
    return osThreads();
  });
  assert.ok(during > before, `the pool started threads (${before} before, ${during} during)`);
  assert.equal(osThreads(), before, "no worker thread is left once run() returned");
});

test("loop.setDefaultExecutor() picks the pool toThread() and runInExecutor(null) use", async () => {
  const pool = new ThreadPoolExecutor({ maxWorkers: 1, name: "mine" });
  const results = await run(function* () {
    getRunningLoop().setDefaultExecutor(pool);
    return yield* gather(
      toThread(() => "a"),
      getRunningLoop().runInExecutor(null, () => "b"),
    );
  });
  assert.deepEqual(results, ["a", "b"]);
  assert.equal(pool.statistics().completed, 2, "both ran on the given pool");
  assert.equal(pool.statistics().shutdown, true, "run() shut the given default executor down too");
});

test("cancelling a toThread() wait cancels the job if it has not started", async () => {
  const pool = new ThreadPoolExecutor({ maxWorkers: 1 });
  const outcome = await run(function* () {
    getRunningLoop().setDefaultExecutor(pool);
    const first = createTask(function* () {
      return yield* toThread(() => {
        const end = Date.now() + 50;
        while (Date.now() < end);
        return "first";
      });
    });
    const second = createTask(function* () {
      return yield* toThread(() => "second");
    });
    yield* sleep(0); // both submitted; the one worker runs `first`, `second` waits in the queue
    second.cancel();
    const r1 = yield* first;
    try {
      yield* second;
      return [r1, "second ran"];
    } catch (error) {
      return [r1, error instanceof CancelledError ? "second cancelled" : String(error)];
    }
  });
  assert.deepEqual(outcome, ["first", "second cancelled"]);
  assert.equal(pool.statistics().cancelled, 1, "the pool job was cancelled, not just the wait");
});

test("toThread() outside a running loop is a RuntimeError at the call", () => {
  assert.throws(() => toThread(() => 1), { name: "RuntimeError" });
});
