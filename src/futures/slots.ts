/**
 * Job status in shared memory, so that `done()` is true the moment a worker finishes — before the
 * main thread has read any message — and so that `cancel()` of a queued job and `isCancelled()`
 * inside a running one need no message either.
 *
 * Slots live in chunks of {@link CHUNK_SLOTS}; each slot is two Int32s:
 *
 *     chunk: [ status | cancel ][ status | cancel ] …      status: PENDING → RUNNING → FINISHED
 *                                                                 PENDING → CANCELLED (main, CAS)
 *
 * The worker claims a job with CAS PENDING → RUNNING, and `cancel()` with CAS PENDING → CANCELLED,
 * so exactly one of them wins. A slot is recycled only after its worker acknowledged the job (or
 * the job never left the main thread), so a worker never reads a slot that meanwhile belongs to
 * another job.
 * @internal
 */
export const PENDING = 0;
/** @internal */
export const RUNNING = 1;
/** @internal */
export const FINISHED = 2;
/** @internal */
export const CANCELLED = 3;
/** Slots per shared chunk. @internal */
export const CHUNK_SLOTS = 1024;

/**
 * The pool-wide signal words: [posts, sleepers]. A worker bumps `posts` after posting answers and
 * notifies only while a thread sleeps in resultSync() (`sleepers` > 0). @internal
 */
export const SIGNAL_COMPLETIONS = 0;
/** @internal */
export const SIGNAL_SLEEPERS = 1;

/** A slot's address: chunk number and index within it. @internal */
export interface Slot {
  readonly chunk: number;
  readonly index: number;
  readonly view: Int32Array;
}

/**
 * Hands out and takes back slots; tells the owner about each new chunk (workers must receive a
 * chunk before any job that refers to it; messages on one port keep their order).
 * @internal
 */
export class SlotTable {
  readonly chunks: SharedArrayBuffer[] = [];
  readonly #views: Int32Array[] = [];
  readonly #free: number[] = [];
  readonly #onChunk: (id: number, buffer: SharedArrayBuffer) => void;

  constructor(onChunk: (id: number, buffer: SharedArrayBuffer) => void) {
    this.#onChunk = onChunk;
  }

  /** A fresh slot, its status PENDING and its cancel flag clear. */
  take(): Slot {
    if (this.#free.length === 0) this.#grow();
    const id = this.#free.pop() as number;
    const chunk = (id / CHUNK_SLOTS) | 0;
    const index = id % CHUNK_SLOTS;
    const view = this.#views[chunk] as Int32Array;
    Atomics.store(view, index * 2, PENDING);
    Atomics.store(view, index * 2 + 1, 0);
    return { chunk, index, view };
  }

  /** Returns a slot that no worker will read again. */
  give(slot: Slot): void {
    this.#free.push(slot.chunk * CHUNK_SLOTS + slot.index);
  }

  #grow(): void {
    const id = this.chunks.length;
    const buffer = new SharedArrayBuffer(CHUNK_SLOTS * 2 * 4);
    this.chunks.push(buffer);
    this.#views.push(new Int32Array(buffer));
    for (let i = CHUNK_SLOTS - 1; i >= 0; i--) this.#free.push(id * CHUNK_SLOTS + i);
    this.#onChunk(id, buffer);
  }
}
