import assert from "node:assert/strict";
import { test } from "node:test";
import { HeapStore } from "../../../src/asyncio/queues/heap-store.js";
import { prng } from "./queue-contract.js";

type Entry = { key: number; id: number };

test("the heap hands out items in (compare, insertion) order through random pushes and takes", () => {
  const random = prng(11);
  const heap = new HeapStore<Entry>((a, b) => a.key - b.key);
  const model: Entry[] = []; // kept in insertion order
  for (let step = 0; step < 5000; step++) {
    if (random() < 0.55 || model.length === 0) {
      const entry = { key: Math.floor(random() * 20), id: step };
      heap.push(entry);
      model.push(entry);
    } else {
      let best = 0;
      for (let i = 1; i < model.length; i++) if (model[i]!.key < model[best]!.key) best = i;
      assert.equal(heap.take(), model.splice(best, 1)[0]);
    }
    assert.equal(heap.length, model.length);
  }
  heap.clear();
  assert.equal(heap.length, 0);
});

test("a compare that throws midway leaves the heap exactly as it was", () => {
  const random = prng(5);
  let failAt = -1; // the comparison number that throws, or -1
  let comparisons = 0;
  const heap = new HeapStore<number>((a, b) => {
    if (comparisons++ === failAt) throw new Error("boom");
    return a - b;
  });
  const model: number[] = [];
  for (let step = 0; step < 3000; step++) {
    comparisons = 0;
    failAt = random() < 0.3 ? Math.floor(random() * 8) : -1;
    const pushing = random() < 0.55 || model.length === 0;
    const item = Math.floor(random() * 1000);
    let threw = false;
    let taken: number | undefined;
    try {
      if (pushing) heap.push(item);
      else taken = heap.take();
    } catch (error) {
      assert.equal((error as Error).message, "boom");
      threw = true;
    }
    if (!threw) {
      if (pushing) model.push(item);
      else {
        model.sort((a, b) => a - b);
        assert.equal(taken, model.shift());
      }
    }
    assert.equal(heap.length, model.length);
  }
  failAt = -1;
  const rest: number[] = [];
  while (heap.length > 0) rest.push(heap.take());
  assert.deepEqual(
    rest,
    model.sort((a, b) => a - b),
  );
});
