import { Worker } from "node:worker_threads";
import type { Settings } from "./options.js";
import { policyFor } from "./policy.js";
import { type Exploration, failureOf } from "./report.js";
import { type RunFailure, type RunOutcome, runOnce, type Scenario, scheduleKey } from "./run.js";
import type { WorkerMessage, WorkerPlan } from "./worker-protocol.js";

/** How a share of the runs ended: the run (from 0) that failed, or null. */
type ShareEnd = number | null;

/**
 * Explores on `s.workers` threads: this one and `s.workers - 1` worker threads. This thread runs
 * run 1 first (the default order, which also gives PCT its bound); then thread t of W (this one
 * is 0) runs the runs numbered 2+t, 2+t+W, … (from 1). This thread takes a share too: it is
 * already warm, where every worker starts with a cold JIT. Workers report progress, their
 * schedules' keys, and the first run that failed. On a failure the others stop, and this thread
 * runs that schedule again (the same, by determinism) to shrink and report it. Which run fails
 * first can differ between explorations with workers; the token replays it exactly.
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
  const stop = { requested: false };
  const workers: Worker[] = [];
  const shares: Promise<ShareEnd>[] = [];
  for (let t = 1; t < s.workers; t++) {
    const plan: WorkerPlan = {
      module: s.module!,
      exportName: s.exportName,
      seed: s.seed,
      strategy: s.strategy,
      depth: s.depth,
      maxSteps: s.maxSteps,
      bound,
      runs: s.runs,
      first: 1 + t,
      stride: s.workers,
    };
    const worker = new Worker(new URL("./explore-worker.js", import.meta.url), {
      workerData: plan,
    });
    workers.push(worker);
    shares.push(
      workerShare(worker, stop, (message) => {
        done[t] = message.done;
        if (message.type !== "progress") for (const key of message.keys) distinct.add(key);
        report(false);
      }),
    );
  }
  shares.push(
    ownShare(x, s, bound, stop, (key) => {
      distinct.add(key);
      done[0]!++;
      report(false);
    }),
  );
  let failed: ShareEnd = null;
  try {
    // The first share to find a failure ends the exploration; otherwise all run to the end.
    failed = await firstFailure(shares);
  } finally {
    stop.requested = true;
    await Promise.all(workers.map((w) => w.terminate()));
    await Promise.allSettled(shares);
  }
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

/** This thread's share: runs 1, 1+W, … (from 0), until done, a failure, or a stop. */
async function ownShare(
  x: Exploration,
  s: Settings,
  bound: number,
  stop: { requested: boolean },
  ran: (key: number) => void,
): Promise<ShareEnd> {
  for (let run = 1; run < s.runs && !stop.requested; run += s.workers) {
    const out = await runOnce({
      scenario: x.scenario,
      name: x.name,
      maxSteps: s.maxSteps,
      policy: policyFor(x, run, bound),
    });
    ran(scheduleKey(out));
    if (out.failure !== null) return run;
  }
  return null;
}

/** A worker's share: settles with the run that failed (or null) once it reports its end. */
function workerShare(
  worker: Worker,
  stop: { requested: boolean },
  heard: (message: WorkerMessage) => void,
): Promise<ShareEnd> {
  return new Promise((resolve, reject) => {
    let ended = false;
    worker.on("message", (message: WorkerMessage) => {
      heard(message);
      if (message.type === "progress") return;
      ended = true;
      resolve(message.type === "failed" ? message.run : null);
    });
    worker.on("error", (error) =>
      reject(
        new Error(`explore(): a worker thread failed: ${(error as Error).message}`, {
          cause: error,
        }),
      ),
    );
    worker.on("exit", (code) => {
      if (ended || stop.requested)
        resolve(null); // stopped because another share failed
      else {
        reject(new Error(`explore(): a worker thread exited with code ${code} before it finished`));
      }
    });
  });
}

/** The first share that reports a failed run; null once every share has ended without one. */
function firstFailure(shares: Promise<ShareEnd>[]): Promise<ShareEnd> {
  return new Promise((resolve, reject) => {
    let left = shares.length;
    for (const share of shares) {
      share.then((failed) => {
        if (failed !== null) resolve(failed);
        else if (--left === 0) resolve(null);
      }, reject);
    }
  });
}

/** The workers import the scenario: make sure `module` exports this very function. */
async function checkExported(scenario: Scenario, s: Settings): Promise<void> {
  let exported: unknown;
  try {
    exported = ((await import(s.module!)) as Record<string, unknown>)[s.exportName];
  } catch (error) {
    throw new TypeError(
      `explore(): workers cannot import the scenario's module ${s.module}: ${(error as Error).message}`,
      { cause: error },
    );
  }
  if (exported !== scenario) {
    throw new TypeError(
      `explore(): workers import the scenario as the export "${s.exportName}" of ${s.module}, but that module ${exported === undefined ? "has no such export" : "exports something else under that name"}; export the scenario there (or pass exportName)`,
    );
  }
}
