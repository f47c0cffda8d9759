import type { NodeTimer } from "../core/internal.js";
import type { FunctionRef } from "../threading/internal.js";
import type { Future } from "./future.js";
import type { Slot } from "./slots.js";

/**
 * How a job's `args` are laid out: 0, `fn(...args)`; 1, a chunk of argument lists (map's
 * chunksize over several iterables); 2, a chunk of single arguments (map over one iterable: a
 * flat array clones about ten times faster than an array of one-element arrays). @internal
 */
export type JobMode = 0 | 1 | 2;

/** A submitted job as the pool tracks it until its answer arrives. @internal */
export interface Job {
  readonly id: number;
  readonly future: Future<unknown>;
  readonly slot: Slot;
  readonly fnId: number;
  readonly ref: FunctionRef;
  readonly mode: JobMode;
  readonly args: unknown[];
  /** Seconds it may run (Infinity: no limit); a job is never queued with 0 or less. */
  readonly timeout: number;
  /** ArrayBuffers moved (not copied) into the worker with the job, or null. */
  readonly transfer: ArrayBuffer[] | null;
  /** The timeout's timer. */
  timer: NodeTimer | null;
  /** The cancel grace period's timer, once cancel() asked the running job to stop. */
  grace: NodeTimer | null;
}
