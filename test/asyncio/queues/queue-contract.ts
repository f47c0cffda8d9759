// The queue contract: one suite, run against every queue kind (Queue, PriorityQueue, LifoQueue,
// and later gevent's queue). What differs between kinds is only the order items come out in,
// given by `orderOf`; everything else — waiting in line, cancellation at every point, taskDone /
// join, shutdown, errors, statistics — is the same promise.
import assert from "node:assert/strict";
import { describe, test } from "node:test";
import {
  CancelledError,
  QueueEmpty,
  QueueFull,
  RuntimeError,
  sleep,
} from "../../../src/asyncio/index.js";
import { runVirtual } from "../../support/virtual.js";
import { lifecycleContract } from "./contract-lifecycle.js";
import {
  failure,
  type MakeQueue,
  Model,
  type OrderOf,
  prng,
  settle,
  spawn,
  throwsSync,
} from "./contract-support.js";
import { stress } from "./queue-stress.js";

export type { ContractQueue, MakeQueue, OrderOf } from "./contract-support.js";
export { prng } from "./contract-support.js";

/**
 * The contract every queue kind keeps. `label` names the suite, `makeQueue` builds a queue of the
 * kind, `orderOf` says in what order a batch of items comes out.
 */
export function queueContract(label: string, makeQueue: MakeQueue, orderOf: OrderOf): void {
  describe(`queue contract: ${label}`, () => {
    test("items come out in the kind's order, through any mix of puts and gets", async () => {
      const random = prng(7);
      await runVirtual(function* () {
        const q = makeQueue();
        const model = new Model(orderOf);
        let next = 0;
        for (let step = 0; step < 400; step++) {
          if (random() < 0.55 || model.present.length === 0) {
            const item = Math.floor(random() * 50) * 1000 + next++; // repeats in the high digits
            if (random() < 0.5) yield* q.put(item);
            else q.putNowait(item);
            model.put(item);
          } else {
            const got = random() < 0.5 ? yield* q.get() : q.getNowait();
            assert.equal(got, model.take());
          }
          assert.equal(q.qsize(), model.present.length);
        }
        while (!q.empty()) assert.equal(q.getNowait(), model.take());
      });
    });

    test("qsize, empty, full and maxsize; the nowait errors say what to do", async () => {
      await runVirtual(function* () {
        const q = makeQueue(2, { name: "small" });
        assert.equal(q.maxsize, 2);
        assert.deepEqual([q.qsize(), q.empty(), q.full()], [0, true, false]);
        throwsSync(
          () => q.getNowait(),
          QueueEmpty,
          `${q.describe()} is empty; use \`yield* queue.get()\` to wait for an item`,
        );
        q.putNowait(1);
        assert.deepEqual([q.qsize(), q.empty(), q.full()], [1, false, false]);
        yield* q.put(2);
        assert.deepEqual([q.qsize(), q.empty(), q.full()], [2, false, true]);
        throwsSync(
          () => q.putNowait(3),
          QueueFull,
          `${q.describe()} is full (maxsize 2); use \`yield* queue.put(item)\` to wait for room`,
        );
        const unbounded = makeQueue();
        assert.equal(unbounded.maxsize, 0);
        for (let i = 0; i < 1000; i++) unbounded.putNowait(i);
        assert.equal(unbounded.full(), false, "maxsize 0 is never full");
      });
    });

    test("a bounded put waits while full, and waiting putters go in in the order they came", async () => {
      const log: string[] = [];
      await runVirtual(function* (loop) {
        const q = makeQueue(2);
        const model = new Model(orderOf);
        for (const item of [0, 1]) {
          q.putNowait(item);
          model.put(item);
        }
        const putters = [10, 11, 12].map((item, i) =>
          spawn(loop, `P${i + 1}`, function* () {
            yield* q.put(item);
            log.push(`P${i + 1} put ${item}`);
          }),
        );
        yield* settle();
        assert.deepEqual(log, [], "nobody got in: the queue is full");
        assert.equal(q.statistics().putters, 3);
        for (let k = 0; k < 5; k++) {
          assert.equal(yield* q.get(), model.take());
          yield* settle(); // the putter that was given the room runs and puts
          if (k < 3) model.put(10 + k);
          assert.equal(q.qsize(), model.present.length);
        }
        for (const p of putters) yield* p;
        assert.equal(q.empty(), true);
      });
      assert.deepEqual(log, ["P1 put 10", "P2 put 11", "P3 put 12"]);
    });

    test("getters wait while empty and are served in the order they came", async () => {
      await runVirtual(function* (loop) {
        const q = makeQueue();
        // Items put while the getters wait, one batch: each getter takes the next in order.
        const model = new Model(orderOf);
        const batch = [5, 3, 9].map((_, i) => spawn(loop, `G${i + 1}`, () => q.get()));
        yield* settle();
        assert.equal(q.statistics().getters, 3);
        for (const item of [5, 3, 9]) {
          q.putNowait(item);
          model.put(item);
        }
        // Each of those items is reserved for its getter: nobody else can take it meanwhile.
        assert.deepEqual([q.qsize(), q.empty()], [0, true]);
        throwsSync(() => q.getNowait(), QueueEmpty);
        const late = spawn(loop, "late", () => q.get()); // joins the line behind them
        yield;
        assert.equal(q.statistics().getters, 1);
        for (const g of batch) assert.equal(yield* g, model.take());
        q.putNowait(42);
        assert.equal(yield* late, 42);
        // Items put one at a time: the longest-waiting getter gets each.
        const serial = [1, 2, 3].map((_, i) => spawn(loop, `H${i + 1}`, () => q.get()));
        yield* settle();
        for (const item of [8, 4, 6]) {
          yield* q.put(item);
          yield* settle();
        }
        assert.deepEqual([yield* serial[0]!, yield* serial[1]!, yield* serial[2]!], [8, 4, 6]);
        assert.equal(q.statistics().getters, 0);
      });
    });

    test("a cancelled waiting getter leaves the line and takes nothing", async () => {
      await runVirtual(function* (loop) {
        const q = makeQueue();
        const g1 = spawn(loop, "G1", () => q.get());
        const g2 = spawn(loop, "G2", () => q.get());
        yield* settle();
        g1.cancel();
        assert.equal(q.statistics().getters, 1, "it left the line at once");
        q.putNowait(7);
        assert.equal(yield* g2, 7);
        assert.ok((yield* failure(g1)) instanceof CancelledError);
        assert.equal(q.qsize(), 0);
      });
    });

    test("a wake-up is final: a getter woken for an item, then cancelled before it runs, still takes it", async () => {
      await runVirtual(function* (loop) {
        const q = makeQueue();
        const model = new Model(orderOf);
        const g1 = loop.createTask(
          function* () {
            const item = yield* q.get();
            try {
              yield; // its next wait: the cancellation lands here, the item is already in hand
            } finally {
              q.putNowait(item); // nothing is lost: it gives the item back as it unwinds
            }
          },
          { name: "G1" },
        );
        const g2 = spawn(loop, "G2", () => q.get());
        yield* settle();
        q.putNowait(7);
        model.put(7);
        g1.cancel(); // woken (the item is reserved for it) but has not run
        assert.ok((yield* failure(g1)) instanceof CancelledError);
        assert.equal(yield* g2, model.take(), "G1's item came back to the next getter");
        // Several woken at once, each then cancelled: each still takes an item, in the queue's order.
        const gs = [1, 2, 3].map((i) => spawn(loop, `W${i}`, () => q.get()));
        yield* settle();
        for (const item of [21, 22]) {
          q.putNowait(item); // W1 and W2 are woken
          model.put(item);
        }
        gs[1]!.cancel();
        gs[0]!.cancel();
        assert.equal(yield* gs[0]!, model.take(), "a request that never reached it: W1 returns");
        assert.equal(yield* gs[1]!, model.take());
        assert.equal(q.statistics().getters, 1, "W3 still waits");
        q.putNowait(23);
        assert.equal(yield* gs[2]!, 23);
        assert.equal(q.empty(), true);
      });
    });

    test("a cancelled waiting putter leaves the line; its item never goes in", async () => {
      await runVirtual(function* (loop) {
        const q = makeQueue(1);
        q.putNowait(0);
        const p1 = spawn(loop, "P1", () => q.put(1));
        const p2 = spawn(loop, "P2", () => q.put(2));
        yield* settle();
        p1.cancel();
        assert.equal(q.statistics().putters, 1);
        assert.equal(q.getNowait(), 0);
        yield* p2;
        assert.ok((yield* failure(p1)) instanceof CancelledError);
        assert.equal(q.getNowait(), 2);
        assert.equal(q.empty(), true);
      });
    });

    test("a wake-up is final: a putter given room, then cancelled before it runs, still puts its item", async () => {
      await runVirtual(function* (loop) {
        const q = makeQueue(1);
        q.putNowait(0);
        const p1 = spawn(loop, "P1", () => q.put(1));
        const p2 = spawn(loop, "P2", () => q.put(2));
        yield* settle();
        assert.equal(q.getNowait(), 0); // room reserved for P1
        assert.equal(q.full(), true, "the room is P1's: nobody else may take it");
        throwsSync(() => q.putNowait(99), QueueFull);
        p1.cancel();
        yield* p1; // the request never reached it: the put completed
        assert.equal(q.getNowait(), 1, "P1's item went in");
        yield* p2;
        assert.equal(q.getNowait(), 2);
        assert.deepEqual([q.full(), q.qsize()], [false, 0]);
      });
    });

    test("randomized cancellation at every point: no item is lost or duplicated", async () => {
      for (let seed = 1; seed <= 80; seed++) await stress(makeQueue, seed);
    });

    lifecycleContract(makeQueue, orderOf);

    test("statistics() is a plain snapshot", async () => {
      await runVirtual(function* (loop) {
        const q = makeQueue(1);
        const getter = spawn(loop, "G", () => q.get());
        yield* settle();
        assert.deepEqual(
          { ...q.statistics() },
          { size: 0, maxsize: 1, getters: 1, putters: 0, unfinished: 0, shutdown: false },
        );
        q.putNowait(1);
        yield* getter;
        q.putNowait(2);
        const putter = spawn(loop, "P", () => q.put(3));
        yield* settle();
        const snapshot = q.statistics();
        assert.deepEqual(
          { ...snapshot },
          { size: 1, maxsize: 1, getters: 0, putters: 1, unfinished: 2, shutdown: false },
        );
        q.getNowait();
        yield* putter;
        assert.equal(snapshot.putters, 1, "a snapshot does not change afterwards");
      });
    });

    test("names: describe() gives `Kind 'name'`, or `Kind#n` when unnamed", () => {
      assert.match(makeQueue(0, { name: "jobs" }).describe(), /^\w+ 'jobs'$/);
      assert.match(makeQueue().describe(), /^\w+#\d+$/);
    });

    test("bad input: maxsize, options, shutdown's flag; waiting without a running loop", () => {
      for (const bad of [-1, 1.5, Number.NaN, Number.POSITIVE_INFINITY, "3"]) {
        throwsSync(
          () => makeQueue(bad),
          RangeError,
          /^\w+ maxsize must be an integer >= 0 \(0, the default, means no bound\); got the (number|string) /,
        );
      }
      throwsSync(
        () => makeQueue(0, { name: 5 as unknown as string }),
        TypeError,
        /options\.name must be a string; got the number 5$/,
      );
      const q = makeQueue();
      throwsSync(
        () => q.shutdown("yes" as unknown as boolean),
        TypeError,
        /^\w+\.shutdown\(immediate\) takes a boolean; got the string "yes"$/,
      );
      const noLoop = / needs a running loop: call it from a task inside run\(\.\.\.\)$/;
      throwsSync(() => q.get(), RuntimeError, noLoop);
      throwsSync(() => q.put(1), RuntimeError, noLoop);
      q.putNowait(1); // the nowait forms need no loop
      throwsSync(() => q.join(), RuntimeError, noLoop);
      assert.equal(q.getNowait(), 1);
    });

    test("a queue serves the tasks of one loop, then of another", async () => {
      const q = makeQueue();
      for (let round = 0; round < 2; round++) {
        await runVirtual(function* (loop) {
          const g = spawn(loop, "G", () => q.get());
          yield* settle();
          q.putNowait(round);
          assert.equal(yield* g, round);
        });
      }
    });

    test("async functions can await get, put and join", async () => {
      await runVirtual(function* (loop) {
        const q = makeQueue(1);
        const consumer = loop.createTask(async () => {
          const a = await q.get(); // waits: the queue is empty
          q.taskDone();
          const b = await q.get();
          q.taskDone();
          return [a, b];
        });
        const producer = loop.createTask(async () => {
          await sleep(1);
          await q.put(1);
          await q.put(2);
          await q.put(3); // waits for room
          await q.join().then(
            () => undefined,
            () => undefined,
          );
        });
        yield* sleep(2);
        assert.deepEqual(yield* consumer, [1, 2]);
        assert.equal(q.getNowait(), 3);
        q.taskDone();
        yield* producer;
      });
    });
  });
}
