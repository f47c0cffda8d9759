// Simply explained: a race condition is several people updating the same thing, each from a copy
// that has gone stale. Five cash machines each read "balance 100", each decide there is enough for
// 30, each pay out and write back "70": 150 left the bank and the balance fell by only 30. A task
// only pauses where it says `yield`, so the danger is exactly the gap between the read and the
// write; a Lock turns "read, decide, write" into one step that nobody can cut into.

// The talk's "main problems of concurrency" (item 2): a race condition is a bug that "depends on
// the order in which parts of the code run". Here the order is forced (a `yield` between check
// and act), so the bug shows on every run instead of once a month in production.
//
// The balance is a `shared()` cell (spindle/testing): in debug mode spindle watches its reads and
// writes and warns, on stderr, about each update lost this way. `examples/finding-races.ts` goes
// on from here: a race that the default order never shows, found by trying many orders.
//
// Time: run() gets a VirtualClock; nothing here sleeps, but the habit keeps examples exact.
import { type Coroutine, createTask, Lock, run, VirtualClock } from "spindle";
import { type Shared, shared } from "spindle/testing";

const OPENING_BALANCE = 100;
const AMOUNT = 30;
const MACHINES = 5;

interface Account {
  balance: Shared<number>;
  paidOut: number;
}

/**
 * Check-then-act, the classic shape of the bug: read the balance, decide, then write a balance
 * computed from what was read. The `yield` stands for any wait in between: a database call, a
 * network request, a log write.
 */
function* withdraw(name: string, account: Account) {
  // tour:begin
  const seen = account.balance.get(); // read
  if (seen < AMOUNT) {
    console.log(`  ${name} reads balance ${seen}: not enough, refused`);
    return;
  }
  console.log(`  ${name} reads balance ${seen}: enough, pays out ${AMOUNT}`);
  yield; // the other tasks run here, and read the same old balance
  account.paidOut += AMOUNT;
  account.balance.set(seen - AMOUNT); // write, from the stale read: others' updates are lost
  // tour:end
  console.log(`  ${name} writes balance ${account.balance.get()}`);
}

/** The same withdrawal, with the read-decide-write inside the lock. */
function* withdrawLocked(name: string, account: Account, lock: Lock) {
  // tour:begin
  yield* lock.acquire();
  try {
    yield* withdraw(name, account);
  } finally {
    lock.release();
  }
  // tour:end
}

/** Runs one cash machine per task against one account, then prints the books. */
async function bank(title: string, machine: (name: string, account: Account) => Coroutine<void>) {
  console.log(title);
  const account: Account = { balance: shared(OPENING_BALANCE, "balance"), paidOut: 0 };
  await run(
    function* main() {
      const machines = [];
      for (let i = 1; i <= MACHINES; i++) {
        const name = `ATM-${i}`;
        machines.push(createTask(machine(name, account), { name }));
      }
      for (const m of machines) yield* m;
    },
    { clock: new VirtualClock(), debug: true }, // debug: warn about lost updates
  );
  // The books must balance: what was paid out plus what is left is what there was.
  const balance = account.balance.get();
  const total = account.paidOut + balance;
  const books = `  paid out ${account.paidOut} + balance ${balance} = ${total}`;
  const lost = total - OPENING_BALANCE;
  console.log(
    lost === 0 ? `${books}: every coin accounted for` : `${books}, not ${OPENING_BALANCE}`,
  );
  if (lost !== 0)
    console.log(`  the bank lost ${lost}: ${lost / AMOUNT} withdrawals were never recorded`);
  console.log();
}

const story = `${MACHINES} cash machines each withdraw ${AMOUNT} from an account holding ${OPENING_BALANCE}`;
await bank(`${story}, no lock:`, withdraw);

const lock = new Lock({ name: "account" });
await bank("The same, each withdrawal holding the account's Lock:", (name, account) =>
  withdrawLocked(name, account, lock),
);

console.log("Without the lock the result depends on where the tasks pause: here every task paused");
console.log(
  "between its read and its write. With it, one withdrawal finishes before the next reads.",
);
