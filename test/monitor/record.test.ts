// record(): the flight recorder. Its Chrome trace is checked against the trace-event format; its
// memory is fixed by capacity whatever the run's length (counted over 10M steps).
import assert from "node:assert/strict";
import { it } from "node:test";
import { createTask, Event, Lock, run, sleep } from "../../src/asyncio/index.js";
import { type Loop, newEventLoop, RuntimeError, VirtualClock } from "../../src/core/index.js";
import { record, type Trace } from "../../src/monitor/index.js";
import { checkChromeTrace } from "./trace-format.js";

/** A small program: main spawns workers that contend for a lock and wait for an event. */
function* program(): Generator<unknown, void, unknown> {
  const db = new Lock({ name: "db" });
  const go = new Event({ name: "go" });
  const worker = (n: number) =>
    createTask(
      function* () {
        yield* go.wait();
        yield* db.acquire();
        try {
          yield* sleep(0.01 * n);
        } finally {
          db.release();
        }
      },
      { name: `worker-${n}` },
    );
  const workers = [worker(1), worker(2), worker(3)];
  yield* sleep(0.1);
  go.set();
  for (const w of workers) yield* w;
  const loner = createTask(function* () { yield* sleep(100); }, { name: "loner" }); // biome-ignore format: short
  yield* sleep(0);
  loner.cancel("not needed");
  try {
    yield* loner;
  } catch {
    // cancelled, as asked
  }
}

async function recorded(capacity = 10_000): Promise<Trace> {
  const loop = newEventLoop({ clock: new VirtualClock() });
  try {
    const recording = record({ capacity, loop });
    await loop.runUntilComplete(program() as Generator<never, void, unknown>);
    return recording.stop();
  } finally {
    loop.close();
  }
}

it("a trace has a lane per task, steps, waits with their labels, wake-ups, spawns and cancels", async () => {
  const trace = await recorded();
  assert.deepEqual(
    trace.lanes.map((l) => l.name),
    ["Task-1", "worker-1", "worker-2", "worker-3", "loner"],
  );
  const kinds = new Set(trace.events.map((e) => e.kind));
  for (const kind of ["spawn", "step", "wake", "cancel"]) assert.ok(kinds.has(kind as never), kind);
  const labels = new Set(trace.events.filter((e) => e.label !== null).map((e) => e.label));
  for (const label of ["Event 'go'", "Lock 'db'", "sleep(0.01)", "Task 'worker-1'"]) {
    assert.ok(labels.has(label), `${label} in ${[...labels].join(", ")}`);
  }
  assert.equal(trace.dropped, 0);
  assert.equal(trace.recorded, trace.events.length);
});

it("toChromeTrace() is well-formed trace-event JSON: fields, balanced B/E, flows that connect", async () => {
  const chrome = (await recorded()).toChromeTrace();
  assert.deepEqual(checkChromeTrace(chrome), []);
  const byPhase = (ph: string) => chrome.traceEvents.filter((e) => e.ph === ph);
  assert.ok(byPhase("B").length > 10);
  assert.ok(byPhase("b").some((e) => e.name === "Lock 'db'"));
  const flows = byPhase("s").map((e) => e.cat);
  assert.ok(flows.includes("spawn") && flows.includes("wake"), flows.join(","));
  const names = byPhase("M")
    .filter((e) => e.name === "thread_name")
    .map((e) => e.args?.name);
  assert.deepEqual(names, ["loop", "Task-1", "worker-1", "worker-2", "worker-3", "loner"]);
  assert.ok(byPhase("i").some((e) => e.name === "cancel requested"));
  // It is JSON: the file Perfetto opens.
  assert.deepEqual(JSON.parse(JSON.stringify(chrome)), chrome);
});

it("a trace cut by the ring is still well-formed: waits and flows with a missing end are dropped or closed", async () => {
  for (const capacity of [7, 13, 29]) {
    const trace = await recorded(capacity);
    assert.equal(trace.events.length, capacity);
    assert.ok(trace.dropped > 0);
    assert.deepEqual(checkChromeTrace(trace.toChromeTrace()), [], `capacity ${capacity}`);
  }
});

it("the same program records the same events, names and labels every run (virtual time)", async () => {
  const shape = (t: Trace) => t.events.map((e) => [e.kind, e.task, e.other, e.ended, e.label]);
  const [a, b] = [await recorded(), await recorded()];
  assert.deepEqual(shape(a), shape(b));
  assert.deepEqual(a.lanes.map((l) => l.name), b.lanes.map((l) => l.name)); // biome-ignore format: short
});

it("a recorder of capacity N holds at most N events over 10M steps; its strings are bounded too", async () => {
  const capacity = 1000;
  const loop = newEventLoop({ clock: new VirtualClock() });
  const recording = record({ capacity, loop, maxStrings: 64 });
  const bytes = recording.bytes;
  const STEPS = 10_000_000;
  try {
    await loop.runUntilComplete(
      (function* () {
        // 1000 tasks with names of their own: more than the string table keeps.
        const named = [];
        for (let i = 0; i < 1000; i++) named.push(createTask(function* () {}, { name: `n${i}` })); // biome-ignore format: short
        for (const t of named) yield* t;
        const side = function* (half: number) {
          for (let i = 0; i < half; i++) yield;
        };
        const a = createTask(side(STEPS / 2));
        const b = createTask(side(STEPS / 2));
        yield* a;
        yield* b;
      })(),
    );
  } finally {
    loop.close();
  }
  const trace = recording.stop();
  assert.ok(recording.recorded >= STEPS, `${recording.recorded} events recorded`);
  assert.equal(trace.events.length, capacity);
  assert.equal(trace.dropped, recording.recorded - capacity);
  assert.equal(recording.bytes, bytes);
  assert.equal(bytes, capacity * 27);
  assert.equal(recording.strings, 64); // the table stopped at its bound...
  assert.ok(trace.droppedStrings > 0); // ...and said so
});

it("record() before run() records every loop created from then on", async () => {
  const recording = record({ capacity: 1000 });
  await run(function* first() {
    yield* sleep(0);
  });
  await run(function* second() {
    yield* sleep(0);
  });
  const trace = recording.stop();
  assert.equal(trace.loops, 2);
  assert.deepEqual(
    trace.lanes.map((l) => [l.loop, l.name]),
    [
      [1, "first"],
      [2, "second"],
    ],
  );
  assert.deepEqual(checkChromeTrace(trace.toChromeTrace()), []);
  // Stopped: later loops are not recorded, and stop() again returns the same trace.
  await run(function* third() {});
  assert.equal(recording.stop(), trace);
});

it("bad input: a capacity below 1 or not whole, a closed loop, an unknown file extension", async () => {
  for (const capacity of [0, -1, 1.5, Number.NaN, 2 ** 40]) {
    assert.throws(
      () => record({ capacity }),
      (e: unknown) =>
        e instanceof RangeError &&
        e.message.startsWith(
          "record({ capacity }): capacity is the number of events kept, a whole number from 1 to",
        ),
    );
  }
  const loop: Loop = newEventLoop();
  loop.close();
  assert.throws(
    () => record({ loop }),
    (e: unknown) => e instanceof RuntimeError && /the loop is closed/.test(e.message),
  );
  const trace = await recorded();
  await assert.rejects(
    trace.write("/tmp/run.txt"),
    /trace.write\("\/tmp\/run.txt"\): the extension says the format: \.json \(Chrome trace, for Perfetto\) or \.html/,
  );
});

it("a process-wide recording or server does not keep the loops of finished runs alive", async (t) => {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) {
    t.skip("needs node --expose-gc (npm test passes it)");
    return;
  }
  const { getRunningLoop } = await import("../../src/core/index.js");
  const { serve } = await import("../../src/monitor/index.js");
  const recording = record({ capacity: 1000 });
  const server = await serve({ port: 0 });
  const loops: WeakRef<object>[] = [];
  for (let i = 0; i < 20; i++) {
    await run(function* () {
      loops.push(new WeakRef(getRunningLoop()));
      yield* sleep(0);
    });
  }
  for (let round = 0; round < 5 && loops.some((l) => l.deref() !== undefined); round++) {
    await new Promise((r) => setImmediate(r));
    gc();
  }
  const alive = loops.filter((l) => l.deref() !== undefined).length;
  assert.ok(alive <= 1, `${alive} of 20 loops still alive`);
  await server.close();
  assert.equal(recording.stop().loops, 20);
});

it("lints are in the trace: slow steps and wait-for cycles, as instants and on the HTML page", async () => {
  const loop = newEventLoop({ clock: new VirtualClock() });
  loop.slowCallbackDuration = 0.01;
  const recording = record({ capacity: 1000, loop });
  let trace: Trace | null = null;
  try {
    await loop.runUntilComplete(
      (function* () {
        const hog = createTask(function* () { const until = performance.now() + 20; while (performance.now() < until); }, { name: "hog" }); // biome-ignore format: short
        yield* hog;
        const holder: { a?: ReturnType<typeof createTask>; b?: ReturnType<typeof createTask> } = {};
        holder.a = createTask(function* () { yield* holder.b!; }, { name: "a" }); // biome-ignore format: short
        holder.b = createTask(function* () { yield* holder.a!; }, { name: "b" }); // biome-ignore format: short
        yield* sleep(1);
        trace = recording.stop(); // a and b are still stuck in their cycle
        holder.a.cancel();
        holder.b.cancel();
      })(),
    );
  } finally {
    loop.close();
  }
  const lints = trace!.lints.map((l) => [l.kind, l.task]);
  const id = (name: string) => trace!.lanes.find((l) => l.name === name)!.task;
  assert.deepEqual(lints, [
    ["slow-step", id("hog")],
    ["never-woken", id("a")],
    ["never-woken", id("b")],
  ]);
  const chrome = trace!.toChromeTrace();
  assert.deepEqual(checkChromeTrace(chrome), []);
  const instants = chrome.traceEvents.filter((e) => e.cat === "lint").map((e) => [e.name, e.tid]);
  assert.deepEqual(instants, lints);
  assert.match(trace!.toHTML(), /never-woken: Task 'a' waits on Task 'b' in a wait-for cycle/); // biome-ignore format: one line
});

it("a cancellation that takes over a second of real time to finish is a lint in the trace", async () => {
  const recording = record({ capacity: 1000 });
  await run(function* main() {
    const slow = createTask(
      function* () {
        try {
          yield* sleep(100);
        } finally {
          yield* sleep(1.05); // real time: the trace's clock is the wall clock
        }
      },
      { name: "slow-to-stop" },
    );
    yield* sleep(0);
    slow.cancel();
    try {
      yield* slow;
    } catch {
      // cancelled, as asked
    }
  });
  const lints = recording.stop().lints.filter((l) => l.kind === "cancel-stuck");
  assert.equal(lints.length, 1);
  assert.match(
    lints[0]!.message,
    /^Task 'slow-to-stop' took 1\.\d s to finish after it was cancelled/,
  );
});

it("pool jobs are on their worker's lane: one slice per job, in order, never overlapping", async () => {
  const { ThreadPoolExecutor } = await import("../../src/futures/index.js");
  const pool = new ThreadPoolExecutor({ maxWorkers: 2, name: "crunch" });
  const recording = record({ capacity: 1000 });
  try {
    await run(function* main() {
      const spin = (ms: number) => {
        const until = Date.now() + ms;
        while (Date.now() < until);
        if (ms < 0) throw new Error("never");
        return ms;
      };
      const jobs = [5, 5, 5, 5].map((ms) => pool.submit(spin, ms));
      for (const job of jobs) yield job.result();
      const failing = pool.submit((): number => {
        throw new Error("boom");
      });
      try {
        yield failing.result();
      } catch {
        // it failed, as written
      }
    });
  } finally {
    await pool.shutdown();
  }
  const trace = recording.stop();
  const jobs = trace.events.filter((e) => e.kind === "job");
  assert.equal(jobs.length, 5);
  assert.deepEqual(jobs.map((e) => e.ended).sort(), ["failed", "finished", "finished", "finished", "finished"]); // biome-ignore format: one line
  const lanes = trace.lanes.filter((l) => l.loop === 0).map((l) => l.name);
  assert.ok(lanes.includes("pool 'crunch' worker 1"), lanes.join(", "));
  assert.ok(
    lanes.every((name) => /^pool 'crunch' worker [12]$/.test(name)),
    lanes.join(", "),
  );
  const chrome = trace.toChromeTrace();
  assert.deepEqual(checkChromeTrace(chrome), []);
  assert.equal(chrome.traceEvents.filter((e) => e.cat === "pool" && e.ph === "B").length, 5);
  assert.ok(chrome.traceEvents.some((e) => e.ph === "M" && e.args?.name === "spindle pools"));
});
