// One clock for every Node measurement: monotonic, sub-millisecond (performance.now, in ms).
// spindle itself counts seconds; benchmark code stays in milliseconds and converts at the API.
import { performance } from "node:perf_hooks";

/** Milliseconds since process start, monotonic. */
export function nowMs(): number {
  return performance.now();
}

/** Runs `body` once and returns its wall time in seconds. */
export async function timeSeconds(body: () => Promise<unknown>): Promise<number> {
  const t0 = performance.now();
  await body();
  return (performance.now() - t0) / 1000;
}
