import type { Loop } from "../core/index.js";
import type { FailureKind } from "./errors.js";

/**
 * What the rest of the testing face sees of the run in progress: `shared()` cells report lost
 * updates and note their reads and writes here, the determinism guard asks whether scenario code
 * is running. One run at a time per thread (one loop runs at a time per thread).
 * @internal
 */
export interface ActiveRun {
  readonly loop: Loop;
  /** Whether a pass of the run's loop is in progress: the code running now is the scenario's. */
  readonly inPass: boolean;
  /** The step running now, from 1. */
  step(): number;
  /** Fails the run (the first failure counts) and stops its loop at the end of the pass. */
  fail(kind: FailureKind, cause: unknown, summary?: string): void;
  /** Adds a line to the current step's row of the interleaving, when one is being recorded. */
  note(text: string): void;
  /** A seeded stand-in for Math.random, the same in every run. */
  random(): number;
}

/** The run in progress in this thread, or null. @internal */
export const current: { run: ActiveRun | null } = { run: null };

/** Explorations and replays in this thread run one after another (one loop runs at a time). */
let queue: Promise<unknown> = Promise.resolve();

/** Runs `work` after every exploration or replay started before it has settled. @internal */
export function serially<T>(work: () => Promise<T>): Promise<T> {
  const result = queue.then(work);
  queue = result.catch(() => {});
  return result;
}
