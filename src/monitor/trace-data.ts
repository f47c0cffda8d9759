import type { Lint } from "./types.js";

// The data of a finished trace, as its renderings (Chrome JSON, HTML) read it.

/**
 * One event of a trace, decoded. Times are milliseconds since the trace's origin.
 * @example
 * const steps = trace.events.filter((e) => e.kind === "step");
 */
export interface TraceEvent {
  kind: "spawn" | "step" | "wake" | "cancel" | "done" | "idle" | "job";
  /** The loop's number in the recording (1, 2, … in the order loops were first seen; 0: pools). */
  loop: number;
  /** The task's number on its loop (0 for idle periods); for a pool job, its worker's lane. */
  task: number;
  /** When it happened (a step: when it began), ms since the origin. */
  at: number;
  /** A step's or idle period's length, ms (0 for the others). */
  duration: number;
  /** spawn: the parent's number (0: none); wake: the waker's (0: a callback or I/O); cancel: who asked (0: outside a task); job: the worker's number in its pool. */
  other: number;
  /** step: how it ended: "yielded", "blocked", "finished" or "unmarked" (an async function's first step); job: "finished" or "failed". */
  ended: "yielded" | "blocked" | "finished" | "unmarked" | "failed" | null;
  /** step that blocked: the wait's label; job: the pool's name ("?" once the string table was full). */
  label: string | null;
}

/**
 * A lane of the trace: one task, with its name (the last one seen).
 * @example
 * for (const lane of trace.lanes) console.log(lane.loop, lane.task, lane.name, lane.steps);
 */
export interface TraceLane {
  loop: number;
  task: number;
  name: string;
  /** Its parent's number, when its spawn is in the trace (0 otherwise). */
  parent: number;
  steps: number;
  /** Milliseconds of its steps in the trace. */
  busy: number;
}

/**
 * A lint in a trace: found when the recording stopped (tasks still alive then), or while it ran
 * (a slow step, a cancellation that took over a second to finish).
 * @example
 * for (const lint of trace.lints) console.log(lint.kind, lint.message);
 */
export interface TraceLint extends Lint {
  /** The loop's number in the recording. */
  loop: number;
  /** When (ms since the trace's origin): the step, the cancellation, or the end of the trace. */
  at: number;
}

/** What the renderings need of a trace. */
export interface TraceData {
  readonly events: readonly TraceEvent[];
  readonly lanes: readonly TraceLane[];
  readonly recorded: number;
  readonly dropped: number;
  readonly capacity: number;
  readonly loops: number;
  readonly slowCallbackDuration: readonly number[];
  readonly originWall: number;
  readonly span: number;
  readonly lints: readonly TraceLint[];
}
