// explore({ workers }): real worker threads import the scenario's module and share the runs; a
// failure found in a worker is shrunk and reported by this thread, and replays here.
import assert from "node:assert/strict";
import { availableParallelism } from "node:os";
import { test } from "node:test";
import { explore, replay, ScheduleFailure } from "../../src/testing/index.js";
import { bank, harmless, lockedBank } from "./scenarios.js";

const scenarios = new URL("./scenarios.js", import.meta.url).href;
const workers = Math.min(2, availableParallelism());

test("workers share the runs of a clean exploration and count its distinct schedules", async () => {
  const progress: number[] = [];
  const result = await explore(lockedBank, {
    runs: 400,
    seed: 3,
    workers,
    module: scenarios,
    onProgress: (p) => progress.push(p.done),
  });
  assert.equal(result.runs, 400);
  assert.ok(result.distinct > 10, `distinct: ${result.distinct}`);
  assert.equal(progress.at(-1), 400, "the last progress report counts every run");
  // The same schedules, explored in this thread alone, are the same set.
  const alone = await explore(lockedBank, { runs: 400, seed: 3 });
  assert.equal(result.distinct, alone.distinct);
});

test("a failure found in a worker is shrunk, reported here, and replays here", async () => {
  const error = await explore(bank, { runs: 400, seed: 1, workers, module: scenarios }).catch(
    (e: unknown) => e,
  );
  assert.ok(error instanceof ScheduleFailure, String(error));
  assert.equal(error.kind, "lost-update");
  assert.equal(error.deviations, 3);
  const again = await replay(bank, error.schedule).catch((e: unknown) => e);
  assert.ok(again instanceof ScheduleFailure);
  assert.equal(again.interleaving, error.interleaving);
});

test("workers need the scenario's module, and the module must export that very scenario", async () => {
  await assert.rejects(
    explore(bank, { workers: 2 }),
    /workers: 2 needs to know where the scenario is exported.*pass \{ module: import\.meta\.url \}/,
  );
  if (workers < 2) return; // on one core, workers: 2 is clamped to 1 and needs no module
  await assert.rejects(
    explore(function* bank() {}, { workers: 2, module: scenarios }),
    /exports something else under that name; export the scenario there/,
  );
  await assert.rejects(
    explore(harmless, { workers: 2, module: scenarios, exportName: "nothing" }),
    /import the scenario as the export "nothing" of .*scenarios\.js, but that module has no such export/,
  );
});

test("workers above the core count are clamped, and that is said once", async () => {
  const said: string[] = [];
  const original = console.warn;
  console.warn = (...args: unknown[]) => said.push(args.join(" "));
  try {
    const many = availableParallelism() + 3;
    await explore(harmless, { runs: 4, workers: many, module: scenarios });
    await explore(harmless, { runs: 4, workers: many, module: scenarios });
    assert.equal(said.length, 1, said.join("\n"));
    assert.equal(
      said[0],
      `spindle explore: workers: ${many} is more than the ${availableParallelism()} cores here; using ${availableParallelism()}`,
    );
  } finally {
    console.warn = original;
  }
});
