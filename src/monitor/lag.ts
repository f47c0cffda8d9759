import { type IntervalHistogram, monitorEventLoopDelay } from "node:perf_hooks";
import type { LagSnapshot } from "./types.js";

/**
 * Loop lag: how late Node's event loop ran its timers (spindle's loop runs inside it, so a long
 * step shows here), from Node's own sampler. It runs only while some monitor consumer wants it;
 * each read covers the time since the previous one.
 */
let histogram: IntervalHistogram | null = null;
let users = 0;

/** Starts measuring (counted); returns the function that stops this user's measuring. */
export function measureLag(): () => void {
  users++;
  if (histogram === null) {
    histogram = monitorEventLoopDelay({ resolution: 10 });
    histogram.enable();
  }
  let stopped = false;
  return () => {
    if (stopped) return;
    stopped = true;
    if (--users === 0 && histogram !== null) {
      histogram.disable();
      histogram = null;
    }
  };
}

/** The lag since the last read, in seconds, or null while nobody measures. */
export function readLag(): LagSnapshot | null {
  if (histogram === null || histogram.count === 0) return null;
  const lag = {
    p50: histogram.percentile(50) / 1e9,
    p99: histogram.percentile(99) / 1e9,
    max: histogram.max / 1e9,
  };
  histogram.reset();
  return lag;
}
