// How a workload is described to the runner: which implementations measure it, which metrics
// to show, and which targets spindle must meet. The same file that holds a workload's cases
// exports its description, so a workload is one file.
import type { Params } from "./case.js";

/** How to print a metric, and which direction is good. */
export type Unit = "rate" | "ms" | "µs" | "MB" | "bytes" | "count" | "ratio";

export interface Metric {
  /** Key in the samples a case returns (or PEAK_RSS_MB, filled in from the child report). */
  key: string;
  /** Column text, e.g. "switches/s". */
  label: string;
  unit: Unit;
  better: "higher" | "lower";
  /** Grows with the run's size (memory): ratios only between runs with the same params. */
  sizeDependent?: boolean;
}

/** Peak RSS of the child process, for workloads that list it among their metrics. */
export const PEAK_RSS_MB = "peakRssMB";

export interface Impl {
  /** Short stable key that targets refer to. */
  id: string;
  /** What the table prints. */
  label: string;
  /** spindle rows are the reference: every peer's ratio is spindle / peer. */
  spindle: boolean;
  runner: { kind: "node"; module: string } | { kind: "python"; script: string };
  case: string;
  params: Params;
  warmup: number;
  reps: number;
}

/** `value op limit` must hold; for a ratio target, value is spindle / peer. */
export interface Bound {
  op: ">=" | "<=";
  limit: number;
}

export interface Target {
  /** The row the target is printed on. */
  impl: string;
  metric: string;
  /** Compare spindle / this peer (against every spindle row that has the metric)… */
  ratio?: Bound;
  /** …or compare this row's own median to an absolute limit. */
  value?: Bound;
}

export interface Workload {
  id: string;
  title: string;
  metrics: Metric[];
  impls: Impl[];
  targets: Target[];
  /** A sample key that must be equal across implementations (proves they got the same input). */
  checksum?: string;
}

interface ImplOptions {
  spindle?: boolean;
  warmup?: number;
  reps?: number;
}

/** Default repetitions: enough for a stable median, few enough for a bounded suite. */
const REPS = 5;

/** An implementation measured by `cases[caseName]` of the compiled module at `module`. */
export function nodeImpl(
  id: string,
  label: string,
  module: string,
  caseName: string,
  params: Params,
  options: ImplOptions = {},
): Impl {
  return {
    id,
    label,
    spindle: options.spindle ?? false,
    runner: { kind: "node", module },
    case: caseName,
    params,
    warmup: options.warmup ?? 1,
    reps: options.reps ?? REPS,
  };
}

/** An implementation measured by `bench/python/<script> <caseName>`. */
export function pythonImpl(
  id: string,
  label: string,
  script: string,
  caseName: string,
  params: Params,
  options: ImplOptions = {},
): Impl {
  return {
    id,
    label,
    spindle: false,
    runner: { kind: "python", script },
    case: caseName,
    params,
    warmup: options.warmup ?? 1,
    reps: options.reps ?? REPS,
  };
}
