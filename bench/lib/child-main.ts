// Entry point of a measuring child process:
//   node --expose-gc child-main.js <module URL> <case name> <RunPlan as JSON>
// It imports the workload module, builds the case, runs the warm-ups and repetitions (with a
// full GC before each unless the plan says not to) and prints one result line for the parent.
// --expose-gc is always passed: W2m needs gc() to measure retained memory either way.
import { type CaseFactory, type ChildReport, RESULT_MARKER, type RunPlan } from "./case.js";

const [moduleUrl, caseName, planJson] = process.argv.slice(2);
if (moduleUrl === undefined || caseName === undefined || planJson === undefined) {
  throw new Error("usage: child-main.js <module URL> <case name> <plan JSON>");
}
const plan = JSON.parse(planJson) as RunPlan;
const mod = (await import(moduleUrl)) as { cases?: Record<string, CaseFactory> };
const factory = mod.cases?.[caseName];
if (factory === undefined) throw new Error(`${moduleUrl} has no case named "${caseName}"`);

const fullGc = (globalThis as { gc?: () => void }).gc;
const gc = plan.gc && fullGc !== undefined ? fullGc : () => {};
const body = await factory(plan.params);
gc();
const baseRssKB = process.memoryUsage.rss() / 1024;
for (let i = 0; i < plan.warmup; i++) await body();
const samples = [];
for (let i = 0; i < plan.reps; i++) {
  gc();
  samples.push(await body());
}
const report: ChildReport = { samples, maxRssKB: process.resourceUsage().maxRSS, baseRssKB };
process.stdout.write(`${RESULT_MARKER}${JSON.stringify(report)}\n`);
