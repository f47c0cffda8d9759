// Simply explained: when a program with many tasks seems stuck or slow, you want to look inside
// it like `htop` looks inside a computer: which tasks exist, what each one is waiting for, who
// holds the lock everybody wants, and where the time went. spindle's monitor shows exactly that:
// a tree of tasks with what each waits on, a table, and a timeline you can open in a browser.

// A small server-like program: an acceptor puts requests on a queue, three handlers take them,
// each handler needs Lock 'db' for a moment and then "answers" (a sleep). Halfway through we take
// a snapshot and print the await tree (as Python 3.14's `python -m asyncio pstree` does) and a
// table; the whole run is recorded and written as an HTML timeline. It runs on a VirtualClock, so
// the output is the same on every run (CPU times, which vary, are not printed).
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createTask, Lock, Queue, run, sleep, VirtualClock } from "spindle";
import { formatTree, record, type Snapshot, snapshot, watch } from "spindle/monitor";

function* handler(requests: Queue<number>, db: Lock) {
  for (;;) {
    const request = yield* requests.get();
    yield* db.acquire();
    try {
      yield* sleep(0.01 * request); // a query
    } finally {
      db.release();
    }
    yield* sleep(0.025); // writing the answer
    requests.taskDone();
  }
}

/** Creation sites are `path:line`; print only the file name, so the output does not depend on cwd. */
const short = (text: string) => text.replace(/\S*\/([\w.-]+\.js:\d+)/g, "$1");

function table(snap: Snapshot): string {
  const rows = snap.tasks.map((t) =>
    [
      t.name,
      t.state,
      t.waitingOn ?? "",
      t.holding.join(", "),
      String(t.steps),
      `${t.age?.toFixed(2)} s`,
    ]
      .map((cell, i) => cell.padEnd([10, 9, 20, 11, 7, 0][i]!))
      .join("")
      .trimEnd(),
  );
  return ["task      state    waiting on          holds      steps  age", ...rows].join("\n");
}

// tour:begin
const recording = record({ capacity: 10_000 }); // the flight recorder: fixed memory
// tour:end
await run(
  function* server() {
    // tour:begin
    watch(); // creation sites, steps and CPU time in snapshots
    // tour:end
    const requests = new Queue<number>(0, { name: "requests" });
    const db = new Lock({ name: "db" });
    const handlers = [1, 2, 3].map((n) =>
      createTask(handler(requests, db), { name: `handler-${n}` }),
    );
    for (let request = 1; request <= 12; request++) {
      yield* requests.put(request);
      yield* sleep(0.02);
      if (request === 6) {
        // tour:begin
        const snap = snapshot();
        console.log(short(formatTree(snap)));
        console.log();
        console.log(table(snap));
        // tour:end
      }
    }
    yield* requests.join();
    for (const h of handlers) h.cancel();
  },
  { clock: new VirtualClock() },
);
// tour:begin
const trace = recording.stop();
const file = join(tmpdir(), "spindle-monitor-timeline.html");
await trace.write(file);
console.log(
  `\nrecorded ${trace.recorded} events of ${trace.lanes.length} tasks; open the timeline: ${file}`,
);
// tour:end
