// The contract between the parent (which plans and reports) and a child process (which measures).
// Every measurement runs in a fresh process so that JIT state, heap garbage and peak RSS of one
// implementation never leak into another's numbers.

/** One repetition's measurements: metric key -> value (ops/s, ms, bytes…). */
export type Sample = Record<string, number>;

/** Numeric knobs of a case (counts, seeds). Plain JSON so it crosses the process boundary. */
export type Params = Record<string, number>;

/** A prepared benchmark body, called once per repetition (warm-up included). */
export type Body = () => Promise<Sample>;

/**
 * Builds a body. Imports and allocations happen here, outside every timed region; libraries are
 * imported lazily inside the factory so a child process only loads the library it measures
 * (otherwise effect's module graph would inflate the raw-Promise child's RSS).
 */
export type CaseFactory = (params: Params) => Promise<Body>;

/** What a child process (Node or Python) prints, on one line after {@link RESULT_MARKER}. */
export interface ChildReport {
  samples: Sample[];
  /** Peak resident set size of the whole child process over its life, in KiB. */
  maxRssKB: number;
  /** RSS after imports and setup, before the first run, in KiB. */
  baseRssKB: number;
}

/** How many runs a child does: warm-ups are discarded, repetitions are reported. */
export interface RunPlan {
  params: Params;
  warmup: number;
  reps: number;
  /**
   * Force a full GC before each repetition, so one run's garbage is not collected on the next
   * run's clock. Off (`--no-gc`) shows the library as a long-lived program sees it.
   */
  gc: boolean;
}

/** Prefix of the result line, so stray output of a library cannot be mistaken for the result. */
export const RESULT_MARKER = "@@spindle-bench-result ";
