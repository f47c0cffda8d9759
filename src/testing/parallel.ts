import { Worker } from "node:worker_threads";
import type { Settings } from "./options.js";
import { policyFor } from "./policy.js";
import { type Exploration, failureOf } from "./report.js";
import { type RunFailure, type RunOutcome, runOnce, type Scenario, scheduleKey } from "./run.js";
import type { WorkerMessage, WorkerPlan } from "./worker-protocol.js";

/**
 * Explores on `s.workers` worker threads. This thread runs run 1 (the default order, which also
 * gives PCT its bound), then worker w of W (from 0) runs the runs numbered 2+w, 2+w+W, … (from 1)
 * and reports progress, its schedules' keys, and the first run that failed. On a failure every
 * worker is stopped and this thread runs that schedule again (the same, by determinism) to shrink
 * and report it. Which run fails first can differ between explorations with workers; the token
 * replays it exactly.
 * @internal
 */
export async function exploreInWorkers(
  x: Exploration,
  s: Settings,
): Promise<{ runs: number; distinct: number; strategy: "pct" | "random"; seed: number }> {
  await checkExported(x.scenario, s);
  const first = await runOnce({
    scenario: x.scenario,
    name: x.name,
    maxSteps: s.maxSteps,
    policy: policyFor(x, 0, 1),
  });
  const bound = Math.max(1, first.steps);
  if (first.failure !== null) {
    throw await failureOf(x, 0, bound, first as RunOutcome & { failure: RunFailure });
  }
  const distinct = new Set<number>([scheduleKey(first)]);
  const done = new Array<number>(s.workers).fill(0);
  let lastReport = 0;
  const report = (force: boolean) => {
    const now = performance.now();
    if (s.onProgress === null || (!force && now - lastReport < 100)) return;
    lastReport = now;
    s.onProgress({ done: 1 + done.reduce((a, b) => a + b, 0), runs: s.runs });
  };
  const workers: Worker[] = [];
  const failed = await new Promise<number | null>((resolve, reject) => {
    let finished = 0;
    let settled = false;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      fn();
    };
    for (let w = 0; w < s.workers; w++) {
      const plan: WorkerPlan = {
        module: s.module!,
        exportName: s.exportName,
        seed: s.seed,
        strategy: s.strategy,
        depth: s.depth,
        maxSteps: s.maxSteps,
        bound,
        runs: s.runs,
        first: 1 + w,
        stride: s.workers,
      };
      const worker = new Worker(new URL("./explore-worker.js", import.meta.url), {
        workerData: plan,
      });
      workers.push(worker);
      worker.on("message", (message: WorkerMessage) => {
        if (message.type === "progress") {
          done[w] = message.done;
          report(false);
          return;
        }
        for (const key of message.keys) distinct.add(key);
        done[w] = message.done;
        if (message.type === "failed") settle(() => resolve(message.run));
        else if (++finished === s.workers) settle(() => resolve(null));
      });
      worker.on("error", (error) =>
        settle(() =>
          reject(
            new Error(`explore(): a worker thread failed: ${(error as Error).message}`, {
              cause: error,
            }),
          ),
        ),
      );
      worker.on("exit", (code) => {
        if (code !== 0) {
          settle(() =>
            reject(
              new Error(`explore(): a worker thread exited with code ${code} before it finished`),
            ),
          );
        }
      });
    }
  }).finally(() => Promise.all(workers.map((w) => w.terminate())));
  report(true);
  if (failed !== null) {
    const again = await runOnce({
      scenario: x.scenario,
      name: x.name,
      maxSteps: s.maxSteps,
      policy: policyFor(x, failed, bound),
    });
    // If it passes here, failureOf reports the scenario as depending on more than its schedule.
    const found: RunOutcome & { failure: RunFailure } =
      again.failure !== null
        ? (again as RunOutcome & { failure: RunFailure })
        : {
            ...again,
            failure: { kind: "nondeterminism", cause: null, summary: "a worker saw it fail" },
          };
    throw await failureOf(x, failed, bound, found);
  }
  return { runs: s.runs, distinct: distinct.size, strategy: s.strategy, seed: s.seed };
}

/** The workers import the scenario: make sure `module` exports this very function. */
async function checkExported(scenario: Scenario, s: Settings): Promise<void> {
  let exported: unknown;
  try {
    exported = ((await import(s.module!)) as Record<string, unknown>)[s.exportName];
  } catch (error) {
    throw new TypeError(
      `explore(): workers cannot import the scenario's module ${s.module}: ${(error as Error).message}`,
      {
        cause: error,
      },
    );
  }
  if (exported !== scenario) {
    throw new TypeError(
      `explore(): workers import the scenario as the export "${s.exportName}" of ${s.module}, but that module ${exported === undefined ? "has no such export" : "exports something else under that name"}; export the scenario there (or pass exportName)`,
    );
  }
}
