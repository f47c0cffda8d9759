// Simply explained: a mutex (a Lock) is the key to a café's only toilet. Whoever has the key goes
// in; everyone else waits in line; coming out, you hand the key to the next person in line. Three
// tasks share one Lock, and each takes it, works, and hands it on: only one is ever inside. A
// BoundedSemaphore is a board of keys; with one key on the board it is an ordinary lock.

// The talk's "Mutex vs semaphore" (item 11): Thread-1, Thread-2 and Thread-3 each do
// lock(mutex) → do work → unlock(mutex). Here they are three tasks on one event loop; the "work"
// is a one-second sleep, during which the others could run, and the lock keeps them out.
//
// Time: run() gets a VirtualClock, so the sleeps cost no real time and every run prints the same.
import {
  type Awaitable,
  BoundedSemaphore,
  createTask,
  getRunningLoop,
  Lock,
  run,
  sleep,
  VirtualClock,
} from "spindle";

/** Anything with the talk's two operations: a Lock, or a semaphore with one permit. */
interface Mutex {
  acquire(): Awaitable<boolean>;
  release(): void;
}

/** Prints a line stamped with the loop's time, e.g. "[t=1s] Thread-2: acquired". */
function say(what: string): void {
  console.log(`[t=${getRunningLoop().time()}s] ${what}`);
}

/** How many tasks are between acquire and release right now, and the most there ever were. */
const inside = { now: 0, most: 0 };

/** One of the talk's threads: lock, do work, unlock. */
function* thread(name: string, mutex: Mutex) {
  say(`${name}: waiting for the key`);
  // tour:begin
  yield* mutex.acquire(); // lock(mutex): waits in line while someone else is inside
  try {
    inside.now++;
    inside.most = Math.max(inside.most, inside.now);
    say(`${name}: acquired`);
    say(`${name}: working`);
    yield* sleep(1); // do work; the other tasks run meanwhile, but cannot get in
    inside.now--;
  } finally {
    mutex.release(); // unlock(mutex): the key goes to the next task in line
  }
  // tour:end
  say(`${name}: released`);
}

/** Starts Thread-1..3 on the same mutex and waits for all three. */
function threeThreads(mutex: Mutex) {
  return function* main() {
    inside.most = 0;
    const threads = ["Thread-1", "Thread-2", "Thread-3"].map((name) =>
      createTask(thread(name, mutex), { name }),
    );
    for (const t of threads) yield* t;
    say(`all done; at most ${inside.most} task was inside at a time`);
  };
}

console.log("1. One Lock (a mutex), three tasks");
const lock = new Lock({ name: "toilet key" });
await run(threeThreads(lock), { clock: new VirtualClock() });
console.log(`   statistics afterwards: ${JSON.stringify(lock.statistics())}`);
console.log();

// Python: semaphore = threading.BoundedSemaphore()  # no argument: value 1, an ordinary lock
console.log("2. The same with new BoundedSemaphore(): one permit, so an ordinary lock");
const semaphore = new BoundedSemaphore();
await run(threeThreads(semaphore), { clock: new VirtualClock() });
console.log(`   statistics afterwards: ${JSON.stringify(semaphore.statistics())}`);
