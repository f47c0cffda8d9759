// Simply explained: the doorman with a counter (see bounded-semaphore.ts), now at the door of a
// database that real threads share: at most 10 inside at once, the 11th sleeps at the door.

// The talk's "Mutex vs semaphore" (item 11):
//   max_connections = 10
//   semaphore = threading.BoundedSemaphore(max_connections)
// Here 12 threads each open 3 "connections" (20 ms each) through one BoundedSemaphore(10) in
// shared memory. A gauge in shared memory records the most connections ever open at once.
//
// Output: how many got in at once depends on the OS, so we print whether the bound held, not the
// exact peak.
import { BoundedSemaphore, Thread } from "spindle/threading";

/** One client thread: three connections, each inside the semaphore. */
function client(semaphore: BoundedSemaphore, gauge: Int32Array): void {
  const nap = new Int32Array(new SharedArrayBuffer(4));
  for (let i = 0; i < 3; i++) {
    // tour:begin
    semaphore.acquire(); // the counter goes down; at 0, wait at the door
    try {
      const open = Atomics.add(gauge, 0, 1) + 1;
      for (let most = Atomics.load(gauge, 1); open > most; most = Atomics.load(gauge, 1)) {
        if (Atomics.compareExchange(gauge, 1, most, open) === most) break;
      }
      Atomics.wait(nap, 0, 0, 20); // use the connection
      Atomics.sub(gauge, 0, 1);
    } finally {
      semaphore.release(); // the counter goes up; one waiting thread gets in
    }
    // tour:end
  }
}

const maxConnections = 10;
// tour:begin
const semaphore = new BoundedSemaphore(maxConnections, { name: "db connections" });
// tour:end
const gauge = new Int32Array(new SharedArrayBuffer(8)); // [open now, most ever]
const threads = Array.from(
  { length: 12 },
  () => new Thread({ target: client, args: [semaphore, gauge] }),
);
for (const t of threads) t.start();
for (const t of threads) await t.join();

console.log(`12 threads × 3 connections through BoundedSemaphore(${maxConnections})`);
console.log(
  `never more than ${maxConnections} open at once: ${(gauge[1] as number) <= maxConnections}`,
);
console.log(`all permits back afterwards: ${semaphore.value === maxConnections}`);
try {
  semaphore.release(); // one release too many: the bug "bounded" is there to catch
} catch (error) {
  console.log(`an extra release(): ${(error as Error).name}: ${(error as Error).message}`);
}

// Python: threading.BoundedSemaphore() — no argument: value 1, an ordinary lock.
const key = new BoundedSemaphore();
console.log(
  `new BoundedSemaphore(): acquire ${key.acquire()}, again without waiting ${key.acquire(false)}`,
);
key.release();
