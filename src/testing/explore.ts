import { serially } from "./active.js";
import { checkScenario, type ExploreOptions, type Settings, settings } from "./options.js";
import { policyFor } from "./policy.js";
import { type Exploration, failureOf } from "./report.js";
import { type RunFailure, type RunOutcome, runOnce, type Scenario, scheduleKey } from "./run.js";

/**
 * What `explore` resolves to when no schedule failed.
 * @example
 * const { runs, distinct } = await explore(bank);
 */
export interface ExploreResult {
  /** Schedules run. */
  readonly runs: number;
  /** How many of them were different schedules. */
  readonly distinct: number;
  readonly strategy: "pct" | "random";
  /** The seed they were drawn from. */
  readonly seed: number;
}

/**
 * Runs `scenario` under many schedules, each the main task of a fresh loop on a `VirtualClock`,
 * and reports the first that fails: the scenario throws (an `assert` included), deadlocks, leaves
 * an exception unretrieved, loses an update to a {@link shared} cell, or runs past `maxSteps`.
 * The failing schedule is shrunk (fewest departures from the default order, then fewest steps)
 * and rejected as a {@link ScheduleFailure} whose message shows the interleaving and the exact
 * `replay(...)` call. Run 1 is the default FIFO order; the others are drawn from `seed` by PCT
 * (default) or uniformly at random. While a run's code runs, `Date.now`, `performance.now` and
 * `Math.random` are deterministic, and a real timer or real I/O is an error naming it.
 * @example
 * import { test } from "node:test";
 * import { explore } from "spindle/testing";
 * test("the bank keeps every coin", () => explore(bank)); // a failure fails the test
 */
export function explore(
  scenario: Scenario,
  options: ExploreOptions = {},
): Promise<ExploreResult & void> {
  try {
    checkScenario("explore()", scenario);
    const s = settings(scenario, options);
    // `& void`: node:test types a test function as returning `void | Promise<void>`, and only so
    // does `test("bank", () => explore(bank))` type-check; the result's fields read as usual.
    return serially(() => exploreNow(scenario, s)) as Promise<ExploreResult & void>;
  } catch (error) {
    return Promise.reject(error);
  }
}

async function exploreNow(scenario: Scenario, s: Settings): Promise<ExploreResult> {
  const x: Exploration = {
    scenario,
    name: scenario.name || "scenario",
    runs: s.runs,
    seed: s.seed,
    strategy: s.strategy,
    depth: s.depth,
    maxSteps: s.maxSteps,
  };
  if (s.workers > 1) {
    const { exploreInWorkers } = await import("./parallel.js");
    return exploreInWorkers(x, s);
  }
  const distinct = new Set<number>();
  const progress = new Progress(s);
  let bound = 1;
  for (let run = 0; run < s.runs; run++) {
    const out = await runOnce({
      scenario,
      name: x.name,
      maxSteps: s.maxSteps,
      policy: policyFor(x, run, bound),
    });
    if (run === 0) bound = Math.max(1, out.steps);
    distinct.add(scheduleKey(out));
    if (out.failure !== null) {
      throw await failureOf(x, run, bound, out as RunOutcome & { failure: RunFailure });
    }
    progress.ran(run + 1);
  }
  progress.ran(s.runs, true);
  return { runs: s.runs, distinct: distinct.size, strategy: s.strategy, seed: s.seed };
}

/** Calls onProgress about every 100 ms, and once at the end. @internal */
export class Progress {
  readonly #report: Settings["onProgress"];
  readonly #runs: number;
  #last = 0;

  constructor(s: Settings) {
    this.#report = s.onProgress;
    this.#runs = s.runs;
  }

  ran(done: number, last = false): void {
    if (this.#report === null) return;
    const now = performance.now();
    if (!last && now - this.#last < 100) return;
    this.#last = now;
    this.#report({ done, runs: this.#runs });
  }
}
