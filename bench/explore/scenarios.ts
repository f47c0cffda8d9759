// The scenarios the explore suite runs, exported with no side effects: `explore({ workers })`
// has its worker threads import this module to find them by name.
import { type Coroutine, createTask, Lock } from "spindle";
import { shared } from "spindle/testing";

/** X1: two tasks of 24 steps each, and the main task joining them: about 50 steps a run. */
export function* twoTasks(): Coroutine<void> {
  function* side(): Coroutine<void> {
    for (let i = 0; i < 24; i++) yield;
  }
  const a = createTask(side(), { name: "a" });
  const b = createTask(side(), { name: "b" });
  yield* a;
  yield* b;
}

/**
 * X2: a lost update the default FIFO order does not show. Three tasks add to a counter: "first"
 * reads, yields, writes; "third" yields three times before doing the same; "second" yields twice,
 * then reads and writes in one step. In FIFO order (round robin) no window between a read and
 * its write contains another task's write; some orders make one.
 */
export function* lostUpdate(): Coroutine<number> {
  const counter = shared(0, "counter");
  function* add(yields: number, gap: boolean): Coroutine<void> {
    for (let i = 0; i < yields; i++) yield;
    const seen = counter.get();
    if (gap) yield;
    counter.set(seen + 1);
  }
  const tasks = [
    createTask(add(0, true), { name: "first" }),
    createTask(add(2, false), { name: "second" }),
    createTask(add(3, true), { name: "third" }),
  ];
  for (const t of tasks) yield* t;
  return counter.get();
}

/**
 * X2d: the same race made deep: "late" yields 12 times before its read, so the schedule must let
 * it run 13 steps in a row while "early" sits between its read and its write. A uniform random
 * scheduler flips a coin at each of them; PCT needs one change point in the right place.
 */
export function* deepLostUpdate(): Coroutine<number> {
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
  return counter.get();
}

/**
 * X3: a lock-order deadlock only some orders reach: payments takes accounts then audit, the
 * auditor audit then accounts, after two yields, so in FIFO order payments is done first.
 */
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
