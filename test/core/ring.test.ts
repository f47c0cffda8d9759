import assert from "node:assert/strict";
import { test } from "node:test";
import { Ring } from "../../src/core/ring.js";

test("Ring is FIFO across growth and wrap-around", () => {
  const ring = new Ring<number>(2);
  const out: number[] = [];
  for (let i = 0; i < 10; i++) ring.push(i);
  for (let i = 0; i < 5; i++) out.push(ring.shift()!);
  for (let i = 10; i < 40; i++) ring.push(i); // grows while the head is mid-buffer
  while (ring.length > 0) out.push(ring.shift()!);
  assert.deepEqual(
    out,
    Array.from({ length: 40 }, (_, i) => i),
  );
  assert.equal(ring.shift(), undefined);
});

test("Ring peek, at, removeAt and iteration see the oldest item first", () => {
  const ring = new Ring<string>();
  for (const s of ["a", "b", "c", "d"]) ring.push(s);
  assert.equal(ring.peek(), "a");
  assert.equal(ring.at(2), "c");
  assert.equal(ring.removeAt(1), "b");
  assert.deepEqual([...ring], ["a", "c", "d"]);
  assert.equal(ring.removeAt(9), undefined);
  ring.clear();
  assert.equal(ring.length, 0);
});
