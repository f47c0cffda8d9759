import type { Runnable } from "../core/index.js";
import { Prng, runSeed } from "./prng.js";

/**
 * How a run picks the next entry at each choice point (a step where more than one entry is ready).
 * Index 0 is the oldest ready entry: always answering 0 is asyncio's FIFO order, the default order
 * that deviations are counted against.
 * @internal
 */
export interface ChoicePolicy {
  /** An entry became ready (a new task, a woken one, a callback, a due timer). */
  pushed(entry: Runnable): void;
  /**
   * The index in `ready` (oldest first, at least two entries) of the entry to run at `step`, the
   * `point`-th choice point of the run (both count from 0).
   */
  choose(ready: readonly Runnable[], step: number, point: number): number;
}

/** The default order: oldest first. */
export class FifoPolicy implements ChoicePolicy {
  pushed(): void {}
  choose(): number {
    return 0;
  }
}

/** Uniformly random among the ready entries at every choice point. */
export class RandomPolicy implements ChoicePolicy {
  readonly #rng: Prng;

  constructor(seed: number, run: number) {
    this.#rng = new Prng(runSeed(seed, run));
  }

  pushed(): void {}

  choose(ready: readonly Runnable[]): number {
    return this.#rng.below(ready.length);
  }
}

/**
 * PCT (Burckhardt et al., "A Randomized Scheduler with Probabilistic Guarantees of Finding Bugs",
 * ASPLOS 2010): every entry gets a random priority when it first becomes ready and the highest
 * priority ready entry runs; at `depth - 1` change points, sampled among the first `bound` choice
 * points (`bound` estimates the paper's k: the steps of the default-order run, an upper bound on
 * its choice points), the entry about to run drops below every initial priority. A bug that
 * needs `depth` ordering constraints is then found with probability at least 1/(n·k^(d-1)).
 *
 * Two departures, both for cooperative tasks. A task that yields (`yield;`) keeps its priority,
 * as a thread does at a preemption point: yields are where races live, and demoting yielders
 * would turn PCT into round robin. And past FAIR_AFTER × `bound` choice points the run goes on
 * in FIFO order, which is fair: a high-priority task spinning on `yield;` until another runs
 * cannot livelock. The change point lowers the entry that would run (not the one that just ran),
 * so every change point switches to another entry.
 */
export class PctPolicy implements ChoicePolicy {
  readonly #rng: Prng;
  readonly #depth: number;
  /** Choice points after which the run is FIFO (fair). */
  readonly #fairAfter: number;
  /** Priority by entry; higher runs first. Initial ones in [depth, depth + 1), lowered ones below. */
  readonly #priority = new Map<Runnable, number>();
  /** Choice point → the priority the entry about to run drops to (1 .. depth - 1). */
  readonly #changes = new Map<number, number>();

  constructor(seed: number, run: number, depth: number, bound: number) {
    this.#rng = new Prng(runSeed(seed, run));
    this.#depth = depth;
    this.#fairAfter = FAIR_AFTER * bound;
    // depth - 1 distinct change points among the first `bound` choice points (fewer if too few).
    const count = Math.min(depth - 1, bound);
    for (let i = 1; i <= count; i++) {
      let point = this.#rng.below(bound);
      while (this.#changes.has(point)) point = (point + 1) % bound;
      this.#changes.set(point, i);
    }
  }

  pushed(entry: Runnable): void {
    if (!this.#priority.has(entry)) this.#priority.set(entry, this.#depth + this.#rng.next());
  }

  choose(ready: readonly Runnable[], _step: number, point: number): number {
    if (point >= this.#fairAfter) return 0;
    let best = this.#highest(ready);
    const lowered = this.#changes.get(point);
    if (lowered !== undefined) {
      this.#priority.set(ready[best]!, lowered);
      best = this.#highest(ready);
    }
    return best;
  }

  #highest(ready: readonly Runnable[]): number {
    let best = 0;
    let top = Number.NEGATIVE_INFINITY;
    for (let i = 0; i < ready.length; i++) {
      const p = this.#priority.get(ready[i]!) ?? 0;
      if (p > top) {
        top = p;
        best = i;
      }
    }
    return best;
  }
}

/** A PCT run turns FIFO (fair) after this many times its bound of choice points. */
const FAIR_AFTER = 10;

/**
 * A schedule given as its deviations from the default order: FIFO everywhere except at the listed
 * steps. Strict (replay): a deviation that no longer fits is reported through `diverged`. Lenient
 * (shrinking): it is skipped or clamped, and the run records what actually happened.
 */
export class ScriptedPolicy implements ChoicePolicy {
  readonly #deviations: readonly Deviation[];
  readonly #strict: boolean;
  readonly #diverged: (message: string, step: number) => void;
  #next = 0;

  constructor(
    deviations: readonly Deviation[],
    strict: boolean,
    diverged: (message: string, step: number) => void = () => {},
  ) {
    this.#deviations = deviations;
    this.#strict = strict;
    this.#diverged = diverged;
  }

  pushed(): void {}

  choose(ready: readonly Runnable[], step: number): number {
    const deviations = this.#deviations;
    while (this.#next < deviations.length && deviations[this.#next]!.step < step) {
      const missed = deviations[this.#next++]!;
      if (this.#strict) {
        this.#diverged(
          `the schedule picks entry ${missed.pick + 1} of ${missed.ready} ready at step ${missed.step + 1}, but only one entry was ready there`,
          missed.step,
        );
        return 0;
      }
    }
    const deviation = deviations[this.#next];
    if (deviation === undefined || deviation.step !== step) return 0;
    this.#next++;
    if (deviation.ready !== ready.length && this.#strict) {
      this.#diverged(
        `the schedule expects ${deviation.ready} entries ready at step ${step + 1}, but ${ready.length} are`,
        step,
      );
      return 0;
    }
    return Math.min(deviation.pick, ready.length - 1);
  }

  /** Deviations the run never reached (it ended first). */
  unreached(): readonly Deviation[] {
    return this.#deviations.slice(this.#next);
  }
}

/**
 * One departure from the default order: at `step` (counted from 0 over every entry run), run the
 * `pick`-th oldest of the `ready` entries instead of the oldest.
 * @internal
 */
export interface Deviation {
  readonly step: number;
  readonly pick: number;
  readonly ready: number;
}

/** How an exploration chooses: strategy, PCT depth, seed. @internal */
export interface Strategy {
  readonly strategy: "pct" | "random";
  readonly depth: number;
  readonly seed: number;
}

/**
 * The policy of run `run` (from 0) of an exploration: run 0 is the default order; later runs are
 * generated from (seed, run) alone, and PCT's from its `bound` too, so any run can be made again.
 * @internal
 */
export function policyFor(s: Strategy, run: number, bound: number): ChoicePolicy {
  if (run === 0) return new FifoPolicy();
  return s.strategy === "random"
    ? new RandomPolicy(s.seed, run)
    : new PctPolicy(s.seed, run, s.depth, bound);
}
