// Python peers: scripts in bench/python/ speak the same one-line protocol as child-main.ts.
// Python is optional: when it is missing the suite prints a notice and carries on.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { ChildReport, RunPlan } from "./case.js";
import { runReporting } from "./child.js";

/** Override with SPINDLE_BENCH_PYTHON; the default is the interpreter the project documents. */
const PYTHON = process.env.SPINDLE_BENCH_PYTHON ?? "/usr/bin/python3";

// dist/bench/lib -> project root -> bench/python (the scripts are not compiled, so not in dist).
const scriptsDir = fileURLToPath(new URL("../../../bench/python/", import.meta.url));

let version: string | null | undefined;

/** "Python 3.11.2", or null when no interpreter is found. Cached. */
export function pythonVersion(): string | null {
  if (version === undefined) {
    try {
      version = existsSync(PYTHON)
        ? execFileSync(PYTHON, ["--version"], { encoding: "utf8" }).trim()
        : null;
    } catch {
      version = null;
    }
  }
  return version;
}

/** Why Python rows are missing, for the notice line. */
export function pythonMissingNotice(): string {
  return `NOTICE: no Python interpreter at ${PYTHON} (set SPINDLE_BENCH_PYTHON); Python rows skipped.`;
}

/** Runs `bench/python/<script> <case> <plan JSON>`. */
export function runPythonCase(
  script: string,
  caseName: string,
  plan: RunPlan,
): Promise<ChildReport> {
  return runReporting(PYTHON, [scriptsDir + script, caseName, JSON.stringify(plan)]);
}
