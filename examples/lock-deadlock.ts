// Simply explained: two people need the same two keys. One picks up the key to the front door and
// reaches for the key to the safe; the other already has the safe key and reaches for the front
// door key. Each waits for the other to let go, forever. The cure is a rule everybody follows:
// always take the keys in the same order. spindle notices when nobody can move and prints who
// holds which key and who waits for whom.

// The talk's "main problems of concurrency" (item 2): deadlock, "no thread can continue; all are
// waiting". Task A takes lock L1 then L2; task B takes L2 then L1. The `yield` between the two
// acquires lets each take its first lock before either asks for its second. asyncio would hang
// here forever; spindle's run() rejects with a DeadlockError naming the holders and the cycle.
import { type Coroutine, createTask, DeadlockError, Lock, run } from "spindle";

/** Takes `first`, yields to the other tasks, takes `second`, does its work, releases both. */
// tour:begin
function* transfer(name: string, first: Lock, second: Lock) {
  yield* first.acquire();
  try {
    yield; // the other task runs now, and takes its first lock
    yield* second.acquire();
    try {
      console.log(`  ${name}: holds both locks, does its work`);
    } finally {
      second.release();
    }
  } finally {
    first.release();
  }
}
// tour:end

/** Runs `main` and prints how it ended: normally, or with its DeadlockError. */
async function show(title: string, main: () => Coroutine<void>): Promise<void> {
  console.log(title);
  try {
    await run(main);
    console.log("  both tasks finished");
  } catch (error) {
    if (!(error instanceof DeadlockError)) throw error;
    console.log(`  ${error.name}: ${error.message.replaceAll("\n", "\n  ")}`);
  }
  console.log();
}

await show("1. A takes L1 then L2, B takes L2 then L1", function* main() {
  const l1 = new Lock({ name: "L1" });
  const l2 = new Lock({ name: "L2" });
  // tour:begin
  const a = createTask(transfer("A", l1, l2), { name: "A" });
  const b = createTask(transfer("B", l2, l1), { name: "B" });
  // tour:end
  yield* a;
  yield* b;
});

await show("2. The fix: both take L1 first, then L2", function* main() {
  const l1 = new Lock({ name: "L1" });
  const l2 = new Lock({ name: "L2" });
  const a = createTask(transfer("A", l1, l2), { name: "A" });
  const b = createTask(transfer("B", l1, l2), { name: "B" });
  yield* a;
  yield* b;
});

// A deadlock with one task and one lock: asyncio's Lock is not reentrant, so taking it again
// waits for itself. asyncio hangs; spindle throws at the second acquire().
await show("3. One task takes a Lock it already holds", function* main() {
  const l1 = new Lock({ name: "L1" });
  yield* l1.acquire();
  try {
    yield* l1.acquire(); // e.g. a helper that locks, called from code that already locked
  } finally {
    l1.release();
  }
});
