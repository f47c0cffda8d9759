// The queue contract, part two: the end of a queue's work — taskDone / join, and shutdown (Python
// 3.13), including shutdown between a waiter's wake-up and its run.
import assert from "node:assert/strict";
import { test } from "node:test";
import { CancelledError, QueueShutDown } from "../../../src/asyncio/index.js";
import { runVirtual } from "../../support/virtual.js";
import {
  failure,
  type MakeQueue,
  Model,
  type OrderOf,
  settle,
  spawn,
  throwsSync,
} from "./contract-support.js";

const SHUT_PUT = / was shut down: it takes no more items; stop producing, or use a new queue$/;
const SHUT_GET =
  / was shut down and has no items left: no more will come; end the consumer \(catch QueueShutDown\)$/;

/** Registers the lifecycle tests of the contract (inside queueContract's `describe`). */
export function lifecycleContract(makeQueue: MakeQueue, orderOf: OrderOf): void {
  test("taskDone and join: join waits until every item put is marked done", async () => {
    await runVirtual(function* (loop) {
      const q = makeQueue();
      yield* q.join(); // nothing unfinished: returns at once
      for (const item of [1, 2, 3]) yield* q.put(item);
      const log: string[] = [];
      const joiners = ["J1", "J2"].map((name) =>
        spawn(loop, name, function* () {
          yield* q.join();
          log.push(`${name} joined`);
        }),
      );
      const quitter = spawn(loop, "J3", () => q.join());
      yield* settle();
      quitter.cancel();
      for (let i = 0; i < 3; i++) q.getNowait();
      q.taskDone();
      q.taskDone();
      yield* settle();
      assert.deepEqual(log, [], "one item is not done yet");
      assert.equal(q.statistics().unfinished, 1);
      q.taskDone();
      for (const j of joiners) yield* j;
      assert.deepEqual(log, ["J1 joined", "J2 joined"]);
      assert.ok((yield* failure(quitter)) instanceof CancelledError);
      throwsSync(
        () => q.taskDone(),
        RangeError,
        `taskDone() called more times than there were items put (${q.describe()}); call it once for each item taken with get(), after handling it`,
      );
    });
  });

  test("shutdown(): puts are refused, waiting putters and getters fail, gets drain what is left", async () => {
    await runVirtual(function* (loop) {
      const q = makeQueue(2);
      const model = new Model(orderOf);
      for (const item of [1, 2]) {
        yield* q.put(item);
        model.put(item);
      }
      const putter = spawn(loop, "P", () => q.put(3));
      yield* settle();
      q.shutdown();
      const refused = yield* failure(putter);
      assert.ok(refused instanceof QueueShutDown);
      assert.match(refused.message, SHUT_PUT);
      assert.deepEqual([q.qsize(), q.full()], [2, true], "the refused item did not go in");
      throwsSync(() => q.putNowait(4), QueueShutDown, SHUT_PUT);
      throwsSync(() => q.put(4), QueueShutDown, SHUT_PUT);
      assert.equal(q.statistics().shutdown, true);
      assert.equal(yield* q.get(), model.take(), "what is left can still be got");
      assert.equal(q.getNowait(), model.take());
      throwsSync(() => q.getNowait(), QueueShutDown, SHUT_GET);
      throwsSync(() => q.get(), QueueShutDown, SHUT_GET);
      q.taskDone();
      q.taskDone();
      yield* q.join();

      const empty = makeQueue();
      const getters = ["G1", "G2"].map((name) => spawn(loop, name, () => empty.get()));
      yield* settle();
      empty.shutdown();
      for (const g of getters) {
        const error = yield* failure(g);
        assert.ok(error instanceof QueueShutDown);
        assert.match((error as Error).message, SHUT_GET);
      }
      assert.deepEqual([empty.statistics().getters, empty.qsize(), empty.empty()], [0, 0, true]);
    });
  });

  test("shutdown(true): the items are dropped and counted done, and every getter fails at once", async () => {
    await runVirtual(function* (loop) {
      const q = makeQueue();
      for (const item of [1, 2, 3]) q.putNowait(item);
      q.getNowait(); // taken, not yet done
      const joiner = spawn(loop, "J", () => q.join());
      yield* settle();
      q.shutdown(true);
      assert.deepEqual(
        { ...q.statistics() },
        { size: 0, maxsize: 0, getters: 0, putters: 0, unfinished: 1, shutdown: true },
      );
      throwsSync(() => q.getNowait(), QueueShutDown, SHUT_GET);
      yield* settle();
      assert.equal(joiner.done(), false, "the item taken is still unfinished");
      q.taskDone();
      yield* joiner;

      const waiting = makeQueue();
      const getters = ["G1", "G2"].map((name) => spawn(loop, name, () => waiting.get()));
      const joiner2 = spawn(loop, "J2", function* () {
        waiting.putNowait(1);
        yield* waiting.join();
      });
      yield* settle(); // G1 took the item (unfinished); G2 waits
      waiting.shutdown(true);
      assert.equal(yield* getters[0]!, 1);
      assert.ok((yield* failure(getters[1]!)) instanceof QueueShutDown);
      waiting.taskDone();
      yield* joiner2;
    });
  });

  test("shutdown between a waiter's wake-up and its run", async () => {
    await runVirtual(function* (loop) {
      // A putter given room, then shutdown: it fails when it runs (asyncio's rule).
      const q = makeQueue(1);
      q.putNowait(0);
      const putter = spawn(loop, "P", () => q.put(1));
      yield* settle();
      q.getNowait();
      q.shutdown();
      assert.ok((yield* failure(putter)) instanceof QueueShutDown);
      assert.equal(q.empty(), true);
      // A getter woken for an item, then shutdown(): it still gets the item.
      const q2 = makeQueue();
      const g = spawn(loop, "G", () => q2.get());
      yield* settle();
      q2.putNowait(5);
      q2.shutdown();
      assert.equal(yield* g, 5);
      // ... but after shutdown(true) the item is gone: it fails.
      const q3 = makeQueue();
      const g3 = spawn(loop, "G3", () => q3.get());
      yield* settle();
      q3.putNowait(5);
      q3.shutdown(true);
      assert.ok((yield* failure(g3)) instanceof QueueShutDown);
      assert.equal(q3.statistics().unfinished, 0);
    });
  });
}
