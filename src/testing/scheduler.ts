import type { Runnable, Scheduler } from "../core/index.js";
import type { ChoicePolicy, Deviation } from "./policy.js";
import { HASH_START } from "./prng.js";

/** Told when each step begins (the interleaving recorder, the replay checker). @internal */
export interface StepListener {
  stepStarted(entry: Runnable, step: number, deviation: Deviation | null): void;
}

/**
 * The explorer's end of the kernel's Scheduler seam: it holds the ready entries, oldest first,
 * and at every `shift()` with more than one ready (a choice point) asks the policy which runs.
 * It counts steps, records the deviations from the default order (index 0), and hashes them so
 * distinct schedules can be counted. Nothing is allocated per step unless a run deviates or a
 * listener records.
 *
 * Invariant: `#ready` holds exactly the entries pushed and not yet shifted, in push order.
 * @internal
 */
export class ExploreScheduler implements Scheduler {
  readonly #ready: Runnable[] = [];
  readonly #policy: ChoicePolicy;
  readonly #maxSteps: number;
  readonly #overLimit: () => void;
  listener: StepListener | null = null;
  /** The entry handed out last: the one running, during a step. */
  running: Runnable | null = null;
  /** Entries run so far. */
  steps = 0;
  /** Choice points met so far. */
  points = 0;
  /** Where the run departed from the default order. */
  readonly deviations: Deviation[] = [];
  /** Hash of the deviations: equal schedules, equal hashes. */
  hash = HASH_START;

  constructor(policy: ChoicePolicy, maxSteps: number, overLimit: () => void) {
    this.#policy = policy;
    this.#maxSteps = maxSteps;
    this.#overLimit = overLimit;
  }

  get length(): number {
    return this.#ready.length;
  }

  push(entry: Runnable): void {
    this.#ready.push(entry);
    this.#policy.pushed(entry);
  }

  shift(): Runnable | undefined {
    const ready = this.#ready;
    const n = ready.length;
    if (n === 0) return undefined;
    const step = this.steps++;
    let deviation: Deviation | null = null;
    let entry: Runnable;
    if (n === 1) {
      entry = ready.pop()!;
    } else {
      const pick = this.#policy.choose(ready, step, this.points++);
      if (pick === 0) {
        entry = ready.shift()!;
      } else {
        entry = ready.splice(pick, 1)[0]!;
        deviation = { step, pick, ready: n };
        this.deviations.push(deviation);
        this.hash = mix(this.hash, step, pick);
      }
    }
    this.running = entry;
    if (this.listener !== null) this.listener.stepStarted(entry, step, deviation);
    if (step === this.#maxSteps) this.#overLimit();
    return entry;
  }

  clear(): void {
    this.#ready.length = 0;
  }

  /** The ready entries, oldest first (for a divergence message). */
  ready(): readonly Runnable[] {
    return this.#ready;
  }
}

/** Folds a deviation into a schedule's hash (murmur3's multipliers: cheap, and well mixed). */
function mix(h: number, step: number, pick: number): number {
  let x = Math.imul(h ^ step, 0x85ebca6b);
  x = Math.imul(x ^ (x >>> 13) ^ pick, 0xc2b2ae35);
  return (x ^ (x >>> 16)) >>> 0;
}
