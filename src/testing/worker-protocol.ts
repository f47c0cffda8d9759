/**
 * What `explore` with `workers` says to its worker threads and hears back.
 * @internal
 * @module
 */

/** A worker's share of an exploration: runs first, first + stride, … below runs. */
export interface WorkerPlan {
  readonly module: string;
  readonly exportName: string;
  readonly seed: number;
  readonly strategy: "pct" | "random";
  readonly depth: number;
  readonly maxSteps: number;
  readonly bound: number;
  readonly runs: number;
  readonly first: number;
  readonly stride: number;
}

/** Progress now and then; at the end, its schedules' keys, and the run that failed if one did. */
export type WorkerMessage =
  | { readonly type: "progress"; readonly done: number }
  | { readonly type: "done"; readonly done: number; readonly keys: Float64Array }
  | {
      readonly type: "failed";
      readonly done: number;
      readonly keys: Float64Array;
      readonly run: number;
    };
