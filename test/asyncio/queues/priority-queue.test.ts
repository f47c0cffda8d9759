import assert from "node:assert/strict";
import { test } from "node:test";
import { PriorityQueue } from "../../../src/asyncio/index.js";
import { runVirtual } from "../../support/virtual.js";
import { prng, queueContract } from "./queue-contract.js";

queueContract(
  "PriorityQueue",
  (maxsize, options) => new PriorityQueue<number>(maxsize as number, options),
  (items) => [...items].sort((a, b) => a - b),
);

const drain = <T>(q: PriorityQueue<T>): T[] => {
  const out: T[] = [];
  while (!q.empty()) out.push(q.getNowait());
  return out;
};

test("the default order is Python's: numbers, strings, arrays element by element like tuples", () => {
  const numbers = new PriorityQueue<number | bigint>();
  for (const n of [3, 10n, -1, 2.5, 0n]) numbers.putNowait(n);
  assert.deepEqual(drain(numbers), [-1, 0n, 2.5, 3, 10n]);

  const strings = new PriorityQueue<string>();
  for (const s of ["pear", "apple", "Zebra", "app"]) strings.putNowait(s);
  assert.deepEqual(drain(strings), ["Zebra", "app", "apple", "pear"]);

  const tuples = new PriorityQueue<unknown[]>();
  for (const t of [[2, "b"], [1, "z"], [2, "a"], [1], [1, "z", 0]]) tuples.putNowait(t);
  assert.deepEqual(drain(tuples), [[1], [1, "z"], [1, "z", 0], [2, "a"], [2, "b"]]);

  const nested = new PriorityQueue<unknown[]>();
  for (const t of [
    [[0, 2], "y"],
    [[0, 1], "x"],
    [[-1], "w"],
  ])
    nested.putNowait(t);
  assert.deepEqual(drain(nested), [
    [[-1], "w"],
    [[0, 1], "x"],
    [[0, 2], "y"],
  ]);
});

test("items that tie come out in the order they were put (the heap is stable)", () => {
  const q = new PriorityQueue<[number, string]>(0, { compare: (a, b) => a[0] - b[0] });
  const random = prng(3);
  const put: [number, string][] = [];
  for (let i = 0; i < 300; i++) {
    const entry: [number, string] = [Math.floor(random() * 5), `job-${i}`];
    put.push(entry);
    q.putNowait(entry);
  }
  const stable = [...put].sort((a, b) => a[0] - b[0]); // Array.prototype.sort is stable
  assert.deepEqual(drain(q), stable);
});

test("an item the default order cannot place is refused at put, and the queue is unchanged", async () => {
  await runVirtual(function* () {
    const q = new PriorityQueue<unknown>(0, { name: "jobs" });
    assert.throws(() => q.putNowait({ id: 1 }), {
      name: "TypeError",
      message:
        "PriorityQueue cannot order a plain object: its default order compares numbers, strings, and arrays of them element by element (like Python tuples). Put [priority, item] entries, or pass { compare } to new PriorityQueue(maxsize, { compare })",
    });
    q.putNowait([1, { id: 1 }]);
    // A tie on the priority compares the payloads, as in Python: refused, nothing changes.
    assert.throws(() => q.putNowait([1, { id: 2 }]), {
      name: "TypeError",
      message:
        "PriorityQueue cannot order a plain object against a plain object: its default order compares numbers, strings, and arrays of them element by element (like Python tuples). Put [priority, item] entries whose priorities are numbers or strings, or pass { compare: (a, b) => a[0] - b[0] } to order by priority alone (ties then come out in the order they were put)",
    });
    let refused: unknown;
    try {
      yield* q.put("text"); // put does its work when waited on: the TypeError comes here
    } catch (error) {
      refused = error;
    }
    assert.match(String(refused), /cannot order the string "text" against an Array object/);
    assert.deepEqual([q.qsize(), q.statistics().unfinished], [1, 1]);
    assert.deepEqual(yield* q.get(), [1, { id: 1 }]);
  });
});

test("compare: must be a function returning a number; a throwing compare leaves the queue intact", async () => {
  assert.throws(() => new PriorityQueue(0, { compare: "desc" as unknown as () => number }), {
    name: "TypeError",
    message:
      'PriorityQueue options.compare must be a function (a, b) => number; got the string "desc"',
  });
  const bad = new PriorityQueue<number>(0, { compare: (a, b) => (a < b) as unknown as number });
  bad.putNowait(1);
  assert.throws(() => bad.putNowait(2), {
    name: "TypeError",
    message:
      "PriorityQueue's compare(a, b) returned the boolean false; it must return a number: negative when a comes out first, positive when b does, 0 for a tie",
  });

  let broken = false;
  const q = new PriorityQueue<number>(0, {
    compare: (a, b) => {
      if (broken) throw new Error("compare broke");
      return a - b;
    },
  });
  await runVirtual(function* (loop) {
    const getters = [1, 2].map((i) =>
      loop.createTask(
        function* () {
          return yield* q.get();
        },
        { name: `G${i}` },
      ),
    );
    yield;
    for (const n of [5, 1, 4, 2, 3]) q.putNowait(n); // G1 and G2 are woken for an item each
    broken = true;
    assert.throws(() => q.putNowait(0), /compare broke/);
    for (const g of getters) {
      try {
        yield* g;
        assert.fail("the take must fail while compare throws");
      } catch (error) {
        assert.equal((error as Error).message, "compare broke");
      }
    }
    assert.throws(() => q.getNowait(), /compare broke/);
    broken = false;
    assert.deepEqual(
      { ...q.statistics() },
      { size: 5, maxsize: 0, getters: 0, putters: 0, unfinished: 5, shutdown: false },
    );
    assert.deepEqual(drain(q), [1, 2, 3, 4, 5]);
  });
});

test("a custom compare orders anything: a max-queue of objects", () => {
  const q = new PriorityQueue<{ name: string; urgency: number }>(0, {
    compare: (a, b) => b.urgency - a.urgency,
  });
  for (const [name, urgency] of [
    ["low", 1],
    ["high", 9],
    ["mid", 5],
  ] as const) {
    q.putNowait({ name, urgency });
  }
  assert.deepEqual(
    drain(q).map((job) => job.name),
    ["high", "mid", "low"],
  );
});
