// snapshot(): tasks with state, wait label, holders, parent, creation site, age, steps, CPU; the
// await tree as pstree prints it; pools and named primitives. Virtual time throughout.
import assert from "node:assert/strict";
import { it } from "node:test";
import { createTask, gather, Lock, sleep } from "../../src/asyncio/index.js";
import { type Loop, newEventLoop, RuntimeError, VirtualClock } from "../../src/core/index.js";
import { ThreadPoolExecutor } from "../../src/futures/index.js";
import { awaitChain, formatTree, type Snapshot, snapshot, watch } from "../../src/monitor/index.js";

/** Runs `main` on a fresh virtual-time loop, then closes it. */
async function onLoop<T>(main: (loop: Loop) => Generator<unknown, T, unknown>): Promise<T> {
  const loop = newEventLoop({ clock: new VirtualClock() });
  try {
    return (await loop.runUntilComplete(main(loop) as Generator<never, T, unknown>)) as T;
  } finally {
    loop.close();
  }
}

/** The program the tests look at: main gathers two workers that contend for Lock 'db'. */
function* contended(watching: boolean): Generator<unknown, Snapshot, unknown> {
  const watcher = watching ? watch() : null;
  const db = new Lock({ name: "db" });
  let snap: Snapshot | null = null;
  const holder = createTask(
    function* () {
      yield* db.acquire();
      try {
        yield* sleep(5);
      } finally {
        db.release();
      }
    },
    { name: "worker-2" },
  );
  const waiter = createTask(
    function* () {
      yield* db.acquire();
      db.release();
    },
    { name: "worker-1" },
  );
  const observer = createTask(
    function* () {
      yield* sleep(1);
      snap = snapshot();
    },
    { name: "observer" },
  );
  yield* holder; // a join: main waits on Task 'worker-2', which it created
  yield* gather(waiter, observer);
  watcher?.stop();
  return snap!;
}

const withoutSites = (tree: string) => tree.replace(/ {2}\S+:\d+$/gm, "");

it("a snapshot shows each task's state, wait label, holders, holdings and parent", async () => {
  const snap = await onLoop(() => contended(true));
  const byName = new Map(snap.tasks.map((t) => [t.name, t]));
  const main = byName.get("main") ?? snap.tasks.find((t) => t.parent === null)!;
  const holder = byName.get("worker-2")!;
  const waiter = byName.get("worker-1")!;
  const observer = byName.get("observer")!;
  assert.equal(observer.state, "running");
  assert.equal(holder.state, "waiting");
  assert.equal(holder.waitingOn, "sleep(5)");
  assert.deepEqual(holder.holding, ["Lock 'db'"]);
  assert.equal(waiter.waitingOn, "Lock 'db'");
  assert.deepEqual(waiter.waitsFor, [holder.id]);
  assert.equal(main.state, "waiting");
  assert.equal(main.waitingOn, "Task 'worker-2'");
  assert.deepEqual(main.waitsFor, [holder.id]);
  for (const t of [holder, waiter, observer]) assert.equal(t.parent, main.id);
  // Watched from the start: creation sites in this file, ages in loop time, steps and CPU.
  assert.match(holder.createdAt!, /snapshot\.test\.js:\d+$/);
  assert.equal(holder.age, 1);
  assert.equal(holder.steps, 1);
  assert.ok(holder.cpu! >= 0 && holder.cpu! < 1);
  assert.equal(observer.steps, 2);
  assert.equal(snap.loopTime, 1);
  assert.equal(snap.loop.watched, true);
  assert.equal(snap.loop.tasks, 4);
  assert.ok(snap.primitives.some((p) => p.name === "Lock 'db'" && p.statistics.locked === true));
  // Plain data: it survives JSON (the live server sends it so).
  assert.deepEqual(JSON.parse(JSON.stringify(snap)), snap);
});

it("the await tree nests tasks under their creator and awaited tasks under the wait", async () => {
  const snap = await onLoop(() => contended(true));
  const main = snap.tasks.find((t) => t.parent === null)!;
  assert.equal(
    withoutSites(formatTree(snap)),
    [
      `└── (T) ${main.name} [waiting]`,
      "    ├──  Task 'worker-2'",
      "    │   └── (T) worker-2 [waiting] holds Lock 'db'",
      "    │       └──  sleep(5)",
      "    ├── (T) worker-1 [waiting]",
      "    │   └──  Lock 'db' held by (T) worker-2",
      "    └── (T) observer [running]",
    ].join("\n"),
  );
  assert.deepEqual(
    awaitChain(snap, main.id).map((l) => l.replace(/ {2}\S+:\d+$/, "")),
    [
      `(T) ${main.name} [waiting]`,
      "  waits on Task 'worker-2'",
      "    (T) worker-2 [waiting] holds Lock 'db'",
      "      waits on sleep(5)",
    ],
  );
  const worker1 = snap.tasks.find((t) => t.name === "worker-1")!;
  assert.deepEqual(
    awaitChain(snap, worker1.id).map((l) => l.replace(/ {2}\S+:\d+$/, "")),
    [
      "(T) worker-1 [waiting]",
      "  waits on Lock 'db'",
      "    (T) worker-2 [waiting] holds Lock 'db'",
      "      waits on sleep(5)",
    ],
  );
});

it("without watch(), a snapshot still shows states and waits; sites, ages and steps are null", async () => {
  const snap = await onLoop(() => contended(false));
  const holder = snap.tasks.find((t) => t.name === "worker-2")!;
  assert.equal(holder.waitingOn, "sleep(5)");
  assert.equal(holder.createdAt, null);
  assert.equal(holder.age, null);
  assert.equal(holder.steps, null);
  assert.equal(holder.cpu, null);
  assert.equal(snap.loop.watched, false);
});

it("the same program gives the same snapshot ids, names, states and tree every run", async () => {
  const strip = (s: Snapshot) =>
    s.tasks.map(({ id, name, state, waitingOn, waitsFor, parent, age, steps }) => ({
      id,
      name,
      state,
      waitingOn,
      waitsFor,
      parent,
      age,
      steps,
    }));
  const a = await onLoop(() => contended(true));
  const b = await onLoop(() => contended(true));
  assert.deepEqual(strip(a), strip(b));
  assert.equal(formatTree(a), formatTree(b));
});

it("pools are listed with busy and idle workers and queue depth", async () => {
  const pool = new ThreadPoolExecutor({ maxWorkers: 1, name: "monitor-test-pool" });
  const loop = newEventLoop({ clock: new VirtualClock() });
  try {
    const done = pool.submit((x: number) => x + 1, 1);
    assert.equal(await done, 2);
    const listed = snapshot(loop).pools.find((p) => p.name === "monitor-test-pool")!;
    assert.equal(listed.kind, "thread");
    assert.equal(listed.workers, 1);
    assert.equal(listed.busy + listed.idle, 1);
    assert.equal(listed.completed, 1);
    assert.equal(listed.queued, 0);
  } finally {
    loop.close();
    await pool.shutdown();
  }
});

it("snapshot() outside a loop with none watched says how to call it", () => {
  assert.throws(
    () => snapshot(),
    (error: unknown) =>
      error instanceof RuntimeError &&
      /snapshot\(\): no loop is running and none is watched; call it inside run\(\.\.\.\), or pass the loop \(snapshot\(loop\)\)/.test(
        error.message,
      ),
  );
});
