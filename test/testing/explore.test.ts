// explore(): what it finds, how it reports it, what it refuses. Every run is on a VirtualClock.
import assert from "node:assert/strict";
import { test } from "node:test";
import { DeadlockError, RuntimeError, run } from "../../src/asyncio/index.js";
import {
  explore,
  LostUpdateError,
  replay,
  type Scenario,
  ScheduleFailure,
} from "../../src/testing/index.js";
import {
  bank,
  deepRace,
  forgotten,
  harmless,
  lockedBank,
  lockOrder,
  longRun,
  ordering,
  spinner,
  zigzag,
} from "./scenarios.js";

/** explore() must reject with a ScheduleFailure; returns it. */
async function failure(scenario: Scenario, options = {}): Promise<ScheduleFailure> {
  try {
    const result = await explore(scenario, options);
    assert.fail(`explore found nothing: ${JSON.stringify(result)}`);
  } catch (error) {
    if (!(error instanceof ScheduleFailure)) throw error;
    return error;
  }
}

test("a scenario with nothing to find resolves with runs, distinct schedules, strategy and seed", async () => {
  const result = await explore(harmless, { runs: 50, seed: 7 });
  assert.equal(result.runs, 50);
  assert.equal(result.strategy, "pct");
  assert.equal(result.seed, 7);
  assert.ok(result.distinct > 1 && result.distinct <= 50, `distinct: ${result.distinct}`);
  const random = await explore(lockedBank, { runs: 50, seed: 7, strategy: "random" });
  assert.equal(random.strategy, "random");
  assert.ok(random.distinct > 5, `distinct: ${random.distinct}`);
});

test("the lost update that FIFO never shows is found, shrunk, and told as an interleaving", async () => {
  const f = await failure(bank, { seed: 1, runs: 200 });
  assert.equal(f.kind, "lost-update");
  assert.ok(f.cause instanceof LostUpdateError);
  assert.equal(f.cause.cell, "balance");
  assert.deepEqual([f.cause.task, f.cause.other].sort(), ["ATM-1", "ATM-2"]);
  assert.equal(f.cause.read, 100);
  assert.equal(f.cause.wrote, 70);
  assert.ok(f.run > 1, "run 1 is the default order, which does not show it");
  assert.equal(f.seed, 1);
  assert.equal(f.strategy, "pct");
  // ATM-2 must run its three yields and its read while ATM-1 sits between read and write: three
  // departures from strict alternation, and no fewer.
  assert.equal(f.deviations, 3);
  assert.ok(f.schedule.startsWith("sx1.") && f.schedule.length <= 200, f.schedule);
  // The table: one column per task, the reads and writes, the departures starred.
  const header = f.interleaving.split("\n")[0]!;
  assert.match(header, /step │ bank +│ ATM-1 +│ ATM-2/);
  assert.match(f.interleaving, /read balance = 100/);
  assert.match(f.interleaving, /write balance = 70/);
  assert.match(f.interleaving, /waits on Task 'ATM-1'/);
  assert.equal(f.interleaving.match(/^ +\* \d+ │/gm)?.length, 3);
  // The message: what failed, the table, and the call to paste.
  assert.match(
    f.message,
    /^explore\(bank\): run \d+ of 200 failed \(pct, depth 3, seed 1\): LostUpdateError: lost update on shared 'balance'/,
  );
  assert.ok(f.message.includes(f.interleaving));
  assert.ok(f.message.includes(`await replay(bank, "${f.schedule}");`));
});

test("PCT finds a race that needs one task to run many steps in a row, for every seed", async () => {
  // Its change points are drawn over the default run's steps, not its choice points: in FIFO
  // order the two tasks finish in lockstep and meet few choice points, and a bound that small
  // left the long run of "late" out of reach (0 of 100 seeds found it).
  for (let seed = 1; seed <= 20; seed++) {
    const f = await failure(deepRace, { seed, runs: 100 });
    assert.equal(f.kind, "lost-update");
  }
});

test("shrinking keeps only the departures the failure needs: without any one of them it passes", async () => {
  const f = await failure(ordering, { seed: 3, runs: 100 });
  assert.equal(f.kind, "error");
  assert.ok(f.run > 1, "the default order (no departure) passes");
  assert.equal(f.deviations, 1, f.message);
  assert.equal((f.cause as Error).name, "AssertionError");
  // The unshrunk run had more: random schedules depart from FIFO at most choice points.
  const random = await failure(ordering, { seed: 3, runs: 100, strategy: "random" });
  assert.equal(random.deviations, 1, random.message);
});

test("a lock-order deadlock only some orders reach is found and reported with its cycle", async () => {
  const f = await failure(lockOrder, { seed: 5, runs: 200 });
  assert.equal(f.kind, "deadlock");
  assert.ok(f.cause instanceof DeadlockError);
  const cycle = f.cause.cycle!;
  assert.equal(cycle.length, 3);
  assert.equal(cycle[0], cycle[2]);
  assert.deepEqual(new Set(cycle), new Set(["auditor", "payments"]));
  assert.match(
    f.message,
    /wait-for cycle: (payments -> auditor -> payments|auditor -> payments -> auditor)/,
  );
  assert.match(f.interleaving, /waits on Lock 'audit'/);
  assert.match(f.interleaving, /waits on Lock 'accounts'/);
});

test("the fix explores clean: the locked bank passes every schedule", async () => {
  const result = await explore(lockedBank, { runs: 300, seed: 1 });
  assert.equal(result.runs, 300);
});

test("an exception nobody retrieved fails the run", async () => {
  const f = await failure(forgotten, { seed: 1, runs: 5 });
  assert.equal(f.kind, "unretrieved");
  assert.equal(f.run, 1);
  assert.equal((f.cause as Error).message, "nobody reads this");
  assert.match(f.message, /Task 'forgotten' exception was never retrieved/);
  assert.match(f.interleaving, /throws Error: nobody reads this/);
});

test("a run past maxSteps is a livelock failure", async () => {
  const f = await failure(spinner, { seed: 1, runs: 5, maxSteps: 500 });
  assert.equal(f.kind, "livelock");
  assert.equal(f.run, 1);
  assert.match(f.message, /passed maxSteps \(500 steps\)/);
  assert.ok(f.steps > 500 && f.steps < 520, `${f.steps} steps`);
  assert.match(f.interleaving, /steps not shown/);
});

test("a 10,000-step failure still has a token of at most 200 characters, and replays", async () => {
  const plain = await failure(longRun, { seed: 1, runs: 3 });
  assert.ok(plain.steps > 10_000, `${plain.steps} steps`);
  assert.ok(plain.schedule.length <= 200, plain.schedule);
  // Over 40 departures are needed: too many to list, so the token gives the run by its seed.
  const many = await failure(zigzag, { seed: 2, runs: 3, strategy: "random" });
  assert.ok(many.steps > 10_000, `${many.steps} steps`);
  assert.ok(many.deviations > 40, `${many.deviations} deviations`);
  assert.ok(many.schedule.length <= 200, `${many.schedule.length}: ${many.schedule}`);
  assert.match(
    many.message,
    /not shrunk \(its \d+ departures from the default order, \* marks each, would not fit in a short token/,
  );
  const again = await replay(zigzag, many.schedule).catch((e: unknown) => e);
  assert.ok(again instanceof ScheduleFailure, String(again));
  assert.equal(again.interleaving, many.interleaving);
});

test("bad input is refused at the call, with what to do", async () => {
  const bad = (options: object) => explore(harmless, options as never);
  await assert.rejects(
    explore(42 as never),
    /needs a scenario: a generator function.*got the number 42/,
  );
  await assert.rejects(
    explore(bank() as never),
    /got a generator object — pass the function itself/,
  );
  await assert.rejects(
    explore((() => 1) as never),
    /make it a generator function \(`function\*`, waiting with `yield\*`\) or an async function/,
  );
  await assert.rejects(
    bad({ runs: 0 }),
    /runs must be a whole number of at least 1; got the number 0/,
  );
  await assert.rejects(bad({ runs: 1.5 }), RangeError);
  await assert.rejects(
    bad({ strategy: "dfs" }),
    /unknown strategy "dfs"; use "pct" \(the default\) or "random"/,
  );
  await assert.rejects(bad({ depth: 0 }), /depth must be a whole number of at least 1/);
  await assert.rejects(bad({ maxSteps: -1 }), /maxSteps must be/);
  await assert.rejects(bad({ seed: -1 }), /seed must be/);
  await assert.rejects(bad({ seed: 2 ** 32 }), /seed must be a whole number from 0 to 2\^32-1/);
  await assert.rejects(bad({ run: 5 }), /unknown option "run"; the options are runs, seed/);
  await assert.rejects(explore(harmless, null as never), /takes options like/);
});

test("explorations started together run one after the other, each with its own result", async () => {
  const [clean, failed] = await Promise.allSettled([
    explore(lockedBank, { runs: 100, seed: 1 }),
    explore(bank, { runs: 100, seed: 1 }),
    replay(bank, "sx1.garbage"),
  ]);
  assert.equal(clean.status === "fulfilled" && clean.value.runs, 100);
  assert.ok(failed.status === "rejected" && failed.reason instanceof ScheduleFailure);
});

test("explore inside a running loop is refused as such, not reported as the scenario's failure", async () => {
  await run(async function insideATask() {
    await assert.rejects(
      explore(harmless, { runs: 2 }),
      (e: unknown) =>
        e instanceof RuntimeError && /cannot run while a loop runs in this thread/.test(e.message),
    );
  });
});
