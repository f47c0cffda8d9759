import {
  CancelledError,
  type Coroutine,
  DeadlockError,
  type ExceptionContext,
  type Instrument,
  type Loop,
  newEventLoop,
  RuntimeError,
  Task,
  VirtualClock,
} from "../core/index.js";
import { type ActiveRun, current } from "./active.js";
import { type FailureKind, NondeterminismError } from "./errors.js";
import { install, uninstall } from "./guard.js";
import type { ChoicePolicy, Deviation } from "./policy.js";
import { Prng } from "./prng.js";
import { type Recorder, summarize } from "./recorder.js";
import { ExploreScheduler } from "./scheduler.js";

/**
 * What `explore` runs: a generator function (or an async function) taking no arguments, run as
 * the main task of a fresh loop on a `VirtualClock`, once per schedule.
 * @example
 * const bank: Scenario = function* bank() {
 *   const balance = shared(100, "balance");
 *   // ... tasks that withdraw ...
 * };
 */
export type Scenario = (() => Coroutine<unknown>) | (() => PromiseLike<unknown>);

/** How one run failed. @internal */
export interface RunFailure {
  readonly kind: FailureKind;
  readonly cause: unknown;
  /** One line: what went wrong, for the failure's headline. */
  readonly summary: string;
}

/** What one run did. @internal */
export interface RunOutcome {
  readonly failure: RunFailure | null;
  readonly steps: number;
  readonly points: number;
  readonly deviations: readonly Deviation[];
  /** Equal for runs that made the same choices. */
  readonly hash: number;
}

/** One run's settings. @internal */
export interface RunSpec {
  readonly scenario: Scenario;
  readonly name: string;
  readonly policy: ChoicePolicy;
  readonly maxSteps: number;
  /** Records the interleaving (reporting and replay only). */
  readonly recorder?: Recorder | null;
}

/** Math.random() inside every run starts from this seed, so data is the same in every run. */
const RANDOM_SEED = 0x5eed;

/** The run in progress: its loop, its failure, its step. */
class Run implements ActiveRun {
  loop!: Loop;
  scheduler!: ExploreScheduler;
  inPass = false;
  failure: RunFailure | null = null;
  readonly recorder: Recorder | null;
  readonly #random = new Prng(RANDOM_SEED);

  constructor(recorder: Recorder | null) {
    this.recorder = recorder;
  }

  step(): number {
    return this.scheduler.steps;
  }

  fail(kind: FailureKind, cause: unknown, summary = summarize(cause)): void {
    if (this.failure !== null) return;
    this.failure = { kind, cause, summary };
    if (this.loop.isRunning()) this.loop.stop();
  }

  note(text: string): void {
    this.recorder?.note(text);
  }

  random(): number {
    return this.#random.next();
  }

  /** Anything reported through the loop's exception handler fails the run. */
  reported(context: ExceptionContext): void {
    const cause = context.exception ?? new Error(context.message);
    const summary =
      context.exception === undefined
        ? context.message
        : `${context.message}: ${summarize(context.exception)}`;
    this.fail("unretrieved", cause, summary);
  }

  /** Marks the passes (scenario code runs inside them) and refuses outside work. */
  readonly instrument: Instrument = {
    passStarted: () => {
      this.inPass = true;
    },
    passEnded: () => {
      this.inPass = false;
    },
    outsideWork: (what) => {
      // An async function task's first step adopts its own promise: that is how it runs, not I/O.
      const entry = this.inPass ? this.scheduler.running : null;
      if (entry instanceof Task && entry.getCoro() === null) return;
      const error = new NondeterminismError(
        `${what} began inside an explored scenario: its outcome arrives in real time, so no schedule of it can be explored or replayed; keep I/O, executors and foreign promises out of scenarios (pass their results in, or fake them with spindle primitives)`,
        what,
      );
      this.fail("nondeterminism", error);
    },
  };
}

/**
 * Runs the scenario once under `spec.policy`: a new loop on a VirtualClock with the explorer's
 * scheduler, the determinism guard on while it runs; leftover tasks are cancelled and unwound as
 * `run()` does, and the loop is closed. Everything patched is restored, even when it throws.
 * @internal
 */
export async function runOnce(spec: RunSpec): Promise<RunOutcome> {
  const recorder = spec.recorder ?? null;
  const run = new Run(recorder);
  const scheduler = new ExploreScheduler(spec.policy, spec.maxSteps, () =>
    run.fail(
      "livelock",
      new Error(
        `the run passed maxSteps (${spec.maxSteps} steps) without finishing: a livelock, or a scenario longer than maxSteps allows (raise it)`,
      ),
    ),
  );
  scheduler.listener = recorder;
  run.scheduler = scheduler;
  const loop = newEventLoop({ clock: new VirtualClock(), scheduler });
  run.loop = loop;
  loop.setExceptionHandler((_loop, context) => run.reported(context));
  loop.addInstrument(run.instrument);
  if (recorder !== null) loop.addInstrument(recorder.instrument);
  current.run = run;
  install();
  try {
    const main = loop.createTask(spec.scenario, { name: spec.name });
    const done = started(loop, main); // throws at once if another loop runs in this thread
    try {
      await done;
    } catch (error) {
      // A failure recorded first (a lost update, a refused timer) stopped the loop: it counts.
      run.fail(error instanceof DeadlockError ? "deadlock" : "error", error);
    }
    if (run.failure === null) await shutDown(loop, run);
  } finally {
    try {
      loop.close(); // reports failures nobody retrieved: they fail the run
    } finally {
      uninstall();
      current.run = null;
    }
  }
  return {
    failure: run.failure,
    steps: scheduler.steps,
    points: scheduler.points,
    deviations: scheduler.deviations,
    hash: scheduler.hash,
  };
}

/**
 * `loop.runUntilComplete(main)`; when another loop already runs in this thread it throws at once
 * (before any of the scenario ran), which is the caller's mistake, not the scenario's failure.
 */
function started(loop: Loop, main: Task<unknown>): Promise<unknown> {
  try {
    return loop.runUntilComplete(main);
  } catch (error) {
    throw new RuntimeError(
      "explore() and replay() cannot run while a loop runs in this thread (are they called from a task, or while a run() is in progress?); call them from ordinary async code, such as a test function",
      { cause: error },
    );
  }
}

/** Cancels the tasks the scenario left behind and lets them unwind, as `run()` does. */
async function shutDown(loop: Loop, run: Run): Promise<void> {
  const leftovers = loop.liveTasks();
  if (leftovers.length === 0) return;
  for (const task of leftovers) task.cancel("the scenario returned before this task finished");
  const unwind = function* (): Coroutine<void> {
    for (const task of leftovers) {
      try {
        yield* task;
      } catch (error) {
        if (!(error instanceof CancelledError)) run.fail("error", error);
      }
    }
  };
  try {
    await loop.runUntilComplete(unwind());
  } catch (error) {
    run.fail(error instanceof DeadlockError ? "deadlock" : "error", error);
  }
}

/** One number per schedule: its deviations' hash, and how many choice points it met. @internal */
export function scheduleKey(out: RunOutcome): number {
  return out.hash * 0x100000 + (out.points & 0xfffff);
}
