// The determinism guard: inside an explored scenario the clocks and Math.random are the run's own,
// real timers and real I/O are errors naming them; outside, and after, everything is Node's.
import assert from "node:assert/strict";
import { test } from "node:test";
import { type Coroutine, createTask, getRunningLoop, sleep } from "../../src/asyncio/index.js";
import {
  explore,
  NondeterminismError,
  type Scenario,
  ScheduleFailure,
} from "../../src/testing/index.js";

const JAN_1_2024 = Date.UTC(2024, 0, 1);

/** The globals a run patches, as they are now. */
function globals() {
  return {
    setTimeout: globalThis.setTimeout,
    setInterval: globalThis.setInterval,
    setImmediate: globalThis.setImmediate,
    dateNow: Date.now,
    random: Math.random,
    performance: Object.getOwnPropertyDescriptor(globalThis, "performance"),
  };
}

async function failure(scenario: Scenario): Promise<ScheduleFailure> {
  const error = await explore(scenario, { seed: 1, runs: 3 }).catch((e: unknown) => e);
  assert.ok(error instanceof ScheduleFailure, String(error));
  return error;
}

test("inside a run, Date.now, performance.now and Math.random are deterministic and on the virtual clock", async () => {
  const seen: string[] = [];
  function* clocks(): Coroutine<void> {
    const start = [Date.now(), performance.now(), Math.random(), Math.random()];
    yield* sleep(2.5);
    seen.push(JSON.stringify([...start, Date.now(), performance.now(), getRunningLoop().time()]));
  }
  await explore(clocks, { runs: 5, seed: 1 });
  assert.equal(seen.length, 5);
  assert.equal(new Set(seen).size, 1, "every run saw the same values");
  const [now0, perf0, r1, r2, now1, perf1, time] = JSON.parse(seen[0]!) as number[];
  assert.equal(now0, JAN_1_2024);
  assert.equal(perf0, 0);
  assert.ok(r1! >= 0 && r1! < 1 && r1 !== r2);
  assert.equal(now1, JAN_1_2024 + 2500);
  assert.equal(perf1, 2500);
  assert.equal(time, 2.5);
});

test("after exploring, every patched global is Node's own again, even when the scenario threw", async () => {
  const before = globals();
  await explore(function* fine() {}, { runs: 3 });
  assert.deepEqual(globals(), before);
  await failure(function* throws(): Coroutine<void> {
    yield;
    throw new Error("boom");
  });
  assert.deepEqual(globals(), before);
  // biome-ignore lint/complexity/useDateNow: `new Date()` reads the real clock, whatever Date.now is
  assert.ok(Math.abs(Date.now() - new Date().getTime()) < 1000, "real time again");
});

test("a real timer inside a scenario fails the run with an error naming the call", async () => {
  for (const [call, use] of [
    ["setTimeout()", () => setTimeout(() => {}, 10)],
    ["setInterval()", () => setInterval(() => {}, 10)],
    ["setImmediate()", () => setImmediate(() => {})],
  ] as const) {
    const f = await failure(function* timers(): Coroutine<void> {
      yield;
      try {
        use(); // even when the scenario catches the error, the run fails
      } catch {}
    });
    assert.equal(f.kind, "nondeterminism");
    assert.ok(f.cause instanceof NondeterminismError);
    assert.equal(f.cause.what, call);
    assert.match(
      f.message,
      new RegExp(
        `NondeterminismError: ${call.replace("()", "\\(\\)")} inside an explored scenario: a real timer fires in real time`,
      ),
    );
  }
});

test("real I/O inside a scenario (a foreign promise) fails the run, naming it", async () => {
  const f = await failure(function* io(): Coroutine<void> {
    yield Promise.resolve(1);
  });
  assert.equal(f.kind, "nondeterminism");
  assert.ok(f.cause instanceof NondeterminismError);
  assert.equal(f.cause.what, "a Promise");
  assert.match(
    f.message,
    /a Promise began inside an explored scenario: its outcome arrives in real time/,
  );
  const bare = await failure(function* bare(): Coroutine<void> {
    yield* createTask(Promise.resolve(2));
  });
  assert.equal(bare.kind, "nondeterminism");
});

test("an async function scenario runs: its own promise is how it runs, not I/O", async () => {
  let runs = 0;
  const result = await explore(
    async function asyncScenario() {
      runs++;
      const child = createTask(async () => 1);
      await sleep(0.5);
      assert.equal(await child, 1);
    },
    { runs: 4, seed: 1 },
  );
  assert.equal(result.runs, 4);
  assert.equal(runs, 4);
});

test("code outside the scenario keeps Node's timers and clocks while runs are in progress", async () => {
  // A ticker running between the loop's turns, throughout the exploration.
  let timers = 0;
  let wrongClock = 0;
  let whilePatched = 0;
  const nodeSetTimeout = globalThis.setTimeout;
  const ticker = setInterval(() => {
    if (globalThis.setTimeout !== nodeSetTimeout) whilePatched++;
    setTimeout(() => timers++, 0);
    // biome-ignore lint/complexity/useDateNow: `new Date()` reads the real clock, whatever Date.now is
    if (Math.abs(Date.now() - new Date().getTime()) > 1000) wrongClock++;
  }, 1);
  try {
    await explore(
      function* slow(): Coroutine<void> {
        for (let i = 0; i < 20; i++) yield* sleep(1000);
      },
      { runs: 1000, seed: 1 },
    );
    await new Promise((resolve) => setTimeout(resolve, 5));
  } finally {
    clearInterval(ticker);
  }
  assert.ok(whilePatched > 0, "the ticker ran while a run had the globals patched");
  assert.ok(timers >= whilePatched, "and its timers ran");
  assert.equal(wrongClock, 0);
});
