// Simply explained: a race that shows once a month in production will not show when you try it
// once on your desk, because your desk always runs the tasks in the same order. So try many
// orders on purpose: `explore` runs the same little story under hundreds of schedules, each one
// reproducible from a seed, and reports the first one that breaks it, step by step, with a short
// token that replays exactly that schedule. Fix the code, explore again: no schedule breaks it.

// Goes on from examples/race-condition.ts. There, every task paused between its read and its
// write, so the bug showed on every run. Here the second cash machine checks the card first (three
// short pauses), so in the default order the first withdrawal is done before the second reads:
// the race is still there, but the default order never shows it.
//
// explore(scenario) runs the scenario as the main task of a fresh loop on a VirtualClock, once per
// schedule (run 1 is the default FIFO order, the others drawn from the seed by PCT), and rejects
// with a ScheduleFailure: the interleaving (one column per task, shrunk to the fewest departures
// from the default order, each marked *) and the token. The balance is a `shared()` cell, so a
// lost update fails the run even though nothing else checks the books.
import { type Coroutine, createTask, Lock, run, VirtualClock } from "spindle";
import { explore, replay, ScheduleFailure, type Shared, shared } from "spindle/testing";

/** A withdrawal of 30: check the card (`checks` pauses), read the balance, pause, write. */
function* withdraw(balance: Shared<number>, checks: number, lock: Lock | null): Coroutine<void> {
  for (let i = 0; i < checks; i++) yield; // checking the card: others may run meanwhile
  if (lock) yield* lock.acquire();
  try {
    // tour:begin
    const seen = balance.get();
    yield; // the ledger is slow: others may run between the read and the write
    balance.set(seen - 30);
    // tour:end
  } finally {
    lock?.release();
  }
}

/** Two cash machines, one account. */
function* bank(): Coroutine<number> {
  const balance = shared(100, "balance");
  const atm1 = createTask(withdraw(balance, 0, null), { name: "ATM-1" });
  const atm2 = createTask(withdraw(balance, 3, null), { name: "ATM-2" });
  yield* atm1;
  yield* atm2;
  return balance.get();
}

/** The same two machines, each holding the account's lock from read to write. */
function* lockedBank(): Coroutine<number> {
  const balance = shared(100, "balance");
  const lock = new Lock({ name: "account" });
  const atm1 = createTask(withdraw(balance, 0, lock), { name: "ATM-1" });
  const atm2 = createTask(withdraw(balance, 3, lock), { name: "ATM-2" });
  yield* atm1;
  yield* atm2;
  return balance.get();
}

const left = await run(bank, { clock: new VirtualClock(), debug: true });
console.log(`One run in the default order: balance ${left} (100 - 2 x 30). Nothing to see.\n`);

// tour:begin
let found: ScheduleFailure | null = null;
try {
  await explore(bank, { runs: 500, seed: 1 });
} catch (error) {
  if (!(error instanceof ScheduleFailure)) throw error;
  found = error;
  console.log(error.message); // what failed, the interleaving, and the replay(...) line
}
// tour:end
if (found === null) throw new Error("explore found no failing schedule");

// tour:begin
const again = await replay(bank, found.schedule).catch(
  (error: unknown) => error as ScheduleFailure,
);
// tour:end
const same = again.interleaving === found.interleaving;
console.log(`
replay(bank, token): ${again.name}, run ${again.run} again, same interleaving: ${same}`);

// tour:begin
const fixed = await explore(lockedBank, { runs: 500, seed: 1 });
// tour:end
console.log(`
With the lock: ${fixed.runs} runs, ${fixed.distinct} different schedules, none fails.`);
