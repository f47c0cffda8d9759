// Simply explained: the café toilet again (see mutex.ts), but now the three people are real
// threads running at the same time on different CPU cores. The key is a few bytes of memory all
// three can see; taking it is one atomic instruction, and whoever finds it taken sleeps until it
// is handed back.

// The talk's "Mutex vs semaphore" (item 11) with real threads: Thread-1, Thread-2 and Thread-3
// each do lock(mutex) → work → unlock(mutex), three times, on a spindle/threading Lock.
//
// Output: which thread gets in first depends on the OS, so each thread writes what it does into a
// shared log and the main thread prints it afterwards: the order of the threads varies from run
// to run, but the pattern — enter, leave, enter, leave — never does, and that is what the lock
// guarantees. Printed here without the names, then each thread's count.
import { Lock, Thread } from "spindle/threading";

const ENTER = 1;

/**
 * One thread: three times lock → work (10 ms) → unlock; appends (who, what) to the shared log.
 * It is sent to its thread as source, so it uses only its parameters and locals (ENTER and LEAVE
 * from above would fail in the thread with an error naming them).
 */
function worker(mutex: Lock, log: Int32Array, who: number): void {
  const ENTER = 1;
  const LEAVE = 2;
  const nap = new Int32Array(new SharedArrayBuffer(4));
  const note = (what: number) => {
    const at = Atomics.add(log, 0, 1); // log[0] is the length; entries follow, two cells each
    log[1 + at * 2] = who;
    log[2 + at * 2] = what;
  };
  for (let i = 0; i < 3; i++) {
    // tour:begin
    mutex.acquire(); // lock(mutex): sleeps while another thread holds it
    try {
      note(ENTER);
      Atomics.wait(nap, 0, 0, 10); // do work
      note(LEAVE);
    } finally {
      mutex.release(); // unlock(mutex)
    }
    // tour:end
  }
}

// tour:begin
const mutex = new Lock({ name: "toilet key" });
const log = new Int32Array(new SharedArrayBuffer(4 * (1 + 2 * 18)));
const threads = [1, 2, 3].map(
  (who) => new Thread({ target: worker, args: [mutex, log, who], name: `Thread-${who}` }),
);
for (const t of threads) t.start();
for (const t of threads) await t.join(); // awaitable; joinSync() would block instead
// tour:end

const entries: [number, number][] = [];
for (let i = 0; i < (log[0] as number); i++)
  entries.push([log[1 + i * 2] as number, log[2 + i * 2] as number]);
const pattern = entries.map(([, what]) => (what === ENTER ? "enter" : "leave"));
let inside = 0;
let most = 0;
for (const [, what] of entries) {
  inside += what === ENTER ? 1 : -1;
  most = Math.max(most, inside);
}
console.log(`critical sections, in order: ${pattern.join(" ")}`);
for (const t of threads) {
  const who = Number(t.name.slice("Thread-".length));
  const times = entries.filter(([w, what]) => w === who && what === ENTER).length;
  console.log(`${t.name}: lock → work → unlock, ${times} times`);
}
console.log(`at most ${most} thread was inside at a time`);
console.log(`statistics afterwards: ${JSON.stringify(mutex.statistics())}`);
