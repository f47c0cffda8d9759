// A task parked on a primitive costs about what one suspended in sleep() does: parking is one
// small record per waiter (kernel traps), no future and nothing per primitive on top.
import assert from "node:assert/strict";
import { test } from "node:test";
import { Event, Lock, Semaphore } from "../../../src/asyncio/locks/index.js";
import { type Coroutine, sleep } from "../../../src/core/index.js";
import { runVirtual } from "../../support/virtual.js";

const gc = (globalThis as { gc?: () => void }).gc;
const TASKS = 10_000;

interface Case {
  /** Run by the measuring task first (a lock takes the lock here). */
  prepare?: () => Coroutine<void>;
  /** What each task runs: it parks at once. */
  body: () => Coroutine<void>;
  /** Wakes them all (the first, for a lock: each hands on to the next). */
  wake: () => void;
}

/** Heap bytes per task of TASKS tasks all parked in `body`, measured around full GCs. */
function bytesPerParkedTask(setUp: () => Case): Promise<number> {
  return runVirtual(function* (loop) {
    const { prepare, body, wake } = setUp();
    if (prepare) yield* prepare();
    yield;
    gc!();
    const before = process.memoryUsage().heapUsed;
    const tasks = [];
    for (let i = 0; i < TASKS; i++) tasks.push(loop.createTask(body));
    yield; // every task takes its first step and parks
    gc!();
    const after = process.memoryUsage().heapUsed;
    wake();
    for (const t of tasks) yield* t;
    return (after - before) / TASKS;
  });
}

const sleeping = (): Case => ({
  body: function* () {
    yield* sleep(100);
  },
  wake: () => {}, // the virtual clock jumps to the deadline
});

const onLock = (): Case => {
  const lock = new Lock();
  return {
    prepare: function* () {
      yield* lock.acquire(); // held by the measuring task: every other task waits
    },
    body: function* () {
      yield* lock.acquire();
      lock.release();
    },
    wake: () => lock.release(),
  };
};

const onSemaphore = (): Case => {
  const semaphore = new Semaphore(0);
  return {
    body: function* () {
      yield* semaphore.acquire();
      semaphore.release();
    },
    wake: () => semaphore.release(),
  };
};

const onEvent = (): Case => {
  const event = new Event();
  return {
    body: function* () {
      yield* event.wait();
    },
    wake: () => event.set(),
  };
};

test("memory: a task parked on a Lock, Semaphore or Event costs about what one in sleep(100) does", {
  skip: gc === undefined ? "needs node --expose-gc to measure the heap" : false,
}, async () => {
  const cases = { sleeping, onLock, onSemaphore, onEvent };
  // Heap measurements wander by tens of bytes per task from run to run: take each case's
  // least of three runs, after a warm-up run that settles compiled code and object layouts.
  const bytes: Record<string, number> = {};
  for (let round = 0; round < 4; round++) {
    for (const [name, setUp] of Object.entries(cases)) {
      const b = await bytesPerParkedTask(setUp);
      if (round > 0) bytes[name] = Math.min(bytes[name] ?? Number.POSITIVE_INFINITY, b);
    }
  }
  const report = Object.entries(bytes)
    .map(([name, b]) => `${name} ${b.toFixed(0)} B/task`)
    .join(", ");
  // A sleep is one object (its own timer and trap); a primitive's waiter is one small record
  // plus a slot in the primitive's line. Neither should cost much more than the other.
  const limit = bytes.sleeping! * 1.15 + 32;
  for (const name of ["onLock", "onSemaphore", "onEvent"]) {
    assert.ok(bytes[name]! <= limit, `${name} costs more than sleeping: ${report}`);
  }
});
