import assert from "node:assert/strict";
import { test } from "node:test";
import { TimerHandle } from "../../src/core/handle.js";
import { TimerHeap } from "../../src/core/timer-heap.js";

function timer(heap: TimerHeap, when: number, seq: number, log: number[]): TimerHandle {
  return new TimerHandle(when, seq, () => log.push(seq), [], heap);
}

test("timers come out in (deadline, insertion) order", () => {
  const heap = new TimerHeap();
  const log: number[] = [];
  const whens = [5, 1, 3, 1, 2, 5, 0, 3];
  whens.forEach((w, i) => {
    heap.push(timer(heap, w, i, log));
  });
  const order: number[] = [];
  for (let t = heap.popDue(10); t !== null; t = heap.popDue(10)) order.push(t.seq);
  assert.deepEqual(order, [6, 1, 3, 4, 2, 7, 0, 5]);
});

test("popDue returns nothing before the deadline", () => {
  const heap = new TimerHeap();
  heap.push(timer(heap, 2, 0, []));
  assert.equal(heap.popDue(1.999), null);
  assert.equal(heap.nextDeadline(), 2);
  assert.notEqual(heap.popDue(2), null);
  assert.equal(heap.nextDeadline(), null);
});

test("cancelled timers are skipped lazily and compacted past half the heap", () => {
  const heap = new TimerHeap();
  const timers: TimerHandle[] = [];
  for (let i = 0; i < 300; i++) {
    const t = timer(heap, i, i, []);
    timers.push(t);
    heap.push(t);
  }
  for (let i = 0; i < 150; i++) timers[i]!.cancel();
  assert.equal(heap.size, 300, "at exactly half, nothing is compacted yet");
  timers[150]!.cancel();
  assert.equal(heap.size, 149, "past half, the heap is rebuilt without cancelled timers");
  assert.equal(heap.live, 149);
  assert.equal(heap.nextDeadline(), 151);
  timers[151]!.cancel();
  timers[151]!.cancel(); // twice is harmless and counts once
  assert.equal(heap.nextDeadline(), 152);
  assert.equal(heap.live, 148);
});
