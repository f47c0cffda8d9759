import assert from "node:assert/strict";
import { test } from "node:test";
import {
  CancelledError,
  createTask,
  getEventLoop,
  getRunningLoop,
  newEventLoop,
  run,
  setEventLoop,
  sleep,
  VirtualClock,
} from "../../src/index.js";

test("run() returns main's result and accepts a generator function, a generator or an async function", async () => {
  const clock = new VirtualClock();
  assert.equal(
    await run(
      function* () {
        yield* sleep(1);
        return 1;
      },
      { clock },
    ),
    1,
  );
  assert.equal(
    await run(
      (function* () {
        return 2;
      })(),
      { clock },
    ),
    2,
  );
  assert.equal(
    await run(
      async () => {
        await sleep(1);
        return 3;
      },
      { clock },
    ),
    3,
  );
  assert.equal(clock.time(), 2);
});

test("run() rejects with main's error", async () => {
  await assert.rejects(
    run(function* () {
      yield;
      throw new URIError("bad");
    }),
    { name: "URIError" },
  );
});

test("run() names the main task after the function and cancels leftover tasks", async () => {
  const log: string[] = [];
  const name = await run(
    function* startup() {
      createTask(function* () {
        try {
          yield* sleep(3600);
        } catch (error) {
          log.push(error instanceof CancelledError ? "leftover cancelled" : "other");
          throw error;
        }
      });
      yield;
      return getRunningLoop().liveTasks()[0]!.getName();
    },
    { clock: new VirtualClock() },
  );
  assert.equal(name, "startup");
  assert.deepEqual(log, ["leftover cancelled"]);
});

test("run() inside a running loop is refused at the call", async () => {
  let message = "";
  await run(function* () {
    try {
      void run(function* () {});
    } catch (error) {
      message = (error as Error).message;
    }
  });
  assert.equal(
    message,
    "run() cannot be called while a loop is running; inside a coroutine, use createTask() and `yield* task`, or await the coroutine's task",
  );
});

test("sleep() refuses bad delays and needs a running loop", async () => {
  assert.throws(() => sleep(Number.NaN), {
    name: "RangeError",
    message: "sleep() needs a delay in seconds (a number; 0 or less means now); got the number NaN",
  });
  assert.throws(() => sleep(1), {
    name: "RuntimeError",
    message:
      "no running event loop: call this from code running inside run(...) or loop.runUntilComplete(...)",
  });
  await run(function* () {
    assert.equal(yield* sleep(-5000, "late"), "late"); // Python's rule: already due
    assert.equal(yield* sleep(0, "now"), "now");
    assert.equal(yield* sleep(0.01, "later"), "later");
  });
  assert.equal(await run(async () => await sleep(0, "awaited")), "awaited");
});

test("getEventLoop() hands out one loop until it is closed; setEventLoop replaces it", async () => {
  const a = getEventLoop();
  assert.equal(getEventLoop(), a);
  a.close();
  const b = getEventLoop();
  assert.notEqual(b, a);
  const c = newEventLoop();
  setEventLoop(c);
  assert.equal(getEventLoop(), c);
  assert.throws(() => setEventLoop({} as never), /setEventLoop\(\) needs a Loop/);
  setEventLoop(null);
  b.close();
  c.close();
});

test("debug mode warns about a slow step, naming the task", async () => {
  const warnings: string[] = [];
  const warn = console.warn;
  console.warn = (message: string) => warnings.push(message);
  try {
    await run(
      function* () {
        getRunningLoop().slowCallbackDuration = 0.01;
        const hog = createTask(
          function* () {
            const until = performance.now() + 20; // real time is the point: a step that hogs the loop
            while (performance.now() < until);
            yield;
          },
          { name: "hog" },
        );
        yield* hog;
      },
      { debug: true },
    );
  } finally {
    console.warn = warn;
  }
  const hog = warnings.filter((w) => w.includes("Task 'hog'"));
  assert.equal(hog.length, 1);
  assert.match(
    hog[0]!,
    /^spindle debug: executing Task 'hog' took 0\.0\d\d seconds \(slowCallbackDuration is 0\.01\)/,
  );
});
