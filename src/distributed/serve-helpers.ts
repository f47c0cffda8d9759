// Small pieces of the worker side (serve.ts) that need none of its state.

/** BullMQ's signal that the processor moved its job back to waiting itself. */
export function isWaiting(error: unknown): boolean {
  return (error as Error)?.name === "WaitingError";
}

/** BullMQ reports each failed reconnection; the give-up message says it once. */
export function isConnectionNoise(error: Error & { code?: string }): boolean {
  return (
    error.code === "ECONNREFUSED" ||
    error.code === "ECONNRESET" ||
    /Connection is closed|ECONNREFUSED/.test(error.message)
  );
}

/** Whether a job's return value is a promise to wait for. */
export function isThenable(v: unknown): boolean {
  return (
    v !== null && typeof v === "object" && typeof (v as { then?: unknown }).then === "function"
  );
}

/**
 * A chunk of map() run on a pool thread (sent as source: self-contained). Imports the function in
 * the thread, as the pool does for { module, name }.
 */
export async function runChunk(
  ref: { module: string; name: string },
  mode: number,
  items: unknown[],
) {
  const mod = (await import(ref.module)) as Record<string, (...args: unknown[]) => unknown>;
  const fn = mod[ref.name] as (...args: unknown[]) => unknown;
  const out =
    mode === 1 ? (items as unknown[][]).map((args) => fn(...args)) : items.map((x) => fn(x));
  return Promise.all(out);
}
