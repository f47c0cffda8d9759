// Simply explained: two cashiers update one tally sheet. Each reads the number, adds one in their
// head and writes it back. If both read 41 at the same moment, both write 42: one sale is lost.
// That is a data race. A lock makes "read, add, write" one step nobody can cut into.

// A real data race, on real threads: two workers each add 1 to a shared counter (an Int32Array
// over a SharedArrayBuffer) half a million times by reading it, thinking a moment and writing it
// back, and updates get lost. With a spindle/threading Lock around the read-modify-write, none is.
//
// Output: how many updates are lost varies from run to run, so we print whether any were (and the
// exact count only for the locked run, where it is always right). Both threads start together
// behind a gate so that they really overlap.
import { Lock, Thread } from "spindle/threading";

/** Adds 1 to counter[0] `times` times, after both threads reached the gate; with `lock`, under it. */
function increment(counter: Int32Array, gate: Int32Array, times: number, lock: Lock | null): void {
  Atomics.add(gate, 0, 1);
  Atomics.notify(gate, 0);
  for (let seen = Atomics.load(gate, 0); seen < 2; seen = Atomics.load(gate, 0))
    Atomics.wait(gate, 0, seen);
  // tour:begin
  for (let i = 0; i < times; i++) {
    if (lock !== null) lock.acquire();
    const read = counter[0] as number; // read…
    for (let k = 0; k < 8; k++) Atomics.load(gate, 0); // …think a moment (widens the window)…
    counter[0] = read + 1; // …write: another thread may have written in between
    if (lock !== null) lock.release();
  }
  // tour:end
}

async function race(times: number, lock: Lock | null): Promise<number> {
  const counter = new Int32Array(new SharedArrayBuffer(4));
  const gate = new Int32Array(new SharedArrayBuffer(4));
  const threads = [1, 2].map(
    () => new Thread({ target: increment, args: [counter, gate, times, lock] }),
  );
  for (const t of threads) t.start();
  for (const t of threads) await t.join();
  return counter[0] as number;
}

const unlocked = await race(500_000, null);
console.log("two threads, 500,000 increments each, no lock:");
console.log(`  updates lost: ${unlocked < 1_000_000} (the counter ended below 1,000,000)`);

const locked = await race(20_000, new Lock({ name: "counter" }));
console.log("two threads, 20,000 increments each, under a Lock:");
console.log(
  `  updates lost: ${locked < 40_000} (the counter is ${locked.toLocaleString("en-US")})`,
);
