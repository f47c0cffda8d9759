// Scenarios the exploration tests (and their worker threads, and the CLI's tests) run. A module
// of exports with no side effects: worker threads import it to find a scenario by name.
import assert from "node:assert/strict";
import { type Coroutine, createTask, Lock, sleep, type Task } from "../../src/asyncio/index.js";
import { shared } from "../../src/testing/index.js";

/** Two withdrawals; the second yields three times first, so FIFO never shows the race. */
export function* bank(): Coroutine<void> {
  const balance = shared(100, "balance");
  function* withdraw(yields: number): Coroutine<void> {
    for (let i = 0; i < yields; i++) yield;
    const seen = balance.get();
    yield; // the gap between the read and the write
    balance.set(seen - 30);
  }
  const a = createTask(withdraw(0), { name: "ATM-1" });
  const b = createTask(withdraw(3), { name: "ATM-2" });
  yield* a;
  yield* b;
}

/** The same withdrawals, each holding the account's lock from read to write. */
export function* lockedBank(): Coroutine<void> {
  const balance = shared(100, "balance");
  const lock = new Lock({ name: "account" });
  function* withdraw(yields: number): Coroutine<void> {
    for (let i = 0; i < yields; i++) yield;
    yield* lock.acquire();
    try {
      const seen = balance.get();
      yield;
      balance.set(seen - 30);
    } finally {
      lock.release();
    }
  }
  const a = createTask(withdraw(0), { name: "ATM-1" });
  const b = createTask(withdraw(3), { name: "ATM-2" });
  yield* a;
  yield* b;
}

/** Two transfers taking two locks in opposite orders; FIFO finishes the first before the second starts. */
export function* lockOrder(): Coroutine<void> {
  const accounts = new Lock({ name: "accounts" });
  const audit = new Lock({ name: "audit" });
  function* transfer(first: Lock, second: Lock, yields: number): Coroutine<void> {
    for (let i = 0; i < yields; i++) yield;
    yield* first.acquire();
    try {
      yield;
      yield* second.acquire();
      second.release();
    } finally {
      first.release();
    }
  }
  const a = createTask(transfer(accounts, audit, 0), { name: "payments" });
  const b = createTask(transfer(audit, accounts, 2), { name: "auditor" });
  yield* a;
  yield* b;
}

/** Asserts an order that only the default schedule keeps. */
export function* ordering(): Coroutine<void> {
  const log: string[] = [];
  const a = createTask(
    function* () {
      yield;
      log.push("a");
    },
    { name: "a" },
  );
  const b = createTask(
    function* () {
      yield;
      log.push("b");
    },
    { name: "b" },
  );
  yield* a;
  yield* b;
  assert.deepEqual(log, ["a", "b"]);
}

/** A task fails and nobody ever looks at its exception. */
export function* forgotten(): Coroutine<void> {
  createTask(
    function* () {
      yield;
      throw new Error("nobody reads this");
    },
    { name: "forgotten" },
  );
  yield* sleep(1);
}

/** Waits for a flag nobody sets, by spinning: a livelock. */
export function* spinner(): Coroutine<void> {
  const flag = { set: false };
  while (!flag.set) yield;
}

/** Sleeps, counts: nothing to find, whatever the order. */
export function* harmless(): Coroutine<number> {
  const results = yield* gatherAll([1, 2, 3].map((n) => createTask(sleep(n / 10, n))));
  return results.reduce((a, b) => a + b, 0);
}

function* gatherAll(tasks: Task<number>[]): Coroutine<number[]> {
  const out: number[] = [];
  for (const t of tasks) out.push(yield* t);
  return out;
}

/**
 * A long run: two tasks of 5,000 steps each (about 10,000 steps in all) that fails when the two
 * ran twice in a row more than 40 times, which takes more than 40 departures from FIFO's strict
 * alternation: too many to list in a short token.
 */
export function* zigzag(): Coroutine<void> {
  const log: string[] = [];
  function* side(me: string): Coroutine<void> {
    for (let i = 0; i < 5000; i++) {
      log.push(me);
      yield;
    }
  }
  const a = createTask(side("a"), { name: "a" });
  const b = createTask(side("b"), { name: "b" });
  yield* a;
  yield* b;
  // Only while both sides run: once one is done, the other runs alone, twice in a row every time.
  let repeats = 0;
  for (let i = 1; i < 5000; i++) if (log[i] === log[i - 1]) repeats++;
  assert.ok(repeats <= 40, `the two sides ran twice in a row ${repeats} times`);
}

/** About 10,000 steps, and an order the default schedule breaks at the very end. */
export function* longRun(): Coroutine<void> {
  yield* zigzagOnce(5000);
  assert.fail("the default order breaks this at its last step");
}

function* zigzagOnce(n: number): Coroutine<void> {
  function* side(): Coroutine<void> {
    for (let i = 0; i < n; i++) yield;
  }
  const a = createTask(side(), { name: "a" });
  const b = createTask(side(), { name: "b" });
  yield* a;
  yield* b;
}

/**
 * A race only a long run of one task shows: "late" must run its 12 yields and its read while
 * "early" sits between its read and its write.
 */
export function* deepRace(): Coroutine<void> {
  const counter = shared(0, "counter");
  function* add(yields: number): Coroutine<void> {
    for (let i = 0; i < yields; i++) yield;
    const seen = counter.get();
    yield;
    counter.set(seen + 1);
  }
  const early = createTask(add(0), { name: "early" });
  const late = createTask(add(12), { name: "late" });
  yield* early;
  yield* late;
}
