// Simply explained: a deadlock is when every task is waiting and nobody is left to do the thing
// they wait for, like two people each holding the door for the other. The program does not crash;
// it just stops moving. spindle notices when nothing can ever happen again and says who waits on
// what, instead of hanging or quietly exiting.

// The talk's "main problems of concurrency" (item 2): deadlock. Two ways to get one, each run
// with run() and its DeadlockError caught and printed. Task names are given explicitly: they
// appear verbatim in the report.
import { type Coroutine, createTask, DeadlockError, getRunningLoop, run, type Task } from "spindle";

/** Runs `main` and prints the DeadlockError it ends with. */
async function show(title: string, main: () => Coroutine<void>): Promise<void> {
  console.log(title);
  try {
    await run(main);
    console.log("  (no deadlock?)");
  } catch (error) {
    if (!(error instanceof DeadlockError)) throw error;
    console.log(`  ${error.name}: ${error.message.replaceAll("\n", "\n  ")}`);
  }
  console.log();
}

// 1. A task waits on a Future that nobody will ever fill in.
await show("1. Waiting for a reply that never comes", function* main() {
  const listener = createTask(
    function* () {
      const reply = getRunningLoop().createFuture<string>("the reply"); // named for the report
      yield* reply; // nothing calls reply.setResult(): this never ends
    },
    { name: "listener" },
  );
  yield* listener;
});

// 2. Two tasks join each other: alice waits for bob to finish, bob waits for alice to finish.
// Both tasks must exist before either waits, so they find each other through a shared holder.
await show("2. Two tasks waiting for each other", function* main() {
  const holder: { alice?: Task<void>; bob?: Task<void> } = {};
  // tour:begin
  holder.alice = createTask(
    function* () {
      yield* holder.bob!; // waits for bob to finish
    },
    { name: "alice" },
  );
  holder.bob = createTask(
    function* () {
      yield* holder.alice!; // waits for alice to finish
    },
    { name: "bob" },
  );
  yield* holder.alice;
  // tour:end
});

console.log("Python's asyncio would hang here forever; plain Node would exit silently, with the");
console.log("awaited promise never settled. spindle reports the deadlock and who waits on what.");
