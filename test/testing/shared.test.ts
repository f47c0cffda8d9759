// shared(): a lost update (read in A, A suspends, B writes, A writes) is a warning in a debug-mode
// run(), a failure under explore, and nothing at all otherwise; reads after a write are not stale.
import assert from "node:assert/strict";
import { test } from "node:test";
import { type Coroutine, createTask, Lock, run, VirtualClock } from "../../src/asyncio/index.js";
import { explore, LostUpdateError, type Shared, shared } from "../../src/testing/index.js";

/** Runs `fn` with console.warn captured; returns the warnings. */
async function warnings(fn: () => Promise<unknown>): Promise<string[]> {
  const seen: string[] = [];
  const original = console.warn;
  console.warn = (...args: unknown[]) => seen.push(args.join(" "));
  try {
    await fn();
  } finally {
    console.warn = original;
  }
  return seen;
}

function* withdraw(balance: Shared<number>, lock: Lock | null): Coroutine<void> {
  if (lock) yield* lock.acquire();
  try {
    const seen = balance.get();
    yield;
    balance.set(seen - 30);
  } finally {
    lock?.release();
  }
}

function* twoWithdrawals(lock: Lock | null): Coroutine<number> {
  const balance = shared(100, "balance");
  const a = createTask(withdraw(balance, lock), { name: "ATM-1" });
  const b = createTask(withdraw(balance, lock), { name: "ATM-2" });
  yield* a;
  yield* b;
  return balance.get();
}

test("in a debug-mode run(), a lost update is a warning naming both tasks, the values and the passes", async () => {
  let left = 0;
  const seen = await warnings(async () => {
    left = await run(twoWithdrawals(null), { debug: true, clock: new VirtualClock() });
  });
  assert.equal(left, 70, "the race really happened");
  assert.deepEqual(seen, [
    "spindle debug: lost update on shared 'balance': ATM-2 read 100 (pass 2), then ATM-1 wrote 70 (pass 3), then ATM-2 wrote 70 (pass 3) from its stale read, erasing ATM-1's write; hold a Lock from the read to the write",
  ]);
});

test("no warning without debug mode, none with the lock, none outside a loop", async () => {
  assert.deepEqual(await warnings(() => run(twoWithdrawals(null))), []);
  const locked = await warnings(async () => {
    assert.equal(await run(twoWithdrawals(new Lock()), { debug: true }), 40);
  });
  assert.deepEqual(locked, []);
  const plain = shared({ n: 1 }, "plain");
  plain.set({ n: plain.get().n + 1 });
  assert.deepEqual(plain.get(), { n: 2 });
});

test("a read after the other task's write is fresh, and a blind write is no lost update", async () => {
  const seen = await warnings(() =>
    run(
      function* fresh(): Coroutine<void> {
        const cell = shared(0, "cell");
        const a = createTask(function* () {
          cell.get();
          yield;
          yield; // B writes meanwhile…
          const again = cell.get(); // …and A reads again before writing: not stale
          cell.set(again + 1);
        });
        const b = createTask(function* () {
          cell.set(5); // a blind write (no read): nothing of B's is lost by it
          yield;
          yield;
          cell.set(9);
        });
        yield* a;
        yield* b;
      },
      { debug: true },
    ),
  );
  assert.deepEqual(seen, []);
});

test("under explore a lost update fails the run, and the interleaving shows the reads and writes", async () => {
  const error = await explore(
    function* bank() {
      yield* twoWithdrawals(null);
    },
    { runs: 1 },
  ).catch((e: unknown) => e);
  const cause = (error as Error).cause;
  assert.ok(cause instanceof LostUpdateError, String(error));
  assert.equal(cause.cell, "balance");
  assert.equal(cause.task, "ATM-2");
  assert.equal(cause.other, "ATM-1");
  assert.equal(cause.read, 100);
  assert.equal(cause.otherWrote, 70);
  assert.equal(cause.wrote, 70);
  assert.deepEqual([cause.readStep, cause.otherStep, cause.step], [3, 4, 5]);
  assert.match(
    cause.message,
    /ATM-2 read 100 \(step 3\), then ATM-1 wrote 70 \(step 4\), then ATM-2 wrote 70 \(step 5\)/,
  );
});

test("shared() needs a name", () => {
  assert.throws(() => shared(1, "" as string), /shared\(value, name\) needs a name for reports/);
  assert.throws(() => shared(1, undefined as never), TypeError);
});
