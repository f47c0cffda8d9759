// The distributed face's own errors (the kernel's CancelledError, TimeoutError and BrokenExecutor
// are re-exported beside them). Each message says what happened and what to do.

/**
 * A job's worker was lost while it ran (killed, crashed, or its event loop blocked past the lock
 * duration), and the job declared itself not retryable (`submitWith({ retryable: false })`), so
 * it was failed instead of run a second time; or a retryable job was lost more often than the
 * workers' `--max-stalled-count`.
 * @example
 * try { await pool.submitWith({ retryable: false }, charge, order); }
 * catch (e) { if (e instanceof WorkerLostError) await reconcile(order); }
 */
export class WorkerLostError extends Error {
  override name = "WorkerLostError";
}

/**
 * Redis could not be reached within the executor's `connectTimeout` (or the connection was lost
 * for longer than that): the message names the host and port.
 * @example
 * catch (e) { if (e instanceof RedisConnectionError) console.log("is redis-server running?"); }
 */
export class RedisConnectionError extends Error {
  override name = "RedisConnectionError";
}
