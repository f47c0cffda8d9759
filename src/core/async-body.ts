import { CancelledError } from "./errors.js";

/**
 * What a task made from an async function runs: the function until it starts, then the switch
 * that aborts its signal. An async function cannot be interrupted mid-await; cancelling its task
 * fires the signal, and the task ends when the function's promise settles.
 * @internal
 */
export class AsyncBody<T> {
  #start: ((signal: AbortSignal) => PromiseLike<T>) | null;
  #abort: AbortController | null = null;

  constructor(start: (signal: AbortSignal) => PromiseLike<T>) {
    this.#start = start;
  }

  /** Whether it was started (and so has work to wait for when cancelled). */
  get started(): boolean {
    return this.#abort !== null;
  }

  /** Calls the function, once; null if it was cancelled before it started. May throw. */
  start(): PromiseLike<T> | null {
    const start = this.#start;
    if (start === null) return null;
    this.#start = null;
    this.#abort = new AbortController();
    return start(this.#abort.signal);
  }

  /** Cancels: a started function's signal fires; one not started yet never starts. */
  abort(message: string | undefined): void {
    this.#start = null;
    const abort = this.#abort;
    if (abort !== null && !abort.signal.aborted) abort.abort(new CancelledError(message));
  }

  /** Whether `error`, the function's rejection, is its answer to our abort. */
  isAbortAnswer(error: unknown): boolean {
    const signal = this.#abort?.signal;
    if (signal === undefined || !signal.aborted) return false;
    return (
      error === signal.reason ||
      error instanceof CancelledError ||
      (error instanceof Error && error.name === "AbortError")
    );
  }
}
