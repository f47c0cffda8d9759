// Spin mode trades a busy core for latency; it must not change what a pool computes.
import assert from "node:assert/strict";
import { after, test } from "node:test";
import { ThreadPoolExecutor } from "../../src/futures/index.js";

const pool = new ThreadPoolExecutor({ maxWorkers: 2, spin: 200e-6 });
after(() => pool.shutdown());

test("spin mode: sequential awaited round trips give the right results", async () => {
  let x = 0;
  for (let i = 0; i < 200; i++) x = await pool.submit((n: number) => n + 1, x);
  assert.equal(x, 200);
});

test("spin mode: resultSync() round trips give the right results", () => {
  let x = 0;
  for (let i = 0; i < 200; i++) x = pool.submit((n: number) => n + 1, x).resultSync(5);
  assert.equal(x, 200);
});

test("spin mode: async jobs still run (the worker leaves its spin for the event loop)", async () => {
  const results = await Promise.all(
    [1, 2, 3].map((n) =>
      pool.submit(async (v: number) => {
        await new Promise((r) => setTimeout(r, 5));
        return v * 10;
      }, n),
    ),
  );
  assert.deepEqual(results, [10, 20, 30]);
});

test("spin mode: a job submitted after both sides parked still runs", async () => {
  assert.equal(await pool.submit(() => "first"), "first");
  await new Promise((r) => setTimeout(r, 20)); // far past the 200 µs spin: both sides parked
  assert.equal(await pool.submit(() => "after a pause"), "after a pause");
});

test("spin mode: batches of many jobs all come back, in order", async () => {
  const squares = await pool.map(
    (n: number) => n * n,
    Array.from({ length: 500 }, (_, i) => i),
  );
  assert.equal(squares.length, 500);
  assert.equal(squares[499], 499 * 499);
});

test("spin must be a number of seconds from 0 to 0.01", () => {
  for (const spin of [-1, 0.5, Number.NaN, "50us"]) {
    assert.throws(() => new ThreadPoolExecutor({ spin: spin as number }), {
      name: "RangeError",
      message: `ThreadPoolExecutor({ spin }): spin must be a number of seconds from 0 to 0.01, got ${String(spin)}; try 50e-6`,
    });
  }
});
