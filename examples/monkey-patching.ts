// Simply explained: "monkey patching" swaps a built-in part of the platform for another one
// while the program runs. Here Node's own timers (setTimeout...) and clocks (Date.now...) are
// swapped for the hub's, so code that never heard of spindle runs on spindle's clock. With a
// virtual clock, a recipe that "waits" eight minutes finishes at once — and every timer it sets
// shows up in the hub's statistics. As the talk warns: it may cause surprises, or improvements.

// The talk's monkey patching (item 9), on Node's globals instead of Python's socket module.
import { monkey, run } from "spindle/gevent";
import { VirtualClock } from "spindle/testing";

// Plain callback code: it knows nothing of spindle, only setTimeout and Date.now.
function brewTea(done: (log: string[]) => void): void {
  const start = Date.now();
  const log: string[] = [];
  const note = (what: string) => log.push(`+${(Date.now() - start) / 1000} s  ${what}`);
  // tour:begin
  note("kettle on");
  setTimeout(() => {
    note("water boiled; tea in");
    setTimeout(() => {
      note("tea steeped; milk in");
      done(log);
    }, 5 * 60_000); // five minutes
  }, 3 * 60_000); // three minutes
  // tour:end
}

const realStart = performance.now();
await run(
  function* main() {
    // tour:begin
    monkey.patchAll(); // the running hub, with its virtual clock, takes over the globals
    try {
      const log: string[] = yield new Promise<string[]>((resolve) => brewTea(resolve));
      for (const line of log) console.log(line);
      const stats = monkey.statistics();
      console.log(
        `timers routed through the hub: ${stats.timersScheduled}, still pending: ${stats.active}`,
      );
    } finally {
      monkey.unpatch(); // Node's own timers and clocks are back
    }
    // tour:end
  },
  { clock: new VirtualClock() },
);
const realSeconds = (performance.now() - realStart) / 1000;
console.log(`real time taken: ${realSeconds < 1 ? "under a second" : `${realSeconds} s`}`);
