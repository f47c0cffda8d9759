// replay(): the same failure with the same interleaving, every time; a token that does not fit
// the program says where it diverged; a damaged token runs nothing.
import assert from "node:assert/strict";
import { test } from "node:test";
import { type Coroutine, createTask } from "../../src/asyncio/index.js";
import {
  explore,
  replay,
  type Scenario,
  ScheduleDivergence,
  ScheduleFailure,
  ScheduleTokenError,
  shared,
} from "../../src/testing/index.js";
import { bank, lockedBank, lockOrder, ordering } from "./scenarios.js";

async function found(scenario: Scenario, seed: number): Promise<ScheduleFailure> {
  const error = await explore(scenario, { seed, runs: 300 }).catch((e: unknown) => e);
  assert.ok(error instanceof ScheduleFailure, String(error));
  return error;
}

async function replayed(scenario: Scenario, token: string): Promise<unknown> {
  return replay(scenario, token).then(
    () => assert.fail("replay resolved"),
    (e: unknown) => e,
  );
}

test("replay reproduces the failure with the identical interleaving, 20 times in a row", async () => {
  for (const [scenario, seed] of [
    [bank, 1],
    [lockOrder, 5],
    [ordering, 3],
  ] as const) {
    const original = await found(scenario, seed);
    for (let i = 0; i < 20; i++) {
      const again = await replayed(scenario, original.schedule);
      assert.ok(again instanceof ScheduleFailure, String(again));
      assert.equal(again.interleaving, original.interleaving);
      assert.equal(again.kind, original.kind);
      assert.equal(again.schedule, original.schedule);
      assert.equal(again.run, original.run);
      assert.equal(again.seed, original.seed);
      assert.equal((again.cause as Error).message, (original.cause as Error).message);
      assert.match(
        again.message,
        new RegExp(`^replay\\(${scenario.name}\\) reproduced run ${original.run} `),
      );
    }
  }
});

test("a token from another scenario is refused with where it diverged", async () => {
  const original = await found(bank, 1);
  const other = await replayed(lockOrder, original.schedule);
  assert.ok(other instanceof ScheduleDivergence, String(other));
  assert.ok(other.step !== null && other.step >= 1, `step ${other.step}`);
  assert.match(
    other.message,
    /^replay\(lockOrder\): the schedule no longer fits the program at step \d+: /,
  );
  assert.match(
    other.message,
    /The token was recorded from a different scenario, or lockOrder has changed since/,
  );
  assert.match(other.message, /Run explore\(lockOrder\) again for a token that fits/);
  assert.ok(other.message.includes(other.interleaving));
});

test("a program changed under the same scenario diverges at the step where it changed", async () => {
  const original = await found(bank, 1);
  // The fixed program: the lock changes what the tasks do from the first withdrawal on.
  const fixed = await replayed(lockedBank, original.schedule);
  assert.ok(fixed instanceof ScheduleDivergence, String(fixed));
  // Code the scenario calls changed, the scenario's own source did not.
  let extraYield = false;
  function* withdraw(balance: ReturnType<typeof shared<number>>, yields: number): Coroutine<void> {
    for (let i = 0; i < yields; i++) yield;
    const seen = balance.get();
    yield;
    if (extraYield) yield;
    balance.set(seen - 30);
  }
  function* bank2(): Coroutine<void> {
    const balance = shared(100, "balance");
    const a = createTask(withdraw(balance, 0), { name: "ATM-1" });
    const b = createTask(withdraw(balance, 3), { name: "ATM-2" });
    yield* a;
    yield* b;
  }
  const token = (await found(bank2, 1)).schedule;
  extraYield = true;
  const changed = await replayed(bank2, token);
  assert.ok(changed instanceof ScheduleDivergence, String(changed));
  assert.match(
    changed.message,
    /The scenario's source is the one the token was recorded from: code it calls has changed/,
  );
  assert.match(
    changed.message,
    /the run no longer matches the recorded one: between step \d+ and step \d+/,
  );
});

test("a malformed or truncated token is refused before anything runs", async () => {
  const token = (await found(bank, 1)).schedule;
  let ran = false;
  function* bank3(): Coroutine<void> {
    ran = true;
    yield* bank();
  }
  await assert.rejects(replay(bank3, "hello"), (e: unknown) => {
    assert.ok(e instanceof ScheduleTokenError);
    assert.match(e.message, /^not a spindle schedule token: tokens start with "sx1\."/);
    return true;
  });
  await assert.rejects(
    replay(bank3, `${token.slice(0, -3)}`),
    /damaged or incomplete \(its checksum does not match\)/,
  );
  await assert.rejects(replay(bank3, `${token.slice(0, 8)}`), ScheduleTokenError);
  await assert.rejects(replay(bank3, `${token}AAAA`), /damaged or incomplete/);
  await assert.rejects(
    replay(bank3, `${token.slice(0, 10)}!${token.slice(11)}`),
    /characters no token contains/,
  );
  // One character changed: the checksum catches it, rather than a different schedule running.
  const flipped = `${token.slice(0, 12)}${token[12] === "A" ? "B" : "A"}${token.slice(13)}`;
  await assert.rejects(replay(bank3, flipped), ScheduleTokenError);
  await assert.rejects(replay(bank3, 42 as never), /needs the token string of a ScheduleFailure/);
  await assert.rejects(replay(42 as never, token), /replay\(\) needs a scenario/);
  assert.equal(ran, false);
  // Surrounding whitespace, as a copy from a terminal brings, is fine.
  assert.ok((await replayed(bank, `  ${token}\n`)) instanceof ScheduleFailure);
});
