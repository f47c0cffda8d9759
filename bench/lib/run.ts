// Runs every implementation of a workload, one child process at a time (never in parallel: on a
// 2-core machine two benchmarks would measure each other), in round-robin rounds: on a shared
// machine a burst of someone else's load then hits a slice of every implementation instead of
// all of one, and the pooled median shrugs it off.
import type { ChildReport, RunPlan } from "./case.js";
import { runNodeCase } from "./child.js";
import { pythonVersion, runPythonCase } from "./python.js";
import type { Impl, Workload } from "./workload.js";

export interface ImplResult {
  impl: Impl;
  /** Samples pooled over all rounds; peak RSS is the largest of the rounds' children. */
  report: ChildReport | null;
  /** Why there is no report: the child failed, or the runtime is missing. */
  error: string | null;
}

export interface RunOptions {
  /** Overrides every implementation's repetition count (e.g. 1 for a smoke run). */
  reps?: number;
  /** Round-robin rounds (default 2); each round is a fresh child with its own warm-up. */
  rounds?: number;
  /** Force a full GC before each repetition (default true). */
  gc?: boolean;
}

const DEFAULT_ROUNDS = 2;

function runImpl(impl: Impl, plan: RunPlan): Promise<ChildReport> {
  return impl.runner.kind === "node"
    ? runNodeCase(impl.runner.module, impl.case, plan)
    : runPythonCase(impl.runner.script, impl.case, plan);
}

function merge(a: ChildReport | null, b: ChildReport): ChildReport {
  if (a === null) return b;
  return {
    samples: [...a.samples, ...b.samples],
    maxRssKB: Math.max(a.maxRssKB, b.maxRssKB),
    baseRssKB: Math.min(a.baseRssKB, b.baseRssKB),
  };
}

export async function runWorkload(w: Workload, options: RunOptions = {}): Promise<ImplResult[]> {
  const results: ImplResult[] = w.impls.map((impl) => ({ impl, report: null, error: null }));
  for (const r of results) {
    if (r.impl.runner.kind === "python" && pythonVersion() === null) {
      r.error = "skipped: Python not found";
    }
  }
  const rounds = Math.max(1, options.rounds ?? DEFAULT_ROUNDS);
  for (let round = 1; round <= rounds; round++) {
    for (const r of results) {
      if (r.error !== null) continue; // skipped, or failed in an earlier round
      const reps = options.reps ?? r.impl.reps;
      const plan = {
        params: r.impl.params,
        warmup: r.impl.warmup,
        reps: Math.ceil(reps / rounds),
        gc: options.gc ?? true,
      };
      // Progress goes to stderr so stdout holds only the report.
      process.stderr.write(`  ${w.id} round ${round}/${rounds}  ${r.impl.label} … `);
      const t0 = Date.now();
      try {
        r.report = merge(r.report, await runImpl(r.impl, plan));
        process.stderr.write(`${((Date.now() - t0) / 1000).toFixed(1)}s\n`);
      } catch (e) {
        r.error = e instanceof Error ? e.message : String(e);
        r.report = null;
        process.stderr.write("FAILED\n");
      }
    }
  }
  return results;
}
