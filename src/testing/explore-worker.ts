// A worker thread of `explore({ workers })`: imports the scenario from its module, runs its share
// of the runs (see parallel.ts), and reports back. It shrinks nothing: the parent does that.
import { parentPort, workerData } from "node:worker_threads";
import { checkScenario } from "./options.js";
import { policyFor } from "./policy.js";
import { runOnce, scheduleKey } from "./run.js";
import type { WorkerMessage, WorkerPlan } from "./worker-protocol.js";

const plan = workerData as WorkerPlan;
const scenario = ((await import(plan.module)) as Record<string, unknown>)[plan.exportName];
checkScenario("explore()", scenario);
const port = parentPort!;
const post = (message: WorkerMessage) => port.postMessage(message);
const keys = new Set<number>();
let done = 0;
let last = performance.now();
let failed: number | null = null;
for (let run = plan.first; run < plan.runs; run += plan.stride) {
  const out = await runOnce({
    scenario,
    name: scenario.name || "scenario",
    maxSteps: plan.maxSteps,
    policy: policyFor(plan, run, plan.bound),
  });
  keys.add(scheduleKey(out));
  done++;
  if (out.failure !== null) {
    failed = run;
    break;
  }
  const now = performance.now();
  if (now - last >= 50) {
    last = now;
    post({ type: "progress", done });
  }
}
const array = Float64Array.from(keys);
port.postMessage(
  failed === null
    ? { type: "done", done, keys: array }
    : { type: "failed", done, keys: array, run: failed },
  [array.buffer],
);
