/**
 * Which job this thread is running, so that `isCancelled()` can read its cancel flag.
 * @internal
 */
let view: Int32Array | null = null;
let index = 0;
/** Set by a "cancel" message (process workers, which have no shared slot). */
let flagged = false;

/** The worker sets the current job's slot before calling it. @internal */
export function setCurrentJob(chunk: Int32Array | null, slot: number): void {
  view = chunk;
  index = slot;
  flagged = false;
}

/** The current job was asked to stop by message. @internal */
export function flagCurrentJob(): void {
  flagged = true;
}

/**
 * Inside a job running in a pool worker: whether the submitter called `cancel()` on its future
 * while it was running. Long jobs poll it and stop early (cooperative cancellation). Outside a
 * job it is false. Functions sent as source call it as a global; imported ones import it.
 * In a process pool the request arrives as a message, so a synchronous job never sees it (its
 * process reads no messages while it runs): only an async job, between awaits, does.
 * @example
 * export function crunch(n: number) {
 *   for (let i = 0; i < n; i++) { if (i % 1000 === 0 && isCancelled()) return "stopped"; work(i); }
 * }
 */
export function isCancelled(): boolean {
  return flagged || (view !== null && Atomics.load(view, index * 2 + 1) === 1);
}
