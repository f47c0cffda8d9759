// Cancelling a running job: cancel() returns false (Python), the job is asked to stop, and after
// the pool's cancelGrace its worker is terminated and the future ends cancelled.
import assert from "node:assert/strict";
import { test } from "node:test";
import { CancelledError } from "../../src/core/index.js";
import { type Executor, ProcessPoolExecutor, ThreadPoolExecutor } from "../../src/futures/index.js";

const jobs = new URL("./fixtures/jobs.js", import.meta.url);
const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function untilRunning(f: { running(): boolean }): Promise<void> {
  const end = Date.now() + 5000;
  while (!f.running()) {
    if (Date.now() > end) assert.fail("the job never started");
    await pause(5);
  }
}

const kinds: [string, (grace: number) => Executor & ThreadPoolExecutor][] = [
  ["thread", (cancelGrace) => new ThreadPoolExecutor({ maxWorkers: 1, cancelGrace })],
  [
    "process",
    (cancelGrace) =>
      new ProcessPoolExecutor({ maxWorkers: 1, cancelGrace }) as unknown as ThreadPoolExecutor,
  ],
];

for (const [noun, make] of kinds) {
  test(`${noun} pool: a running job that ignores cancel() is ended after cancelGrace`, async () => {
    const pool = make(0.05);
    try {
      const spin = pool.submit(() => {
        for (;;) {}
      });
      const behind = pool.submit((x: number) => x * 2, 21);
      await untilRunning(spin);
      await pause(20);
      assert.equal(spin.cancel(), false);
      await assert.rejects(spin.result(), (e: unknown) => {
        assert.ok(e instanceof CancelledError);
        assert.equal(
          e.message,
          `the job was cancelled while running and ignored the request for 0.05 s, so its worker ${noun} was terminated (a new one takes its place) — poll isCancelled() in long jobs, or raise cancelGrace`,
        );
        return true;
      });
      assert.equal(spin.cancelled(), true);
      assert.equal(spin.done(), true);
      assert.equal(await behind, 42, "the job behind it runs on the replacement");
      const s = pool.statistics();
      assert.equal(s.cancelled, 1);
      assert.equal(s.crashed, 0);
    } finally {
      await pool.shutdown();
    }
  });

  test(`${noun} pool: a job that stops within the grace period keeps its result`, async () => {
    const pool = make(5);
    try {
      const f = pool.submit({ module: jobs, name: "asyncUntilCancelled" }, 5000);
      await untilRunning(f);
      await pause(50);
      assert.equal(f.cancel(), false);
      assert.equal(await f, "stopped");
      assert.equal(f.cancelled(), false);
      const quick = pool.submit(async () => {
        await new Promise((r) => setTimeout(r, 30));
        return "kept";
      });
      await untilRunning(quick);
      assert.equal(quick.cancel(), false);
      assert.equal(await quick, "kept");
    } finally {
      await pool.shutdown();
    }
  });
}

test("cancelGrace: Infinity only asks (Python's behaviour); the job runs to its end", async () => {
  const pool = new ThreadPoolExecutor({ maxWorkers: 1, cancelGrace: Number.POSITIVE_INFINITY });
  try {
    const f = pool.submit(() => {
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 80);
      return "finished";
    });
    await untilRunning(f);
    assert.equal(f.cancel(), false);
    assert.equal(await f, "finished");
  } finally {
    await pool.shutdown();
  }
});

test("cancelGrace is checked at the constructor", () => {
  for (const cancelGrace of [-1, Number.NaN, "1" as unknown as number]) {
    assert.throws(() => new ThreadPoolExecutor({ cancelGrace }), {
      name: "RangeError",
      message: `ThreadPoolExecutor({ cancelGrace }): cancelGrace must be a number of seconds >= 0 (Infinity: never terminate), got ${String(cancelGrace)}`,
    });
  }
  assert.throws(() => new ProcessPoolExecutor({ cancelGrace: -0.5 }), {
    name: "RangeError",
    message:
      "ProcessPoolExecutor({ cancelGrace }): cancelGrace must be a number of seconds >= 0 (Infinity: never terminate), got -0.5",
  });
});
