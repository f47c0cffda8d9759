import type { Deviation } from "./policy.js";
import { ScriptedPolicy } from "./policy.js";
import { type RunFailure, type RunOutcome, runOnce, type Scenario } from "./run.js";

/** At most this many runs go into shrinking one failure… */
const MAX_ATTEMPTS = 1000;
/** …and at most this much real time (ms). */
const MAX_MS = 10_000;
/** How far back a deviation is tried, when moving it earlier. */
const MAX_MOVE = 16;
/** Moving stops after this many deviations in a row could not move. */
const MAX_STUCK = 3;

/** A failing schedule: its deviations, its length, how it failed. @internal */
export interface Failing {
  readonly deviations: readonly Deviation[];
  readonly steps: number;
  readonly failure: RunFailure;
}

/**
 * Shrinks a failing schedule, as property-based testers shrink inputs: fewest deviations from the
 * default order first, then the smallest picks, then the fewest steps — keeping only changes
 * under which the run still fails the same way (same kind, same error class). Each candidate is
 * run leniently: a deviation that no longer fits is skipped, and what the run actually did is
 * what is kept, so the result is always a schedule that was seen to fail.
 *
 * Deviations are removed in chunks of halving size (delta debugging's ddmin, simplified), then
 * one by one until none can go.
 * @internal
 */
export async function shrink(
  scenario: Scenario,
  name: string,
  maxSteps: number,
  found: Failing,
): Promise<Failing> {
  let best = found;
  let attempts = 0;
  const deadline = Date.now() + MAX_MS;
  const spent = () => attempts >= MAX_ATTEMPTS || Date.now() > deadline;
  const sameFailure = (f: RunFailure | null): f is RunFailure =>
    f !== null &&
    f.kind === best.failure.kind &&
    errorName(f.cause) === errorName(best.failure.cause);
  const better = (out: RunOutcome) =>
    out.deviations.length < best.deviations.length ||
    (out.deviations.length === best.deviations.length && out.steps < best.steps);
  /** Runs `candidate`; keeps it (what actually ran) if it fails the same way and is smaller. */
  const attempt = async (candidate: readonly Deviation[]): Promise<boolean> => {
    attempts++;
    const out = await runOnce({
      scenario,
      name,
      maxSteps,
      policy: new ScriptedPolicy(candidate, false),
    });
    if (!sameFailure(out.failure) || !better(out)) return false;
    best = { deviations: out.deviations, steps: out.steps, failure: out.failure };
    return true;
  };

  // 1. Fewer deviations: drop chunks of halving size, then single ones until none can go.
  for (let chunk = Math.ceil(best.deviations.length / 2); chunk >= 1 && !spent(); ) {
    let progressed = false;
    for (let i = 0; i < best.deviations.length && !spent(); ) {
      const candidate = [...best.deviations.slice(0, i), ...best.deviations.slice(i + chunk)];
      if (await attempt(candidate)) progressed = true;
      else i += chunk;
    }
    if (chunk > 1) chunk = Math.floor(chunk / 2);
    else if (!progressed) break;
  }

  // 2. Smaller picks: an older entry, closer to the default order.
  for (let i = 0; i < best.deviations.length && !spent(); i++) {
    for (let pick = 1; pick < best.deviations[i]!.pick && !spent(); pick++) {
      const candidate = best.deviations.map((d, k) => (k === i ? { ...d, pick } : d));
      if (await attempt(candidate)) break;
    }
  }

  // 3. Fewer steps: a deviation made earlier may fail sooner. The last ones first (the failure
  // usually follows them); give up after a few that cannot move.
  let stuck = 0;
  for (let i = best.deviations.length - 1; i >= 0 && stuck < MAX_STUCK && !spent(); i--) {
    const floor = i === 0 ? 0 : best.deviations[i - 1]!.step + 1;
    const from = best.deviations[i]!.step;
    let moved = false;
    for (let step = from - 1; step >= Math.max(floor, from - MAX_MOVE) && !spent(); step--) {
      const candidate = best.deviations.map((d, k) => (k === i ? { ...d, step } : d));
      if (await attempt(candidate)) {
        moved = true;
        break;
      }
    }
    stuck = moved ? 0 : stuck + 1;
  }
  return best;
}

function errorName(error: unknown): string {
  return error instanceof Error ? error.name : typeof error;
}
