// Primitive names: numbered per loop (determinism), and the named ones listed for monitors.
import assert from "node:assert/strict";
import { test } from "node:test";
import { Event, Lock, namedPrimitives, Queue } from "../../src/asyncio/index.js";
import { runVirtual } from "../support/virtual.js";

test("unnamed primitives made while a loop runs are numbered per loop: the same each run", async () => {
  const names = () =>
    runVirtual(function* () {
      yield;
      return [new Lock(), new Lock(), new Event(), new Queue()].map((p) => p.describe());
    });
  const first = await names();
  assert.deepEqual(first, ["Lock#1", "Lock#2", "Event#1", "Queue#1"]);
  assert.deepEqual(await names(), first);
});

test("named primitives are listed with their statistics while they live", async () => {
  const db = new Lock({ name: "db" });
  const jobs = new Queue<number>(5, { name: "jobs" });
  const listed = namedPrimitives().filter((p) => p === db || p === jobs);
  assert.deepEqual(
    listed.map((p) => [p.describe(), p.statistics()]),
    [
      ["Lock 'db'", { locked: false, owner: null, waiters: 0 }],
      [
        "Queue 'jobs'",
        { size: 0, maxsize: 5, getters: 0, putters: 0, unfinished: 0, shutdown: false },
      ],
    ],
  );
});
