// The lock contract (Trio's `generic_lock_test` is the model): every lock-like primitive of every
// face runs it — asyncio's Lock, Semaphore(1), BoundedSemaphore(1), Condition, and later gevent's
// locks and threading's awaitable forms. It uses only the kernel (a virtual-time loop, tasks,
// cancel) and the lock's own `acquire()` / `release()` / `locked()`.
import assert from "node:assert/strict";
import { test } from "node:test";
import {
  type Awaitable,
  CancelledError,
  type Coroutine,
  type Loop,
  sleep,
  type Task,
} from "../../../src/core/index.js";
import { runVirtual } from "../../support/virtual.js";

/** What the contract needs of a lock. */
export interface LockLike {
  /** Takes the lock, waiting while another holds it. */
  acquire(): Awaitable<unknown>;
  /** Lets it go. */
  release(): void;
  /** Whether it is taken. */
  locked(): boolean;
}

/** Per-implementation differences the contract allows. */
export interface LockContractOptions {
  /**
   * Whether `release()` of a lock nobody holds throws (default true). asyncio's plain
   * Semaphore(1) counts up instead, by design.
   */
  releaseUnheldThrows?: boolean;
  /**
   * Whether `release()` hands the lock to the next waiter at once (default true). Cross-thread
   * locks wake their waiters asynchronously (`Atomics.waitAsync`): a cancellation right after
   * `release()` then reaches the waiter still in line, which the "cancelled while waiting" test
   * covers; the hand-off tests do not apply.
   */
  handsOffAtRelease?: boolean;
}

/** Lets every ready task run until the ready queue is quiet (a few passes of `yield;`). */
function* settle(passes = 5): Coroutine<void> {
  for (let i = 0; i < passes; i++) yield;
}

/** Registers the contract's tests under `label`, each on a fresh lock from `makeLock`. */
export function lockContract(
  label: string,
  makeLock: () => LockLike,
  options: LockContractOptions = {},
): void {
  const { releaseUnheldThrows = true, handsOffAtRelease = true } = options;
  const handOff = handsOffAtRelease
    ? {}
    : { skip: "release() wakes this lock's waiters asynchronously (across threads): no hand-off" };

  test(`${label}: locked() follows acquire() and release()`, async () => {
    await runVirtual(function* () {
      const lock = makeLock();
      assert.equal(lock.locked(), false);
      yield* lock.acquire();
      assert.equal(lock.locked(), true);
      lock.release();
      assert.equal(lock.locked(), false);
    });
  });

  test(`${label}: one task at a time in the critical section, however the tasks interleave`, async () => {
    let inside = false;
    let entries = 0;
    await runVirtual(function* (loop) {
      const lock = makeLock();
      const worker = (n: number) =>
        function* (): Coroutine<void> {
          for (let i = 0; i < 10; i++) {
            yield* lock.acquire();
            try {
              entries++;
              assert.equal(inside, false, "two tasks in the critical section");
              inside = true;
              yield;
              yield* sleep((n % 3) * 0.001);
              yield;
              assert.equal(inside, true);
              inside = false;
            } finally {
              lock.release();
            }
            if (i % 2 === n % 2) yield;
          }
        };
      const tasks = [0, 1, 2, 3, 4].map((n) => loop.createTask(worker(n)));
      for (const t of tasks) yield* t;
    });
    assert.equal(entries, 50);
  });

  test(`${label}: an acquire waits while the lock is held and goes on after release()`, async () => {
    const record: string[] = [];
    await runVirtual(function* (loop) {
      const lock = makeLock();
      yield* lock.acquire();
      const taker = loop.createTask(function* () {
        record.push("started");
        yield* lock.acquire();
        record.push("acquired");
        lock.release();
      });
      yield* settle();
      assert.deepEqual(record, ["started"]);
      lock.release();
      yield* taker;
      assert.deepEqual(record, ["started", "acquired"]);
      assert.equal(lock.locked(), false);
    });
  });

  test(`${label}: FIFO — waiters get the lock in the order they asked for it`, async () => {
    const order: string[] = [];
    await runVirtual(function* (loop) {
      const lock = makeLock();
      yield* lock.acquire();
      const tasks = ["a", "b", "c", "d", "e"].map((name) =>
        loop.createTask(function* () {
          yield* lock.acquire();
          order.push(name);
          yield;
          lock.release();
        }),
      );
      yield* settle();
      lock.release();
      for (const t of tasks) yield* t;
    });
    assert.deepEqual(order, ["a", "b", "c", "d", "e"]);
  });

  test(`${label}: FIFO — a task that releases and re-acquires at once goes to the back of the line`, async () => {
    const record: number[] = [];
    await runVirtual(function* (loop) {
      const lock = makeLock();
      yield* lock.acquire(); // so that all three line up before the first turn
      const loopy = (name: number) =>
        function* (): Coroutine<void> {
          for (let i = 0; i < 5; i++) {
            yield* lock.acquire();
            record.push(name);
            lock.release(); // and straight back into the line, without letting anyone run
          }
        };
      const tasks = [1, 2, 3].map((n) => loop.createTask(loopy(n)));
      yield* settle();
      lock.release();
      for (const t of tasks) yield* t;
    });
    assert.deepEqual(record, [1, 2, 3, 1, 2, 3, 1, 2, 3, 1, 2, 3, 1, 2, 3]);
  });

  test(`${label}: a waiter cancelled while waiting leaves the line; the next one gets the lock`, async () => {
    const got: string[] = [];
    await runVirtual(function* (loop) {
      const lock = makeLock();
      yield* lock.acquire();
      const a = waiter(loop, lock, "a", got);
      const b = waiter(loop, lock, "b", got);
      yield* settle();
      a.cancel();
      yield* settle();
      lock.release();
      yield* b;
      assert.equal(a.cancelled(), true);
      assert.equal(lock.locked(), false);
    });
    assert.deepEqual(got, ["b"]);
  });

  test(
    `${label}: a wake-up is final — a waiter handed the lock, then cancelled, holds it and unwinds`,
    handOff,
    async () => {
      const got: string[] = [];
      await runVirtual(function* (loop) {
        const lock = makeLock();
        yield* lock.acquire();
        const a = waiter(loop, lock, "a", got, { pauseInside: true });
        const b = waiter(loop, lock, "b", got);
        yield* settle();
        lock.release(); // a is handed the lock...
        a.cancel(); // ...and cancelled before it could run: it still has it
        yield* b;
        assert.equal(
          a.cancelled(),
          true,
          "cancelled at its next wait, inside the critical section",
        );
        assert.equal(lock.locked(), false);
      });
      assert.deepEqual(got, ["a", "a released", "b"]);
    },
  );

  test(
    `${label}: a wake-up is final — with nobody else waiting, the lock comes back free`,
    handOff,
    async () => {
      await runVirtual(function* (loop) {
        const lock = makeLock();
        yield* lock.acquire();
        const a = waiter(loop, lock, "a", [], { pauseInside: true });
        yield* settle();
        lock.release();
        a.cancel();
        yield* settle();
        assert.equal(a.cancelled(), true);
        assert.equal(lock.locked(), false);
        yield* lock.acquire(); // free again: does not wait
        assert.equal(lock.locked(), true);
        lock.release();
      });
    },
  );

  test(`${label}: acquiring again after a cancelled acquire works`, async () => {
    const log: string[] = [];
    await runVirtual(function* (loop) {
      const lock = makeLock();
      yield* lock.acquire();
      const stubborn = loop.createTask(function* () {
        try {
          yield* lock.acquire();
          log.push("first acquire succeeded?");
        } catch (error) {
          assert.ok(error instanceof CancelledError);
          log.push("cancelled");
        }
        yield* lock.acquire();
        log.push("acquired after all");
        lock.release();
      });
      yield* settle();
      stubborn.cancel();
      yield* settle();
      assert.deepEqual(log, ["cancelled"]);
      lock.release();
      yield* stubborn;
      const late = waiter(loop, lock, "late", log);
      yield* late;
    });
    assert.deepEqual(log, ["cancelled", "acquired after all", "late"]);
  });

  if (releaseUnheldThrows) {
    test(`${label}: release() of a lock nobody holds throws`, async () => {
      await runVirtual(function* () {
        const lock = makeLock();
        assert.throws(() => lock.release());
        yield* lock.acquire();
        lock.release();
        assert.throws(() => lock.release());
        assert.equal(lock.locked(), false);
      });
    });
  }

  test(`${label}: works from async functions too, mixed with generator tasks`, async () => {
    let inside = 0;
    let most = 0;
    let entries = 0;
    await runVirtual(function* (loop) {
      const lock = makeLock();
      const enter = () => {
        entries++;
        inside++;
        most = Math.max(most, inside);
      };
      const asyncWorker = async () => {
        for (let i = 0; i < 5; i++) {
          await lock.acquire();
          try {
            enter();
            await sleep(0);
            await sleep(0.001);
          } finally {
            inside--;
            lock.release();
          }
        }
      };
      const genWorker = function* (): Coroutine<void> {
        for (let i = 0; i < 5; i++) {
          yield* lock.acquire();
          try {
            enter();
            yield* sleep(0.001);
          } finally {
            inside--;
            lock.release();
          }
        }
      };
      const tasks: Task<void>[] = [
        loop.createTask(asyncWorker),
        loop.createTask(genWorker),
        loop.createTask(asyncWorker),
        loop.createTask(genWorker),
      ];
      for (const t of tasks) yield* t;
      assert.equal(lock.locked(), false);
    });
    assert.equal(most, 1, "two holders at once");
    assert.equal(entries, 20);
  });
}

/** A task that takes the lock, records `name`, and lets it go. */
function waiter(
  loop: Loop,
  lock: LockLike,
  name: string,
  got: string[],
  { pauseInside = false } = {},
): Task<void> {
  return loop.createTask(
    function* () {
      yield* lock.acquire();
      try {
        got.push(name);
        if (pauseInside) yield; // a wait inside the critical section: a cancellation lands here
      } finally {
        lock.release();
        if (pauseInside) got.push(`${name} released`);
      }
    },
    { name },
  );
}
