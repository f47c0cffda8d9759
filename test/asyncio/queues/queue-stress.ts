// The contract's randomized run: cancellation at every point, checked against invariants.
import assert from "node:assert/strict";
import { CancelledError, sleep, type Task } from "../../../src/asyncio/index.js";
import { runVirtual } from "../../support/virtual.js";
import { type MakeQueue, prng, spawn } from "./contract-support.js";

/**
 * One randomized run: producers, consumers and a chaos task that cancels tasks at random points
 * (including between a wake-up and the run) and uses the nowait forms. Checks, as it goes, that
 * getters wait only when no item is free and putters only when the queue is full; at the end,
 * that the items got plus those left are exactly the items whose put completed.
 */
export async function stress(makeQueue: MakeQueue, seed: number): Promise<void> {
  const random = prng(seed);
  const pick = <T>(xs: readonly T[]): T | undefined => xs[Math.floor(random() * xs.length)];
  const maxsize = Math.floor(random() * 4); // 0 (unbounded) to 3
  const putDone: number[] = [];
  const putRefused = new Set<number>(); // put threw (cancelled): must never show up
  const got: number[] = [];
  let nextItem = 1;
  await runVirtual(function* (loop) {
    const q = makeQueue(maxsize);
    const check = () => {
      const s = q.statistics();
      if (s.getters > 0) assert.equal(q.qsize(), 0, `seed ${seed}: a getter waits beside an item`);
      if (s.putters > 0) assert.equal(q.full(), true, `seed ${seed}: a putter waits with room`);
      if (maxsize > 0) assert.ok(q.qsize() <= maxsize, `seed ${seed}: over maxsize`);
    };
    const pause = () => (random() < 0.5 ? sleep(0) : sleep(Math.floor(random() * 3) / 10));
    const workers: Task<void>[] = [];
    for (let w = 0; w < 12; w++) {
      const producer = random() < 0.5;
      const ops = 1 + Math.floor(random() * 6);
      workers.push(
        spawn(loop, `${producer ? "P" : "C"}${w}`, function* () {
          for (let i = 0; i < ops; i++) {
            yield* pause();
            if (producer) {
              const item = nextItem++;
              try {
                yield* q.put(item);
              } catch (error) {
                putRefused.add(item);
                throw error;
              }
              putDone.push(item);
            } else {
              got.push(yield* q.get());
            }
            check();
          }
        }),
      );
    }
    const chaos = spawn(loop, "chaos", function* () {
      for (let step = 0; step < 60; step++) {
        const roll = random();
        if (roll < 0.25) {
          if (!q.empty()) got.push(q.getNowait());
        } else if (roll < 0.4) {
          if (!q.full()) {
            const item = nextItem++;
            q.putNowait(item);
            putDone.push(item);
          }
        }
        // Often cancel right after a nowait call: that catches waiters woken but not yet run.
        if (random() < 0.35) pick(workers.filter((t) => !t.done()))?.cancel();
        check();
        yield* pause();
      }
    });
    yield* chaos;
    yield* sleep(10);
    for (const t of workers) t.cancel(); // whoever still waits forever
    for (const t of workers) {
      try {
        yield* t;
      } catch (error) {
        assert.ok(error instanceof CancelledError, `seed ${seed}: ${String(error)}`);
      }
    }
    check();
    while (!q.empty()) got.push(q.getNowait());
    assert.deepEqual(q.statistics().getters + q.statistics().putters, 0);
  });
  const sorted = (xs: Iterable<number>) => [...xs].sort((a, b) => a - b);
  assert.deepEqual(sorted(got), sorted(putDone), `seed ${seed}: got + left != put`);
  for (const item of got) assert.ok(!putRefused.has(item), `seed ${seed}: a cancelled put went in`);
}
