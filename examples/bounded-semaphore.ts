// Simply explained: a semaphore is a doorman with a counter. A database takes at most 10
// connections, and 50 requests each want one: the doorman lets 10 in, and the 11th waits at the
// door until someone comes out. "Bounded" adds a check for a classic bug: handing back more
// permits than were taken is an error, instead of quietly letting 11 in from then on.

// The talk's "Mutex vs semaphore" (item 11):
//   max_connections = 10
//   semaphore = threading.BoundedSemaphore(max_connections)
// acquire() takes a permit (the counter goes down), release() gives it back (the counter goes up).
// Here 50 fake connections share the 10 permits.
//
// Time: each connection stays open a pseudo-random 0.1 to 0.9 s from a seeded generator, and run()
// gets a VirtualClock: no real waiting, and every run prints the same.
import {
  BoundedSemaphore,
  createTask,
  getRunningLoop,
  run,
  Semaphore,
  sleep,
  VirtualClock,
} from "spindle";

const MAX_CONNECTIONS = 10;
const REQUESTS = 50;

/** Park–Miller "minimal standard" generator: a deterministic stream of whole numbers. */
function seeded(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 16807) % 2147483647;
    return state;
  };
}

/** What happened at one moment: connections opened and closed, and how many were open after. */
interface Moment {
  opened: number[];
  closed: number[];
  open: number;
}

const timeline = new Map<string, Moment>();
const open = { now: 0, most: 0 };

/** The moment at the loop's current time, e.g. "0.3" (tenths of a second). */
function moment(): Moment {
  const t = getRunningLoop().time().toFixed(1);
  let m = timeline.get(t);
  if (m === undefined) {
    m = { opened: [], closed: [], open: 0 };
    timeline.set(t, m);
  }
  return m;
}

/** One request: take a permit, hold the "connection" for a while, give the permit back. */
function* connection(id: number, seconds: number, pool: BoundedSemaphore) {
  // tour:begin
  yield* pool.acquire(); // the counter goes down; at 0 the request waits at the door
  try {
    open.now++;
    open.most = Math.max(open.most, open.now);
    const opened = moment();
    opened.opened.push(id);
    opened.open = open.now;
    yield* sleep(seconds); // the fake query
    open.now--;
    const closed = moment();
    closed.closed.push(id);
    closed.open = open.now;
  } finally {
    pool.release(); // the counter goes up, and the longest-waiting request gets the permit
  }
  // tour:end
}

function* main() {
  // tour:begin
  const pool = new BoundedSemaphore(MAX_CONNECTIONS, { name: "db connections" });
  // tour:end
  const random = seeded(2024);
  const requests = [];
  for (let id = 1; id <= REQUESTS; id++) {
    const seconds = (1 + (random() % 9)) / 10; // 0.1 .. 0.9 s
    requests.push(createTask(connection(id, seconds, pool), { name: `request-${id}` }));
  }
  yield* sleep(0.05); // between two moments: the first 10 are in, the other 40 wait
  console.log(`at t=0.05s: ${JSON.stringify(pool.statistics())}`);
  for (const request of requests) yield* request;
}

console.log(
  `${REQUESTS} requests, new BoundedSemaphore(${MAX_CONNECTIONS}) as the connection pool`,
);
await run(main, { clock: new VirtualClock() });
console.log();
for (const [t, m] of timeline) {
  const closed = m.closed.length > 0 ? `closed ${m.closed.join(" ")}` : "";
  const opened = m.opened.length > 0 ? `opened ${m.opened.join(" ")}` : "";
  const what = [closed, opened].filter((s) => s !== "").join("; ");
  console.log(`t=${t}s  ${String(m.open).padStart(2)} open  ${what}`);
}
console.log();
console.log(`most connections open at once: ${open.most} (maxConnections = ${MAX_CONNECTIONS})`);
console.log();

// The bug "bounded" catches: one release() too many (say, in an error path that releases twice).
console.log("Releasing once more than acquired:");
await run(function* main() {
  const bounded = new BoundedSemaphore(2, { name: "db connections" });
  yield* bounded.acquire();
  bounded.release();
  try {
    bounded.release(); // one too many
    console.log("  BoundedSemaphore: no error?");
  } catch (error) {
    console.log(`  BoundedSemaphore throws ${String(error)}`);
  }
  // A plain Semaphore has no bound: the same bug silently raises its limit from 2 to 3.
  const plain = new Semaphore(2);
  yield* plain.acquire();
  plain.release();
  plain.release();
  console.log(`  Semaphore(2) says nothing, and now ${JSON.stringify(plain.statistics())}`);
});
