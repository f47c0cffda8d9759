import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { test } from "node:test";
import { promisify } from "node:util";
import { DeadlockError, newEventLoop, type Task, VirtualClock } from "../../src/core/index.js";

const exec = promisify(execFile);

test("a task waiting on a future nobody resolves: run rejects with DeadlockError naming it", async () => {
  const loop = newEventLoop({ clock: new VirtualClock() });
  const main = loop.createTask(
    function* () {
      const helper = loop.createTask(
        function* () {
          yield* loop.createFuture("the reply");
        },
        { name: "listener" },
      );
      yield* helper;
    },
    { name: "main" },
  );
  const error = await loop.runUntilComplete(main).catch((e: unknown) => e);
  assert.ok(error instanceof DeadlockError);
  assert.equal(
    error.message,
    [
      "deadlock: no task can make progress: nothing is ready, no timer is set and nothing outside the loop is pending.",
      "  Task 'main' waits on Task 'listener' to finish",
      "  Task 'listener' waits on the reply, which nothing will complete",
      "Make sure something completes what each task waits on (setResult, release, put, set), or wait with a timeout.",
    ].join("\n"),
  );
  assert.deepEqual(error.blocked, [
    { task: "main", waitsOn: "Task 'listener' to finish", heldBy: ["listener"] },
    { task: "listener", waitsOn: "the reply, which nothing will complete", heldBy: [] },
  ]);
  assert.equal(error.cycle, null);
  loop.close();
});

test("two tasks joining each other: the report shows the wait-for cycle", async () => {
  const loop = newEventLoop({ clock: new VirtualClock() });
  const tasks: { a?: Task<void>; b?: Task<void> } = {};
  tasks.a = loop.createTask(
    function* () {
      yield;
      yield* tasks.b!;
    },
    { name: "a" },
  );
  tasks.b = loop.createTask(
    function* () {
      yield;
      yield* tasks.a!;
    },
    { name: "b" },
  );
  const error = await loop.runUntilComplete(tasks.a).catch((e: unknown) => e);
  assert.ok(error instanceof DeadlockError);
  assert.deepEqual(error.cycle, ["a", "b", "a"]);
  assert.match(error.message, /\n {2}wait-for cycle: a -> b -> a\nBreak the cycle: /);
  loop.close();
});

test("tasks sleeping or waiting on outside work are not a deadlock", async () => {
  const loop = newEventLoop({ clock: new VirtualClock() });
  const value = await loop.runUntilComplete(
    (function* () {
      const f = loop.createFuture<number>();
      // Completed from a microtask after the loop went idle: the confirming turn sees it.
      loop.callSoon(() => queueMicrotask(() => f.setResult(1)));
      const a = yield* f;
      const b = (yield new Promise<number>((resolve) => setTimeout(() => resolve(2), 5))) as number;
      const release = loop.keepAlive();
      const g = loop.createFuture<number>();
      setTimeout(() => {
        release();
        g.setResult(3);
      }, 5);
      return a + b + (yield* g);
    })(),
  );
  assert.equal(value, 6);
  loop.close();
});

/** Runs a module script in a child process and returns its output and exit code. */
async function script(source: string): Promise<{ stdout: string; stderr: string; code: number }> {
  const spindle = new URL("../../src/index.js", import.meta.url).href;
  const body = source.replaceAll("SPINDLE", spindle);
  try {
    const { stdout, stderr } = await exec(process.execPath, ["--input-type=module", "-e", body], {
      timeout: 20_000,
    });
    return { stdout, stderr, code: 0 };
  } catch (error) {
    const e = error as { stdout: string; stderr: string; code: number };
    return { stdout: e.stdout, stderr: e.stderr, code: e.code };
  }
}

test("an async main awaiting a future nobody resolves: DeadlockError, not Node's silent exit", async () => {
  const { stdout, code } = await script(`
    import { run, getRunningLoop } from "SPINDLE";
    try {
      await run(async function waiter() { await getRunningLoop().createFuture("the reply"); });
      console.log("finished?");
    } catch (e) {
      console.log(e.name + ": " + e.message.split("\\n").slice(0, 2).join(" | "));
    }
  `);
  assert.equal(code, 0);
  assert.equal(
    stdout.trim(),
    "DeadlockError: deadlock: Node's event loop is empty, so nothing outside spindle can complete what the tasks wait on. |   Task 'waiter' waits on its async function's promise, which nothing will settle",
  );
});

test("runForever with nothing that could ever call stop(): DeadlockError", async () => {
  const { stdout } = await script(`
    import { newEventLoop } from "SPINDLE";
    const loop = newEventLoop();
    loop.callSoon(() => console.log("ran once"));
    try { await loop.runForever(); } catch (e) { console.log(e.name); console.log(e.message); }
  `);
  assert.equal(
    stdout.trim(),
    "ran once\nDeadlockError\ndeadlock: runForever() has nothing scheduled and nothing outside the loop is pending, so nothing can ever call stop(); call loop.stop() from a callback or task",
  );
});

test("after run() returns nothing of spindle's is left: the process exits at once", async () => {
  const { stdout, code } = await script(`
    import { run, sleep, createTask } from "SPINDLE";
    const started = performance.now();
    const v = await run(function* main() {
      createTask(function* () { yield* sleep(3600); }, { name: "forgotten" }); // cancelled by run()
      yield* sleep(0.01);
      yield new Promise((r) => setTimeout(r, 1));
      return "done";
    });
    const left = process.getActiveResourcesInfo().filter((r) => r !== "TTYWrap" && r !== "PipeWrap");
    console.log(v, JSON.stringify(left));
    process.on("exit", () => console.log("exit after", Math.round(performance.now() - started) < 1000 ? "under a second" : "too long"));
  `);
  assert.equal(code, 0);
  assert.equal(stdout.trim(), "done []\nexit after under a second");
});

test("run() with two tasks joining each other: DeadlockError, then both are cancelled cleanly", async () => {
  const { run, createTask } = await import("../../src/index.js");
  const tasks: { a?: Task<void>; b?: Task<void> } = {};
  const error = await run(function* main() {
    tasks.a = createTask(
      function* () {
        yield* tasks.b!;
      },
      { name: "a" },
    );
    tasks.b = createTask(
      function* () {
        yield* tasks.a!;
      },
      { name: "b" },
    );
    yield* tasks.a;
  }).catch((e: unknown) => e);
  assert.ok(error instanceof DeadlockError, `expected a DeadlockError, got ${error}`);
  assert.deepEqual(error.cycle, ["a", "b", "a"]);
  assert.equal(tasks.a?.cancelled(), true);
  assert.equal(tasks.b?.cancelled(), true);
});

test("the report names what each task holds, who holds what it waits on, and the cycle", async () => {
  const { WaitQueue } = await import("../../src/core/internal.js");
  const loop = newEventLoop({ clock: new VirtualClock() });
  // Two minimal locks: a holder and a wait queue each (the real Lock lives in the asyncio face).
  const makeLock = (name: string) => {
    const lock = {
      holder: null as Task<unknown> | null,
      describe: () => `Lock '${name}'`,
      holders: () => (lock.holder ? [lock.holder] : []),
      queue: null as unknown as InstanceType<typeof WaitQueue<void>>,
    };
    lock.queue = new WaitQueue<void>(lock);
    return lock;
  };
  const l1 = makeLock("L1");
  const l2 = makeLock("L2");
  const take = function* (lock: ReturnType<typeof makeLock>, task: Task<unknown>) {
    if (lock.holder !== null) yield* lock.queue.park();
    lock.holder = task;
    task.hold(lock);
  };
  const tasks: Task<unknown>[] = [];
  tasks.push(
    loop.createTask(
      function* () {
        yield* take(l1, tasks[0]!);
        yield;
        yield* take(l2, tasks[0]!);
      },
      { name: "A" },
    ),
    loop.createTask(
      function* () {
        yield* take(l2, tasks[1]!);
        yield;
        yield* take(l1, tasks[1]!);
      },
      { name: "B" },
    ),
  );
  const reports: string[] = [];
  loop.setExceptionHandler((_l, context) => reports.push(context.message));
  const error = await loop.runUntilComplete(tasks[0]!).catch((e: unknown) => e);
  assert.ok(error instanceof DeadlockError);
  assert.equal(
    error.message.split("\n").slice(1, 4).join("\n"),
    [
      "  Task 'A' holds Lock 'L1' and waits on Lock 'L2', held by Task 'B'",
      "  Task 'B' holds Lock 'L2' and waits on Lock 'L1', held by Task 'A'",
      "  wait-for cycle: A -> B -> A",
    ].join("\n"),
  );
  assert.deepEqual(error.cycle, ["A", "B", "A"]);
  // Cancelling them now ends two tasks that hold locks: each is reported.
  for (const t of tasks) t.cancel();
  await loop.runUntilComplete(
    (function* () {
      for (const t of tasks) {
        try {
          yield* t;
        } catch {
          // cancelled
        }
      }
    })(),
  );
  loop.close();
  assert.deepEqual(reports, [
    "Task 'A' ended while holding Lock 'L1'; every other task waiting for it will wait forever. Release it in a `finally` block.",
    "Task 'B' ended while holding Lock 'L2'; every other task waiting for it will wait forever. Release it in a `finally` block.",
  ]);
});

test("a cancelled wait on a promise that never settles does not keep the loop waiting", async () => {
  const loop = newEventLoop({ clock: new VirtualClock() });
  const main = loop.createTask(
    function* () {
      const never = loop.createTask(new Promise<void>(() => {}), { name: "never" });
      yield;
      never.cancel();
      yield* loop.createFuture("the reply");
    },
    { name: "main" },
  );
  const error = await loop.runUntilComplete(main).catch((e: unknown) => e);
  assert.ok(error instanceof DeadlockError, `expected a DeadlockError, got ${error}`);
  loop.close();
});
