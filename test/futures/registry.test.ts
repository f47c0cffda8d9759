// The registry monitors read: live pools, weakly held, with busy/idle workers in their statistics.
import assert from "node:assert/strict";
import { it } from "node:test";
import { liveExecutors, ProcessPoolExecutor, ThreadPoolExecutor } from "../../src/futures/index.js";

it("liveExecutors() lists pools by name and kind, with busy workers counted", async () => {
  const threads = new ThreadPoolExecutor({ maxWorkers: 2, name: "hashers" });
  const processes = new ProcessPoolExecutor({ maxWorkers: 1, name: "crunchers" });
  try {
    const listed = liveExecutors().filter((p) => p === threads || p === processes);
    assert.deepEqual(
      listed.map((p) => [p.name, p.kind]),
      [
        ["hashers", "thread"],
        ["crunchers", "process"],
      ],
    );
    const gate = new SharedArrayBuffer(4);
    const blocked = threads.submit((g: SharedArrayBuffer) => {
      Atomics.wait(new Int32Array(g), 0, 0, 10_000);
      return 1;
    }, gate);
    // Wait until the job runs in a worker: one busy worker, nothing queued.
    while (!blocked.running()) await new Promise((r) => setTimeout(r, 5));
    const stats = threads.statistics();
    assert.equal(stats.busy, 1);
    assert.equal(stats.queued, 0);
    Atomics.store(new Int32Array(gate), 0, 1);
    Atomics.notify(new Int32Array(gate), 0);
    assert.equal(await blocked, 1);
    assert.equal(threads.statistics().busy, 0);
    assert.equal(threads.statistics().completed, 1);
  } finally {
    await threads.shutdown();
    await processes.shutdown();
  }
});
