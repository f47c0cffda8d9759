// An idle worker gets its job at submit(), as a Python worker takes it from the queue at once;
// only the jobs that pile up behind busy workers wait to go out together as a batch.
import assert from "node:assert/strict";
import { test } from "node:test";
import { type Executor, ProcessPoolExecutor, ThreadPoolExecutor } from "../../src/futures/index.js";

/** Blocks this thread (no event loop turns) until `done()` or `ms` pass, as Python's time.sleep would. */
function blockUntil(done: () => boolean, ms: number): void {
  const nap = new Int32Array(new SharedArrayBuffer(4));
  const end = performance.now() + ms;
  while (!done() && performance.now() < end) Atomics.wait(nap, 0, 0, 5);
}

test("a job submitted just before the main thread blocks runs (a new worker)", async () => {
  const pool = new ThreadPoolExecutor({ maxWorkers: 1 });
  try {
    const f = pool.submit((x: number) => x * 2, 21);
    blockUntil(() => f.done(), 10_000);
    assert.equal(f.done(), true, "the job never started while the main thread was blocked");
    assert.equal(await f, 42);
  } finally {
    await pool.shutdown();
  }
});

test("a job submitted just before the main thread blocks runs (an idle worker)", async () => {
  const pool = new ThreadPoolExecutor({ maxWorkers: 2 });
  try {
    await Promise.all([pool.submit(() => 0), pool.submit(() => 0)]); // both workers up, idle
    const a = pool.submit((x: number) => x + 1, 1);
    const b = pool.submit((x: number) => x + 2, 1);
    blockUntil(() => a.done() && b.done(), 10_000);
    assert.deepEqual([a.done(), b.done()], [true, true]);
    assert.deepEqual([await a, await b], [2, 3]);
  } finally {
    await pool.shutdown();
  }
});

const kinds: [string, () => Executor][] = [
  ["thread", () => new ThreadPoolExecutor({ maxWorkers: 1 })],
  ["process", () => new ProcessPoolExecutor({ maxWorkers: 1 })],
];
for (const [noun, make] of kinds) {
  test(`${noun} pool: shutdown({ cancelFutures }) right after 20 submissions leaves the first running`, async () => {
    const pool = make();
    const fs = Array.from({ length: 20 }, (_, i) => pool.submit((x: number) => x, i));
    await pool.shutdown({ cancelFutures: true });
    assert.equal(fs[0]?.cancelled(), false, "the first job had gone to the worker already");
    assert.equal(await fs[0], 0);
    assert.deepEqual(
      fs.slice(1).map((f) => f.cancelled()),
      Array(19).fill(true),
    );
  });
}
