/**
 * The errors of `spindle/testing`. Each carries its data as fields; each message says what
 * happened and what to do.
 * @module
 */

/**
 * How a run failed: the scenario threw (an `assert` included), deadlocked, left an exception
 * nobody retrieved (or anything else reported through the loop's exception handler), lost an
 * update to a `shared()` cell, ran past `maxSteps`, or did something no schedule can replay.
 * @example
 * if (failure.kind === "deadlock") console.log((failure.cause as DeadlockError).cycle);
 */
export type FailureKind =
  | "error"
  | "deadlock"
  | "unretrieved"
  | "lost-update"
  | "livelock"
  | "nondeterminism";

/** What a {@link ScheduleFailure} carries besides its message. @internal */
export interface ScheduleFailureData {
  readonly kind: FailureKind;
  readonly seed: number;
  readonly run: number;
  readonly strategy: "pct" | "random";
  readonly schedule: string;
  readonly interleaving: string;
  readonly steps: number;
  readonly deviations: number;
  readonly cause: unknown;
}

/**
 * A schedule under which the scenario fails, found by `explore` (or reproduced by `replay`). Its
 * message shows the interleaving — one column per task, one row per step, what each task did and
 * what it waited on — and the `replay(...)` call that runs exactly this schedule again.
 * @example
 * try {
 *   await explore(bank);
 * } catch (error) {
 *   if (error instanceof ScheduleFailure) console.log(error.schedule, error.cause);
 * }
 */
export class ScheduleFailure extends Error {
  override name = "ScheduleFailure";
  /** What went wrong, in one word. */
  readonly kind: FailureKind;
  /** The exploration's seed. */
  readonly seed: number;
  /** Which run (from 1; run 1 is the default FIFO order) failed first. */
  readonly run: number;
  /** The strategy that found it. */
  readonly strategy: "pct" | "random";
  /** The replay token: `replay(scenario, failure.schedule)` runs exactly this schedule. */
  readonly schedule: string;
  /** The readable table of the failing run (also in the message; not enumerable, so printing
   * the error does not show it twice). */
  declare readonly interleaving: string;
  /** Entries (task steps and callbacks) the failing run ran. */
  readonly steps: number;
  /** How many times the schedule departs from the default order (after shrinking). */
  readonly deviations: number;
  /** The scenario's own error (a `DeadlockError`, a `LostUpdateError`, an assertion…). */
  declare readonly cause: unknown;

  /** @internal Made by explore() and replay(). */
  constructor(message: string, data: ScheduleFailureData) {
    super(message, { cause: data.cause });
    this.kind = data.kind;
    this.seed = data.seed;
    this.run = data.run;
    this.strategy = data.strategy;
    this.schedule = data.schedule;
    Object.defineProperty(this, "interleaving", { value: data.interleaving, enumerable: false });
    this.steps = data.steps;
    this.deviations = data.deviations;
  }
}

/**
 * `replay()` could not follow the token: the program (or the scenario) is not the one the token
 * was recorded from. The message names the step where the run left the recorded schedule.
 * @example
 * try { await replay(bank, token); } catch (e) { if (e instanceof ScheduleDivergence) console.log(e.step); }
 */
export class ScheduleDivergence extends Error {
  override name = "ScheduleDivergence";
  /** The step (from 1) where the run no longer matched the token, or null when only the end differed. */
  readonly step: number | null;
  /** Whether the scenario's source is the one the token was recorded from (false: another
   * scenario, or this one edited). */
  readonly sameSource: boolean;
  /** The interleaving of the replayed run, up to where it stopped (also in the message). */
  declare readonly interleaving: string;

  /** @internal Made by replay(). */
  constructor(message: string, step: number | null, sameSource: boolean, interleaving: string) {
    super(message);
    this.step = step;
    this.sameSource = sameSource;
    Object.defineProperty(this, "interleaving", { value: interleaving, enumerable: false });
  }
}

/**
 * A replay token that is not one: mistyped, truncated, or not made by `explore`. Nothing ran.
 * @example
 * await replay(bank, "sx1.garbage"); // rejects with ScheduleTokenError
 */
export class ScheduleTokenError extends Error {
  override name = "ScheduleTokenError";
}

/** What a {@link LostUpdateError} carries besides its message. @internal */
export interface LostUpdate {
  readonly cell: string;
  readonly task: string;
  readonly read: unknown;
  readonly readStep: number | null;
  readonly other: string;
  readonly otherWrote: unknown;
  readonly otherStep: number | null;
  readonly wrote: unknown;
  readonly step: number | null;
}

/**
 * A `shared()` cell lost an update: task A read it, A suspended, B wrote it, then A wrote a value
 * computed from its stale read, erasing B's write. Under `explore` it fails the run; in a plain
 * `run()` with debug mode it is printed as a warning.
 * @example
 * if (failure.cause instanceof LostUpdateError) console.log(failure.cause.other);
 */
export class LostUpdateError extends Error {
  override name = "LostUpdateError";
  /** The cell's name. */
  readonly cell: string;
  /** The task whose write erased the other's ("a callback" outside any task). */
  readonly task: string;
  /** What it had read. */
  readonly read: unknown;
  /** The step of that read (from 1; null outside `explore`). */
  readonly readStep: number | null;
  /** The task whose update was lost. */
  readonly other: string;
  /** What that task wrote. */
  readonly otherWrote: unknown;
  /** The step of that write. */
  readonly otherStep: number | null;
  /** What the stale write wrote. */
  readonly wrote: unknown;
  /** The step of the stale write. */
  readonly step: number | null;

  /** @internal Made by shared() cells. */
  constructor(message: string, update: LostUpdate) {
    super(message);
    this.cell = update.cell;
    this.task = update.task;
    this.read = update.read;
    this.readStep = update.readStep;
    this.other = update.other;
    this.otherWrote = update.otherWrote;
    this.otherStep = update.otherStep;
    this.wrote = update.wrote;
    this.step = update.step;
  }
}

/**
 * A scenario under `explore` did something whose outcome depends on real time, so no schedule of
 * it could be replayed: a real timer (`setTimeout`, `setInterval`, `setImmediate`), or real I/O
 * (a Promise, a socket, a worker job: anything the loop waits for from outside).
 * @example
 * // inside an explored scenario:
 * setTimeout(tick, 10); // throws NondeterminismError: use sleep() or loop.callLater()
 */
export class NondeterminismError extends Error {
  override name = "NondeterminismError";
  /** The call or the outside work, as the message names it. */
  readonly what: string;

  /** @internal Made by the determinism guard. */
  constructor(message: string, what: string) {
    super(message);
    this.what = what;
  }
}
