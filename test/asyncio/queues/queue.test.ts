import assert from "node:assert/strict";
import { test } from "node:test";
import {
  DeadlockError,
  Future,
  LifoQueue,
  PriorityQueue,
  Queue,
  QueueEmpty,
  QueueFull,
  QueueShutDown,
  RuntimeError,
  run,
  VirtualClock,
} from "../../../src/asyncio/index.js";
import { runVirtual } from "../../support/virtual.js";
import { queueContract } from "./queue-contract.js";

queueContract(
  "Queue",
  (maxsize, options) => new Queue<number>(maxsize as number, options),
  (items) => [...items],
);

test("Queue's messages, word for word", async () => {
  const range = (message: string) => ({ name: "RangeError", message });
  assert.throws(
    () => new Queue(-1),
    range(
      "Queue maxsize must be an integer >= 0 (0, the default, means no bound); got the number -1",
    ),
  );
  assert.throws(
    () => new Queue({ name: "jobs" } as unknown as number),
    range(
      "Queue maxsize must be an integer >= 0 (0, the default, means no bound); got a plain object (options come second: new Queue(0, { name }))",
    ),
  );
  assert.throws(
    () => new PriorityQueue(2.5),
    range(
      "PriorityQueue maxsize must be an integer >= 0 (0, the default, means no bound); got the number 2.5",
    ),
  );
  assert.throws(() => new Queue(0, "jobs" as unknown as { name: string }), {
    name: "TypeError",
    message: 'Queue options must be an object like { name: "jobs" }; got the string "jobs"',
  });

  const q = new Queue<number>(1, { name: "jobs" });
  const noLoop = (call: string) => ({
    name: "RuntimeError",
    message: `${call} needs a running loop: call it from a task inside run(...)`,
  });
  assert.throws(() => q.get(), noLoop("Queue.get()"));
  assert.throws(() => q.put(1), noLoop("Queue.put()"));
  assert.throws(() => q.join(), noLoop("Queue.join()"));
  assert.throws(() => new LifoQueue().get(), noLoop("LifoQueue.get()"));
  assert.throws(() => q.getNowait(), {
    name: "QueueEmpty",
    message: "Queue 'jobs' is empty; use `yield* queue.get()` to wait for an item",
  });
  q.putNowait(1);
  assert.throws(() => q.putNowait(2), {
    name: "QueueFull",
    message: "Queue 'jobs' is full (maxsize 1); use `yield* queue.put(item)` to wait for room",
  });
  q.getNowait();
  q.taskDone();
  assert.throws(() => q.taskDone(), {
    name: "RangeError",
    message:
      "taskDone() called more times than there were items put (Queue 'jobs'); call it once for each item taken with get(), after handling it",
  });
  q.shutdown();
  assert.throws(() => q.putNowait(1), {
    name: "QueueShutDown",
    message:
      "Queue 'jobs' was shut down: it takes no more items; stop producing, or use a new queue",
  });
  assert.throws(() => q.getNowait(), {
    name: "QueueShutDown",
    message:
      "Queue 'jobs' was shut down and has no items left: no more will come; end the consumer (catch QueueShutDown)",
  });
  assert.ok(new QueueEmpty() instanceof Error && new QueueFull() instanceof Error);
  assert.ok(new QueueShutDown() instanceof Error && new RuntimeError("x") instanceof Error);
});

test("names are numbered per kind; the kinds are Queues", () => {
  const a = new LifoQueue().describe();
  const b = new LifoQueue().describe();
  const [na, nb] = [a, b].map((d) => Number(/^LifoQueue#(\d+)$/.exec(d)?.[1]));
  assert.equal(nb, (na as number) + 1);
  assert.equal(new PriorityQueue(0, { name: "urgent" }).describe(), "PriorityQueue 'urgent'");
  assert.ok(new PriorityQueue() instanceof Queue);
  assert.ok(new LifoQueue() instanceof Queue);
});

test("uncontended put, get and join complete without suspending and make no future", async () => {
  const log: string[] = [];
  await runVirtual(function* (loop) {
    const q = new Queue<string>(2);
    const other = loop.createTask(function* () {
      log.push("other ran");
    });
    const first = q.put("a");
    assert.ok(!(first instanceof Future));
    yield* first;
    yield* q.put("b");
    const got = q.get();
    assert.ok(!(got instanceof Future), "a get that finds an item makes no future");
    log.push(`got ${yield* got}`);
    log.push(`got ${yield* q.get()}`);
    q.taskDone();
    q.taskDone();
    yield* q.join();
    log.push("joined");
    yield* other;
  });
  assert.deepEqual(log, ["got a", "got b", "joined", "other ran"]);
});

test("a task blocked on a queue forever is named in run()'s deadlock report", async () => {
  const jobs = new Queue<number>(0, { name: "jobs" });
  await assert.rejects(
    run(
      function* main() {
        yield* jobs.get();
      },
      { clock: new VirtualClock() },
    ),
    (error: unknown) => {
      assert.ok(error instanceof DeadlockError);
      assert.match(error.message, /Task 'main' waits on Queue 'jobs'\.get\(\)/);
      assert.deepEqual(error.blocked, [
        { task: "main", waitsOn: "Queue 'jobs'.get()", heldBy: [] },
      ]);
      return true;
    },
  );
});
